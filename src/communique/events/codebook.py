"""The CAMEO codebook as data: names, Goldstein scores, quad classes and PLOVER equivalents."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import CodingError, KnowledgeBaseError


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code with everything an event record copies from it."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None
    plover_mode: str | None
    plover_context: str | None

    @property
    def root(self) -> str:
        """The two-digit root category ("04" for 042)."""
        return self.code[:2]


class Codebook:
    """Lookup of CAMEO codes loaded from events/codebooks/cameo.tsv."""

    def __init__(self, codes: dict[str, CameoCode]) -> None:
        """Wrap a code table."""
        self.codes = codes

    def __getitem__(self, code: str) -> CameoCode:
        """The entry for a code; unknown codes are a CodingError."""
        try:
            return self.codes[code]
        except KeyError:
            raise CodingError(f"unknown CAMEO code {code!r}") from None

    def __contains__(self, code: object) -> bool:
        """True for codes in the codebook."""
        return code in self.codes

    def __len__(self) -> int:
        """Number of codes."""
        return len(self.codes)


@lru_cache(maxsize=1)
def load_codebook() -> Codebook:
    """Load the packaged CAMEO codebook (cached)."""
    source = resources.files("communique.events.codebooks").joinpath("cameo.tsv")
    lines = [line for line in source.read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    codes: dict[str, CameoCode] = {}
    for n, line in enumerate(lines[1:], start=2):
        row = dict(zip(header, line.split("\t"), strict=False))
        try:
            codes[row["code"]] = CameoCode(
                code=row["code"], name=row["name"], goldstein=float(row["goldstein"]),
                quad_class=int(row["quad_class"]), plover=row.get("plover") or None,
                plover_mode=row.get("plover_mode") or None,
                plover_context=row.get("plover_context") or None)
        except (KeyError, ValueError) as exc:
            raise KnowledgeBaseError(f"cameo.tsv row {n} is malformed: {exc}") from None
    return Codebook(codes)
