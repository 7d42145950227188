"""Streaming ingest pieces: corpus reading, counting, batching, the Parquet dataset and the
skip-before-parse check."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from communique import Communique, EventStore, load_settings
from communique.errors import StoreError
from communique.ingest import count_documents, make_document, read_inputs, read_path
from communique.models import Event
from communique.runner import ParquetDataset, read_event_ids, run_ingest

EXAMPLES = resources.files("communique.examples").joinpath("news.jsonl")


def doc(doc_id: str, text: str):
    return make_document(doc_id, text, "<test>", published=date(2019, 6, 23), date_basis="input")


def write_corpus(path: Path, n: int) -> Path:
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Russia criticized Britain {i}."})
                            + "\n" for i in range(n)), "utf-8")
    return path


def test_a_corpus_over_max_file_mb_streams_but_a_page_is_refused(tmp_path):
    settings = load_settings(env={}, max_file_mb=0)  # every non-empty file is "too large"
    corpus = write_corpus(tmp_path / "big.jsonl", 5)
    assert [d.doc_id for d in read_path(str(corpus), settings=settings)] == [
        f"d{i}" for i in range(5)]
    page = tmp_path / "page.txt"
    page.write_text("Russia criticized Britain.", "utf-8")
    [error] = read_path(str(page), settings=settings)
    assert "larger than max_file_mb" in str(error)


def test_corpus_lines_decode_one_by_one_and_binaries_are_refused(tmp_path):
    settings = load_settings(env={})
    corpus = tmp_path / "mixed.jsonl"
    corpus.write_bytes(b'\xef\xbb\xbf{"id": "a", "text": "Caf\xc3\xa9 talks."}\n'
                       b'{"id": "b", "text": "Caf\xe9 talks."}\n')
    assert [d.text for d in read_path(str(corpus), settings=settings)] == ["Café talks."] * 2
    binary = tmp_path / "blob.jsonl"
    binary.write_bytes(b"\x00\x01\x02{}\n")
    [error] = read_path(str(binary), settings=settings)
    assert "binary content" in str(error)
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    [error] = read_path(str(empty), settings=settings)
    assert "file is empty" in str(error)


def test_count_documents_counts_corpus_lines_and_knows_what_it_cannot(tmp_path, fixtures):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n{"id": 3, "text": "c"}')
    assert count_documents([str(corpus), str(fixtures / "pyongyang.txt"),
                            str(tmp_path / "missing.txt")]) == 5
    assert count_documents([str(fixtures / "feed.xml")]) is None
    assert count_documents(["-"]) is None


def test_errors_in_a_long_stream_do_not_pile_up(core):
    from communique.core import batches
    from communique.errors import IngestError

    items = [IngestError("x", "bad", line=i) for i in range(10)] + [doc("a", "Japan hosted.")]
    groups = list(batches(items, 4))
    assert all(len(errors) <= 4 for _, errors in groups)
    assert sum(len(e) for _, e in groups) == 10 and [d.doc_id for b, _ in groups for d in b] == [
        "a"]


def test_batch_size_and_processes_do_not_change_the_events(core):
    def ids(settings) -> list[str]:
        other = Communique(settings)
        items = read_inputs([str(EXAMPLES)], settings=settings)
        return sorted(e.id for r in other.code_documents(items) for e in r.events)

    expected = sorted(e.id for r in core.code_documents(
        read_inputs([str(EXAMPLES)], settings=core.settings)) for e in r.events)
    assert expected
    assert ids(core.settings.replace(batch_size=1)) == expected
    assert ids(core.settings.replace(batch_size=5, n_process=2)) == expected


def test_a_repeated_id_in_one_batch_keeps_the_last_version(tmp_path, core):
    first, second = doc("x", "Russia criticized Britain."), doc("x", "Japan hosted South Korea.")
    results = list(core.code_documents([first, second]))
    with EventStore(tmp_path / "e.duckdb") as store:
        store.write((r.document, r.events) for r in results)
        assert store.counts()["documents"] == 1
        assert store.current_ids([second]) == {"x"} and store.current_ids([first]) == set()


def _event(event_id: str, doc_id: str, day: str | None) -> Event:
    return Event(id=event_id, doc_id=doc_id, date=day, date_precision="day", date_basis="x",
                 source={"code": "RUS"}, target={"code": "GBR"}, cameo="111",
                 cameo_name="Criticize", quad_class=3, goldstein=-2.0, plover="ACCUSE",
                 plover_mode=None, location=None, sentence="s", sentence_index=0,
                 char_span=[0, 1], negated=False, confidence=0.8, evidence="e")


def test_parquet_dataset_partitions_by_month_and_removes_half_written_flushes(tmp_path):
    root = tmp_path / "events"
    a, b = doc("a", "Russia criticized Britain."), doc("b", "Japan hosted South Korea.")
    dataset = ParquetDataset(root)
    dataset.add([(a, [_event("e1", "a", "2019-06-21"), _event("e2", "a", None)]), (b, [])])
    assert read_event_ids(root) == []  # buffered until a flush
    dataset.flush()
    dataset.close()
    assert {p.parent.relative_to(root).as_posix() for p in root.rglob("part-*.parquet")} == {
        "year=2019/month=06", "year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__"}
    # A run killed between its part files and its manifest leaves an orphan behind.
    orphan = root / "year=2020" / "month=01" / "part-1a2b-3c4d-0.parquet"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"half a file")
    reopened = ParquetDataset(root)
    assert not orphan.exists()
    assert reopened.current_ids([a, b]) == {"a", "b"}
    assert reopened.current_ids([doc("a", "Russia praised Britain.")]) == set()
    reopened.close()
    assert read_event_ids(root) == ["e1", "e2"]


def test_a_file_is_not_a_parquet_folder(tmp_path):
    target = tmp_path / "events.parquet"
    target.write_text("x")
    with pytest.raises(StoreError, match="not a folder"):
        ParquetDataset(target)


def test_stored_documents_are_skipped_before_parsing(tmp_path, core, monkeypatch):
    corpus = write_corpus(tmp_path / "c.jsonl", 7)
    db = str(tmp_path / "e.duckdb")
    first = run_ingest(core, [str(corpus)], db=db)
    assert first.counts["documents"] == 7 and first.counts["events"] > 0
    parsed: list[str] = []
    original = Communique.code_documents

    def spy(self, items):
        return original(self, (parsed.append(d.doc_id) or d for d in items))

    monkeypatch.setattr(Communique, "code_documents", spy)
    with corpus.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"id": "new", "text": "Japan hosted South Korea."}) + "\n")
    second = run_ingest(core, [str(corpus)], db=db)
    assert parsed == ["new"]
    assert second.counts["unchanged"] == 7 and second.counts["documents"] == 1
    assert second.counts["db_documents"] == 8
