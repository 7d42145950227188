"""The communique exception tree; every message carries a code and says what to do.

    CommuniqueError
    ├── ConfigError          [C0xx] settings and options
    ├── IngestError          [C1xx] reading an input (file, page, feed, corpus line)
    │   └── LanguageSkipped  [C109] a document not in the configured languages (not a failure)
    ├── ParseError           [C2xx] the spaCy pipeline
    ├── KnowledgeBaseError   [C3xx] actor and codebook data files
    ├── CodingError          [C4xx] event coding
    ├── StoreError           [C5xx] the DuckDB store and exports
    └── ServeError           [C6xx] the web dashboard (communique serve)

The library raises; only the CLI turns an error into a message and an exit code.
"""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base class of every error communique raises on purpose."""

    code = "C000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        self.code = code or self.code
        super().__init__(f"[{self.code}] {one_line(message)}")


_MAX_MESSAGE = 500


def one_line(message: str) -> str:
    """A message as one line of at most 500 characters: hostile input cannot flood a terminal."""
    flat = " ".join(message.split())
    return flat if len(flat) <= _MAX_MESSAGE else flat[:_MAX_MESSAGE - 1] + "…"


class ConfigError(CommuniqueError):
    """A setting, option or environment variable is invalid."""

    code = "C001"


class IngestError(CommuniqueError):
    """An input could not be read as a document; names the input and, for corpora, the line."""

    code = "C101"

    def __init__(self, source: str, problem: str, *, line: int | None = None,
                 code: str | None = None) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {problem}", code=code)


class LanguageSkipped(IngestError):
    """A document in a language outside the `languages` setting: skipped, not coded."""

    code = "C109"

    def __init__(self, source: str, doc_id: str, language: str, allowed: tuple[str, ...]) -> None:
        self.doc_id = doc_id
        self.language = language
        super().__init__(source, f"document {doc_id!r} is in language '{language}', not in "
                                 f"languages={','.join(allowed)}; skipped")


class ParseError(CommuniqueError):
    """The spaCy pipeline could not be loaded or run."""

    code = "C201"


class KnowledgeBaseError(CommuniqueError):
    """An actor table or codebook file is missing or malformed."""

    code = "C301"


class CodingError(CommuniqueError):
    """Event coding met an inconsistency (for example an unknown CAMEO code)."""

    code = "C401"


class StoreError(CommuniqueError):
    """The event store could not be opened, written or exported."""

    code = "C501"


class ServeError(CommuniqueError):
    """The web dashboard cannot start (missing front-end assets, bad address)."""

    code = "C601"
