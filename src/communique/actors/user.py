"""Users' own actor files: YAML or CSV entries, and PETRARCH/Phoenix `.actors.txt` dictionaries.

Every entry becomes a named actor with one or more (optionally dated) codes, and overrides any
packaged entry with the same name or alias.

YAML (a list) or CSV (a header row) with these fields:
    name (required), aliases (list or "a|b"), code (CAMEO code, e.g. SYRGOV) or country + sector,
    role, start, end (YYYY-MM-DD)
"""

from __future__ import annotations

import csv
import io
import re
import reprlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from ..errors import IngestError, KnowledgeBaseError
from ..ingest.decode import clean_line, decode_bytes
from .kb import KnowledgeBase, Role, add_person

_CODE = re.compile(r"\[\s*([A-Z0-9]{3,})\s*(?:([<>]?)(\d{8})(?:\s*-\s*(\d{8}))?)?\s*\]")
# The biggest published actor dictionaries are a few megabytes.
MAX_FILE_MB = 64
# Longer than any actor's name; a longer one is a file built wrongly.
MAX_NAME_CHARS = 200
_CAMEO_CODE = re.compile(r"[A-Z0-9-]{3,30}")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def role_from_code(kb: KnowledgeBase, code: str, role: str = "",
                   start: date | None = None, end: date | None = None) -> Role:
    """Split a CAMEO code into country and sector when it starts with a known state."""
    code = code.strip().upper()
    if code[:3] in kb.country_names:
        return Role(country=code[:3], sector=code[3:] or None, role=role, start=start, end=end)
    return Role(country=code, sector=None, role=role, start=start, end=end)


def load_user_actors(kb: KnowledgeBase, path: Path) -> int:
    """Load one user file into the KB (format by suffix); returns the number of entries."""
    name = path.name.lower()
    if not name.endswith((".yaml", ".yml", ".csv", ".tsv", ".txt")):
        raise KnowledgeBaseError(f"actor file '{path}': use .yaml, .csv, .tsv or a PETRARCH "
                                 ".actors.txt file", code="C303")
    text = _read(path)
    if name.endswith((".yaml", ".yml")):
        return _load_records(kb, path, _yaml_records(text, path))
    if name.endswith((".csv", ".tsv")):
        return _load_records(kb, path, _csv_records(text, path, "\t" if name.endswith(".tsv")
                                                    else ","))
    return load_petrarch(kb, text, path)


def _read(path: Path) -> str:
    """The file's text, decoded like any input (UTF-8, UTF-16, Windows-1252)."""
    try:
        if not path.is_file():
            raise KnowledgeBaseError(f"cannot read actor file '{path}': not a file",
                                     code="C302")
        if path.stat().st_size > MAX_FILE_MB * 2**20:
            raise KnowledgeBaseError(f"actor file '{path}' is larger than {MAX_FILE_MB} MB",
                                     code="C302")
        return decode_bytes(path.read_bytes(), str(path))
    except OSError as exc:
        raise KnowledgeBaseError(f"cannot read actor file '{path}': {exc.strerror or exc}",
                                 code="C302") from None
    except IngestError as exc:
        problem = "binary content, not text" if exc.code == "C103" else exc.problem
        raise KnowledgeBaseError(f"actor file '{path}': {problem}", code="C302") from None


def _csv_records(text: str, path: Path, delimiter: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as exc:
        raise KnowledgeBaseError(f"actor file '{path}' line {reader.reader.line_num}: {exc}",
                                 code="C304") from None


def _yaml_records(text: str, path: Path) -> list[Any]:
    try:
        records = yaml.load(text, Loader=_LOADER)  # a safe loader: plain data, no objects
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"actor file '{path}' is not valid YAML: {exc}",
                                 code="C304") from None
    except (ValueError, OverflowError, RecursionError) as exc:  # e.g. a date in the year 0
        raise KnowledgeBaseError(f"actor file '{path}' is not valid YAML: "
                                 f"{type(exc).__name__}: {exc}", code="C304") from None
    if not isinstance(records, list):
        raise KnowledgeBaseError(f"actor file '{path}' must hold a list of entries",
                                 code="C304")
    return records


