"""The dashboard's JSON API over the example set, as the browser calls it."""

from __future__ import annotations

from datetime import date

import pytest

from communique.errors import ServeError
from communique.serve import create_app
from communique.serve.api import sentence_start
from communique.store import EventStore


def test_summary_counts_the_example_set(client, example_db):
    body = client.get("/api/summary").json()
    assert body["documents"] == 12
    assert body["events"] > 50
    assert body["first_date"] <= "2015-07-15" and body["last_date"] >= "2023-06-01"
    assert sum(body["quad_classes"].values()) == body["events"]
    assert body["countries"] >= 10


def test_filters_narrow_every_count(client):
    everything = client.get("/api/summary").json()
    since = client.get("/api/summary", params={"since": "2022-01-01"}).json()
    assert 0 < since["events"] < everything["events"]
    assert since["first_date"] >= "2022-01-01"
    conflict = client.get("/api/summary", params={"quad_class": 4}).json()
    assert conflict["quad_classes"] == {"1": 0, "2": 0, "3": 0, "4": conflict["events"]}
    page = client.get("/api/events", params={"cameo_root": "19", "limit": 500}).json()
    assert page["total"] > 0 and all(e["cameo"].startswith("19") for e in page["items"])
    page = client.get("/api/events", params={"plover": "CONSULT", "limit": 500}).json()
    assert page["total"] > 0 and all(e["plover"] == "CONSULT" for e in page["items"])
    page = client.get("/api/events", params={"actor": "PRK", "limit": 500}).json()
    assert page["items"] and all("PRK" in (e["source_code"] + (e["target_code"] or ""))
                                 for e in page["items"])


@pytest.mark.parametrize(("path", "params", "field"), [
    ("/api/summary", {"since": "2019-13-45"}, "since"),
    ("/api/events", {"until": "last tuesday"}, "until"),
    ("/api/trend", {"a": "USA", "b": "PRK", "period": "fortnight"}, "period"),
    ("/api/events", {"quad_class": 5}, "quad_class"),
    ("/api/events", {"cameo_root": "21"}, "cameo_root"),
    ("/api/events", {"plover": "HUG"}, "plover"),
    ("/api/dyads", {"limit": 0}, "limit"),
    ("/api/trend", {"a": "USA"}, "b"),
])
def test_bad_parameters_are_422_naming_the_parameter(client, path, params, field):
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert any(error["loc"][-1] == field for error in response.json()["detail"])


def test_since_after_until_is_422_with_a_message(client):
    response = client.get("/api/events", params={"since": "2023-01-01", "until": "2019-01-01"})
    assert response.status_code == 422
    assert "after until" in response.json()["detail"][0]["msg"]


def test_countries_carry_volume_and_mean_goldstein(client):
    rows = client.get("/api/countries").json()
    by_code = {r["code"]: r for r in rows}
    assert rows[0]["code"] == "USA" and rows[0]["name"] == "United States"
    assert by_code["PRK"]["goldstein_mean"] > 0  # summit diplomacy
    assert by_code["SYR"]["goldstein_mean"] < 0  # struck by the US, UK and France
    assert [r["events"] for r in rows] == sorted((r["events"] for r in rows), reverse=True)


def test_top_dyads_are_sorted_and_limited(client):
    rows = client.get("/api/dyads", params={"limit": 5}).json()
    assert len(rows) == 5
    assert [r["events"] for r in rows] == sorted((r["events"] for r in rows), reverse=True)
    for r in rows:
        quads = sum(r[k] for k in ("verbal_coop", "material_coop", "verbal_conflict",
                                   "material_conflict"))
        assert quads == r["events"]
    strikes = client.get("/api/dyads", params={"cameo_root": "19", "limit": 50}).json()
    assert ("USA", "SYR") in {(r["source"], r["target"]) for r in strikes}


def test_trend_of_a_dyad_counts_quad_classes_per_period(client):
    body = client.get("/api/trend", params={"a": "USA", "b": "PRK", "period": "month"}).json()
    periods = [p["period"] for p in body["points"]]
    assert periods[0] == "2019-06-01" and "2019-07-01" in periods
    assert periods == sorted(periods)
    assert all(p["verbal_coop"] + p["material_coop"] + p["verbal_conflict"]
               + p["material_conflict"] == p["events"] for p in body["points"])
    assert all(p["goldstein_mean"] > 0 for p in body["points"] if p["events"])
    one_way = client.get("/api/trend", params={"a": "USA", "b": "PRK", "period": "month",
                                               "directed": True}).json()
    assert sum(p["events"] for p in one_way["points"]) < sum(p["events"] for p in body["points"])


