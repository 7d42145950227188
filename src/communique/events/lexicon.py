"""The verb lexicon: dependency patterns such as "hold talk with TARGET" -> CAMEO 046."""

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


class Lexicon:
    """Patterns indexed by verb lemma, most specific first."""

    def __init__(self, patterns: list[Pattern]) -> None:
        """Index patterns by their verb."""
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
    """Load events/codebooks/verbs.tsv, checking each code against the codebook."""
    source = resources.files("communique.events.codebooks").joinpath("verbs.tsv")
    patterns: list[Pattern] = []
    for n, line in enumerate(source.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#") or line.startswith("code\t"):
            continue
        code, _, text = line.partition("\t")
        if code not in codebook:
            raise KnowledgeBaseError(f"verbs.tsv line {n}: unknown CAMEO code {code!r}")
        try:
            patterns.append(parse_pattern(code, text.strip()))
        except ValueError as exc:
            raise KnowledgeBaseError(f"verbs.tsv line {n}: {exc}") from None
    return Lexicon(patterns)