def _day(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise KnowledgeBaseError(f"{where}: a date must be YYYY-MM-DD, got a "
                                 f"{type(value).__name__}", code="C305")
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise KnowledgeBaseError(f"{where}: {reprlib.repr(value)} is not a YYYY-MM-DD date",
                                 code="C305") from None


def _text(value: Any, field: str, where: str) -> str:
    """A scalar field as clean one-line text ('' when absent); lists and maps are errors."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise KnowledgeBaseError(f"{where}: '{field}' must be text, got a "
                                 f"{type(value).__name__}", code="C305")
    text = clean_line(str(value))
    if len(text) > MAX_NAME_CHARS:
        raise KnowledgeBaseError(f"{where}: '{field}' is longer than {MAX_NAME_CHARS} "
                                 "characters", code="C305")
    return text


def _aliases(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = value.split("|")
    if value is None:
        return []
    if not isinstance(value, list):
        raise KnowledgeBaseError(f"{where}: 'aliases' must be a list or 'a|b' text, got a "
                                 f"{type(value).__name__}", code="C305")
    return [alias for alias in (_text(a, "aliases", where) for a in value) if alias]


def _load_records(kb: KnowledgeBase, path: Path, records: list[Any]) -> int:
    for n, record in enumerate(records, start=1):
        where = f"actor file '{path}' entry {n}"
        if not isinstance(record, dict):
            raise KnowledgeBaseError(f"{where}: each entry needs a 'name'", code="C305")
        name = _text(record.get("name"), "name", where)
        if not name:
            raise KnowledgeBaseError(f"{where}: each entry needs a 'name'", code="C305")
        aliases = _aliases(record.get("aliases"), where)
        code = (_text(record.get("code"), "code", where) or
                _text(record.get("country"), "country", where) +
                _text(record.get("sector"), "sector", where)).upper()
        if not code:
            raise KnowledgeBaseError(f"{where}: give a 'code' or a 'country'", code="C305")
        if not _CAMEO_CODE.fullmatch(code):
            raise KnowledgeBaseError(f"{where}: code {code!r} is not a CAMEO actor code "
                                     "(letters and digits, e.g. SYRGOV)", code="C305")
        start, end = _day(record.get("start"), where), _day(record.get("end"), where)
        if start and end and end < start:
            raise KnowledgeBaseError(f"{where}: 'end' {end} is before 'start' {start}",
                                     code="C305")
        role = role_from_code(kb, code, _text(record.get("role"), "role", where), start, end)
        add_person(kb, name, aliases, [role], home=role.country, override=True)
    return len(records)


def _petrarch_date(value: str | None) -> date | None:
    return None if not value else date(int(value[:4]), int(value[4:6]), int(value[6:8]))


def load_petrarch(kb: KnowledgeBase, text: str, path: Path) -> int:
    """Load a PETRARCH/Phoenix actor dictionary: NAME_ lines, +SYNONYM_ lines, and [CODE]
    or [CODE >YYYYMMDD], [CODE <YYYYMMDD], [CODE YYYYMMDD-YYYYMMDD] restrictions."""
    entries: list[tuple[str, list[str], list[Role]]] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        stripped = line.strip()
        head = stripped.split("[", 1)[0].strip()
        phrase = _phrase(head[1:] if stripped.startswith("+") else head)
        if head and not phrase:
            raise KnowledgeBaseError(f"{path}:{lineno}: {head!r} names no actor", code="C306")
        if len(phrase) > MAX_NAME_CHARS:
            raise KnowledgeBaseError(f"{path}:{lineno}: actor phrase longer than "
                                     f"{MAX_NAME_CHARS} characters", code="C306")
        if stripped.startswith("+"):
            if not entries:
                raise KnowledgeBaseError(f"{path}:{lineno}: synonym before any actor",
                                         code="C306")
            entries[-1][1].append(phrase)
        elif head:
            entries.append((phrase, [], []))
        for match in _CODE.finditer(stripped):
            if not entries:
                raise KnowledgeBaseError(f"{path}:{lineno}: code before any actor",
                                         code="C306")
            code, sign, first, second = match.groups()
            try:
                start = _petrarch_date(first) if sign in ("", ">") else None
                end = _petrarch_date(second) if second else (
                    _petrarch_date(first) if sign == "<" else None)
            except ValueError:
                raise KnowledgeBaseError(f"{path}:{lineno}: bad date in {match.group(0)}",
                                         code="C306") from None
            entries[-1][2].append(role_from_code(kb, code, "", start, end))
    for name, aliases, roles in entries:
        if roles:
            add_person(kb, name, aliases, roles, home=roles[0].country, override=True)
    return sum(1 for e in entries if e[2])


def _phrase(token: str) -> str:
    """PETRARCH writes phrases as WORDS_JOINED_BY_UNDERSCORES_; turn them into text."""
    words = clean_line(token).strip("_").replace("_", " ").split()
    return " ".join(w.capitalize() if w.isupper() and len(w) > 3 else w for w in words)
