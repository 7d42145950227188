"""GDELT 2.0 event table and PLOVER JSON exports of deduplicated events."""

from __future__ import annotations

import json

import pytest

from communique.analyse import GDELT_COLUMNS, export_gdelt, export_plover


def test_gdelt_export_has_61_columns_in_codebook_order(store, tmp_path):
    out = tmp_path / "events.gdelt.tsv"
    assert export_gdelt(store, out) == 6
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == 6 and len(GDELT_COLUMNS) == 61
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in lines]
    assert GDELT_COLUMNS[:5] == ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"]
    assert GDELT_COLUMNS[-2:] == ["DATEADDED", "SOURCEURL"]
    meeting = rows[0]
    assert meeting["Day"] == "20240303" and meeting["MonthYear"] == "202403"
    assert meeting["Year"] == "2024" and meeting["FractionDate"] == "2024.1699"
    assert (meeting["Actor1Code"], meeting["Actor1CountryCode"], meeting["Actor1Type1Code"]) \
        == ("USAGOV", "USA", "GOV")
    assert meeting["Actor2Code"] == "CHNGOV"
    assert (meeting["EventCode"], meeting["EventBaseCode"], meeting["EventRootCode"]) == (
        "042", "042", "04")
    assert (meeting["QuadClass"], meeting["GoldsteinScale"]) == ("1", "2.2")
    assert (meeting["NumMentions"], meeting["NumSources"], meeting["NumArticles"]) == (
        "3", "2", "2")
    assert meeting["IsRootEvent"] == "1"
    assert (meeting["ActionGeo_Type"], meeting["ActionGeo_FullName"],
            meeting["ActionGeo_Lat"]) == ("4", "Beijing", "39.9")
    # GDELT's geography speaks FIPS 10-4 (China is CH), its actors CAMEO (CHN).
    assert (meeting["ActionGeo_CountryCode"], meeting["ActionGeo_ADM1Code"]) == ("CH", "")
    assert meeting["SOURCEURL"] == "https://www.reuters.example/a1"
    assert len(meeting["DATEADDED"]) == 14 and meeting["GlobalEventID"].isdigit()
    assert len({r["GlobalEventID"] for r in rows}) == 6
    assert rows[-1]["Day"] == ""  # undated events keep empty date fields


def test_gdelt_export_applies_filters(store, tmp_path):
    out = tmp_path / "ru.tsv"
    assert export_gdelt(store, out, actor="RUS") == 1
    assert out.read_text().split("\t")[26] == "190"


def test_plover_export_writes_one_record_per_event(store, tmp_path):
    out = tmp_path / "events.plover.jsonl"
    assert export_plover(store, out) == 6
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    meeting = records[0]
    assert (meeting["event_type"], meeting["mode"]) == ("CONSULT", "visit")
    assert meeting["actor"][0]["code"] == "USAGOV"
    assert meeting["recipient"][0]["country"] == "CHN"
    assert (meeting["date"], meeting["date_end"]) == ("2024-03-03", "2024-03-04")
    assert meeting["num_mentions"] == len(meeting["mentions"]) == 3
    assert sum(r["num_mentions"] for r in records) == store.counts()["events"]
    assert isinstance(meeting["context"], list)


def test_an_event_groups_table_exports_as_is(store, tmp_path):
    from communique.analyse import event_groups
    from communique.errors import ConfigError

    groups = event_groups(store, cameo_root="04")
    assert export_gdelt(groups, tmp_path / "g.tsv") == 2
    assert export_plover(groups, tmp_path / "p.jsonl") == 2
    with pytest.raises(ConfigError, match="must come from event_groups"):
        export_gdelt(groups.select(["date"]), tmp_path / "x.tsv")


def test_fips_codes_differ_from_iso_where_gdelt_needs_them():
    from communique.analyse.exports import fips
    assert [fips(c) for c in ("DEU", "CHN", "GBR", "XKX", "PRK")] == [
        "GM", "CH", "UK", "KV", "KN"]
    assert fips("IGO") is None and fips(None) is None