def test_dyad_events_are_the_records_the_trend_counts(client):
    trend = client.get("/api/trend", params={"a": "USA", "b": "PRK", "period": "year"}).json()
    page = client.get("/api/events", params={"a": "USA", "b": "PRK", "limit": 500}).json()
    assert page["total"] == sum(p["mentions"] for p in trend["points"])
    assert all({e["source_country"], e["target_country"]} == {"USA", "PRK"}
               for e in page["items"])
    assert client.get("/api/events", params={"a": "USA"}).status_code == 422


def test_graph_has_signed_edges_between_its_nodes(client):
    body = client.get("/api/graph").json()
    ids = {n["id"] for n in body["nodes"]}
    assert {"USA", "PRK", "RUS"} <= ids
    assert all(e["source"] in ids and e["target"] in ids for e in body["edges"])
    strike = next(e for e in body["edges"] if (e["source"], e["target"]) == ("FRA", "SYR"))
    assert strike["sign"] == -1 and strike["goldstein_mean"] < 0


def test_event_pages_are_newest_first_and_page_on(client):
    first = client.get("/api/events", params={"limit": 10}).json()
    second = client.get("/api/events", params={"limit": 10, "offset": 10}).json()
    assert first["total"] == second["total"] == client.get("/api/summary").json()["events"]
    dates = [e["date"] for e in first["items"] + second["items"] if e["date"]]
    assert dates == sorted(dates, reverse=True)
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}


def test_event_detail_highlights_source_target_and_verb_in_the_sentence(client):
    page = client.get("/api/events", params={"a": "USA", "b": "PRK", "limit": 500}).json()
    event_id = next(e["id"] for e in page["items"] if e["cameo"] == "036"
                    and e["source_code"] == "USAGOV")
    body = client.get(f"/api/events/{event_id}").json()
    sentence = body["sentence"]
    assert "Trump" in sentence
    marks = {k: sentence[v[0]:v[1]] for k, v in body["highlight"].items()}
    assert marks["source"] == body["source"]["text"] == "Trump"
    assert marks["target"] == body["target"]["text"]
    assert marks["verb"] == body["verb"]["text"]
    assert body["coded_by"] == "rule" and body["evidence"].startswith("pattern")
    assert 0 < body["confidence"] <= 1
    assert body["title"] and body["quad_class_name"] == "verbal cooperation"


def test_every_event_of_the_example_set_has_its_spans_inside_its_sentence(client):
    page = client.get("/api/events", params={"limit": 500}).json()
    for row in page["items"]:
        body = client.get(f"/api/events/{row['id']}").json()
        for side in ("source", "target"):
            span = body["highlight"][side]
            assert span is not None, (row["id"], side)
            assert body["sentence"][span[0]:span[1]] == body[side]["text"]


def test_a_repeated_sentence_is_found_at_the_copy_holding_the_event():
    text = "Talks ended. Iran praised China. Later: Iran praised China."
    sentence = "Iran praised China."
    assert sentence_start(text, sentence, text.rindex("Iran")) == text.rindex(sentence)
    assert sentence_start(text, sentence, text.index("Iran")) == text.index(sentence)
    assert sentence_start(text, sentence, 0) is None
    assert sentence_start(None, sentence, 5) is None


def test_unknown_event_is_404(client):
    response = client.get("/api/events/no-such-event")
    assert response.status_code == 404
    assert "no-such-event" in response.json()["detail"]


def test_the_api_is_read_only(client):
    assert client.post("/api/events", json={}).status_code == 405
    assert client.delete("/api/events/x").status_code == 405
    methods = {m for route in client.app.routes for m in getattr(route, "methods", ())}
    assert methods <= {"GET", "HEAD"}


