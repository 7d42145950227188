"""The event lexicon: verb patterns such as "hold talk with TARGET" -> CAMEO 046, and event
nouns such as "attack (on X)" -> 190 for nominal events ("Russia's attack on Ukraine")."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import KnowledgeBaseError
from .codebook import Codebook

# Words that, right before TARGET, make the target the object of a preposition.
PREPOSITIONS = frozenset({
    "about", "above", "across", "after", "against", "along", "among", "amid", "around", "as",
    "at", "before", "behind", "beneath", "beside", "between", "beyond", "by", "despite", "during",
    "for", "from", "in", "inside", "into", "near", "of", "on", "onto", "outside", "over", "past",
    "since", "than", "through", "throughout", "to", "toward", "towards", "under", "until", "upon",
    "via", "with", "within", "without"
})


@dataclass(frozen=True)
class Pattern:
    """One lexicon line: verb lemma, required dependent lemmas, and where the target sits."""

    code: str
    text: str
    verb: str
    required: tuple[str, ...]
    prep: str | None  # None: the target is the direct object

    @property
    def specificity(self) -> int:
        """More required words (and a preposition) make a more specific pattern."""
        return 2 * len(self.required) + (1 if self.prep else 0)


def parse_pattern(code: str, text: str) -> Pattern:
    """Parse 'VERB [WORD...] [PREP] TARGET [CONTEXT...]' into a Pattern."""
    words = text.split()
    if words.count("TARGET") != 1 or words[0] == "TARGET":
        raise ValueError(f"pattern {text!r} needs one TARGET after the verb")
    before = words[:words.index("TARGET")]
    verb, rest = before[0], before[1:]
    prep = None
    if rest and rest[-1] in PREPOSITIONS:
        prep = rest.pop()
    return Pattern(code=code, text=text, verb=verb, required=tuple(rest), prep=prep)


@dataclass(frozen=True)
class EventNoun:
    """A noun that names an event, and how its phrase names the two sides."""

    noun: str
    code: str
    of_names: str  # "source" ("the visit of X") or "target" ("the blockade of X")
    target_preps: frozenset[str]  # "attack on X", "visit to X"
    mutual: bool  # "talks between A and B" name both sides


class Lexicon:
    """Patterns indexed by verb lemma, most specific first; event nouns by lemma."""

    def __init__(self, patterns: list[Pattern], nouns: list[EventNoun] | None = None) -> None:
        """Index patterns by their verb and event nouns by their lemma."""
        self.nouns = {n.noun: n for n in nouns or []}
        self.by_verb: dict[str, list[Pattern]] = {}
        for pattern in patterns:
            self.by_verb.setdefault(pattern.verb, []).append(pattern)
        for group in self.by_verb.values():
            group.sort(key=lambda p: -p.specificity)

    def __len__(self) -> int:
        """Number of patterns."""
        return sum(len(group) for group in self.by_verb.values())

    def for_verb(self, lemma: str) -> list[Pattern]:
        """Patterns whose verb is this lemma."""
        return self.by_verb.get(lemma, [])

    def default_code(self, lemma: str) -> str | None:
        """The code a verb carries on its own: that of its least specific pattern."""
        patterns = self.by_verb.get(lemma)
        return min(patterns, key=lambda p: p.specificity).code if patterns else None


@lru_cache(maxsize=1)
def load_lexicon(codebook: Codebook) -> Lexicon:
    """Load events/codebooks/verbs.tsv and nouns.tsv, checking each code against the
    codebook."""
    patterns: list[Pattern] = []
    for n, row in _rows("verbs.tsv"):
        code, text = row[0], row[1] if len(row) > 1 else ""
        if code not in codebook:
            raise KnowledgeBaseError(f"verbs.tsv line {n}: unknown CAMEO code {code!r}")
        try:
            patterns.append(parse_pattern(code, text.strip()))
        except ValueError as exc:
            raise KnowledgeBaseError(f"verbs.tsv line {n}: {exc}") from None
    nouns: list[EventNoun] = []
    for n, row in _rows("nouns.tsv"):
        if len(row) != 5 or row[1] not in codebook or row[2] not in {"source", "target"}:
            raise KnowledgeBaseError(f"nouns.tsv line {n}: expected noun, a known CAMEO code, "
                                     f"source|target, prepositions, yes|no")
        nouns.append(EventNoun(noun=row[0], code=row[1], of_names=row[2],
                               target_preps=frozenset(row[3].split(",")),
                               mutual=row[4] == "yes"))
    return Lexicon(patterns, nouns)


def _rows(name: str) -> list[tuple[int, list[str]]]:
    """The numbered data rows of a packaged lexicon file (comments and header skipped)."""
    source = resources.files("communique.events.codebooks").joinpath(name)
    return [(n, line.split("\t")) for n, line in
            enumerate(source.read_text("utf-8").splitlines(), start=1)
            if line.strip() and not line.startswith("#") and not line.startswith(("code\t",
                                                                                   "noun\t"))]