def test_openapi_documents_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/summary", "/api/countries", "/api/dyads", "/api/trend", "/api/graph",
            "/api/events", "/api/events/{event_id}", "/api/meta"} <= set(spec["paths"])
    trend = spec["paths"]["/api/trend"]["get"]
    period = next(p for p in trend["parameters"] if p["name"] == "period")
    assert period["schema"]["enum"] == ["day", "week", "month", "year"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/vendor/swagger-ui-bundle.js" in docs.text
    assert "http" not in docs.text.lower().replace("http-equiv", "")


def test_page_and_pinned_assets_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "/vendor/d3.min.js" in page.text
    for name in ("d3.min.js", "topojson-client.min.js", "countries-110m.json", "iso-codes.json"):
        assert client.get(f"/vendor/{name}").status_code == 200, name
    assert client.get("/vendor/package.json").status_code == 404
    assert client.get("/static/app.js").status_code == 200


def test_missing_assets_fail_with_the_install_command(example_db, tmp_path):
    with pytest.raises(ServeError, match=r"npm ci --prefix web"):
        create_app(example_db, modules_dir=tmp_path)


def test_the_store_is_opened_read_only(app):
    import duckdb

    with pytest.raises(duckdb.Error):
        app.state.store.con.execute("CREATE TABLE x (a INTEGER)")


def test_undirected_dyads_merge_both_directions(client):
    directed = client.get("/api/dyads", params={"limit": 500}).json()
    merged = client.get("/api/dyads", params={"limit": 500, "directed": False}).json()
    pair = next(r for r in merged if {r["source"], r["target"]} == {"USA", "PRK"})
    both = [r for r in directed if {r["source"], r["target"]} == {"USA", "PRK"}]
    assert len(both) == 2 and pair["mentions"] == sum(r["mentions"] for r in both)


def test_answers_are_computed_once_even_when_asked_together():
    import threading
    import time

    from communique.serve.api import AnswerCache

    cache, calls = AnswerCache(size=2), []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    threads = [threading.Thread(target=cache.get, args=("k", slow)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("k", slow) == 42 and len(calls) == 1
    cache.get("a", lambda: 1)
    cache.get("b", lambda: 2)  # evicts "k", the least recently used
    assert cache.get("k", lambda: 7) == 7


def test_event_without_sentence_or_document_still_opens(tmp_path):
    from fastapi.testclient import TestClient

    from communique.store import EventStore

    db = tmp_path / "bare.duckdb"
    with EventStore(db) as store:
        store.con.execute("INSERT INTO events (id, doc_id, cameo, source_text, target_text) "
                          "VALUES ('x1', 'gone', '042', 'Syria', 'Pyongyang')")
    with TestClient(create_app(db)) as bare:
        body = bare.get("/api/events/x1").json()
    assert body["sentence"] == "" and body["highlight"] == {
        "source": None, "target": None, "verb": None}


def test_graph_keeps_the_strongest_edges_and_their_ends(client):
    full = client.get("/api/graph").json()
    top = client.get("/api/graph", params={"limit": 3}).json()
    assert len(top["edges"]) == 3
    assert sorted(e["events"] for e in top["edges"]) == sorted(
        e["events"] for e in full["edges"])[-3:]
    assert {n["id"] for n in top["nodes"]} == {x for e in top["edges"]
                                               for x in (e["source"], e["target"])}


def test_without_dedup_every_record_counts(example_db, client):
    from fastapi.testclient import TestClient

    params = {"a": "USA", "b": "PRK", "period": "month"}
    merged = client.get("/api/trend", params=params).json()["points"]
    with TestClient(create_app(example_db, dedup=False)) as raw:
        assert raw.get("/api/meta").json()["dedup"] is False
        points = raw.get("/api/trend", params=params).json()["points"]
        countries = {r["code"]: r["events"] for r in raw.get("/api/countries").json()}
    assert all(p["events"] == p["mentions"] for p in points)
    assert sum(p["events"] for p in points) > sum(p["events"] for p in merged)
    merged_countries = {r["code"]: r["events"] for r in client.get("/api/countries").json()}
    assert countries["USA"] > merged_countries["USA"]
    assert client.get("/api/meta").json()["dedup"] is True


def test_events_the_classifier_coded_say_model(client, app):
    from communique.events.classifier import MODEL_NAME

    ids = [row[0] for row in app.state.store.con.cursor().execute(
        "SELECT id FROM events WHERE evidence LIKE ?", [f"%model {MODEL_NAME}%"]).fetchall()]
    assert ids, "the example set has events coded by the learned classifier"
    for event_id in ids:
        body = client.get(f"/api/events/{event_id}").json()
        assert body["coded_by"] == "model" and MODEL_NAME in body["evidence"]


def test_answers_follow_an_ingest_that_commits_while_the_server_runs(core, tmp_path):
    from fastapi.testclient import TestClient

    from communique.ingest import make_document
    from communique.serve import create_app

    db = tmp_path / "live.duckdb"

    def ingest(doc_id: str, text: str) -> None:
        doc = make_document(doc_id, text, "<test>", published=date(2019, 6, 23),
                            date_basis="input")
        [result] = core.code_documents([doc])
        with EventStore(db) as store:
            store.write([(result.document, result.events)])

    ingest("a", "Russia attacked Ukraine on Sunday.")
    with TestClient(create_app(db)) as client:
        first = client.get("/api/summary").json()
        assert client.get("/api/summary").json() == first  # the cached answer
        ingest("b", "France praised Germany on Monday.")
        second = client.get("/api/summary").json()
    assert (second["documents"], second["events"]) == (first["documents"] + 1,
                                                       first["events"] + 1)
