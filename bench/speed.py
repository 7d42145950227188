"""Coding speed against the bare spaCy parse of the same sentences, in one run.

Parses the PLOVER dev sentences (or, without ../shared, the bundled example set) with
nlp.pipe alone, then codes them with the full coder, after a warm-up, three times each;
prints the medians and their ratio (the target is coded/parsed >= 0.7). Then codes them with
the full knowledge base and with its first version (the states, sector words and first
people tables, without the later people, organisations, armed groups, institutions and
regions), runs alternated, and prints the ratio of the two rates (the target is >= 0.8).

    python bench/speed.py
"""

from __future__ import annotations

import json
import statistics
import time
from importlib import resources
from pathlib import Path

from communique import Communique
from communique.actors.kb import (
    DATA,
    KnowledgeBase,
    load_countries,
    load_people,
    load_sectors,
)
from communique.models import Document

PLV = Path(__file__).parent.parent.parent / "shared" / "data" / "dev" / "plv_train.jsonl"


def texts() -> list[str]:
    """The sentences to time."""
    if PLV.exists():
        return [json.loads(line)["text"] for line in PLV.read_text().splitlines()]
    source = resources.files("communique.examples").joinpath("news.jsonl")
    return [json.loads(line)["text"] for line in source.read_text().splitlines()]


def main() -> None:
    """Time parse-only and full coding; print rates and the ratio."""
    core = Communique()
    sample = texts()
    docs = [Document(doc_id=str(i), text=t, source_path="<bench>") for i, t in enumerate(sample)]
    list(core.code_documents(docs[:20]))  # warm-up: loads the model, KB and gazetteer

    def parse() -> None:
        list(core.nlp.pipe(sample, batch_size=core.settings.batch_size))

    def code() -> None:
        list(core.code_documents(docs))

    timings = {}
    for name, run in (("parse", parse), ("code", code)):
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            run()
            runs.append(time.perf_counter() - started)
        timings[name] = statistics.median(runs)
    parse_rate = len(sample) / timings["parse"]
    code_rate = len(sample) / timings["code"]
    print(f"items: {len(sample)}")
    print(f"bare parse: {parse_rate:.1f} items/s; full coding: {code_rate:.1f} items/s")
    print(f"ratio coded/parsed: {code_rate / parse_rate:.2f} (target >= 0.7)")

    base = Communique(core.settings)
    base.nlp = core.nlp  # one pipeline: only the knowledge base differs
    base.kb = first_version_kb()
    list(base.code_documents(docs[:20]))
    rates: dict[str, list[float]] = {"full": [], "first": []}
    for _ in range(3):
        for name, coder in (("full", core), ("first", base)):
            started = time.perf_counter()
            list(coder.code_documents(docs))
            rates[name].append(len(sample) / (time.perf_counter() - started))
    full, first = statistics.median(rates["full"]), statistics.median(rates["first"])
    print(f"coding with the full knowledge base: {full:.1f} items/s; with its first version: "
          f"{first:.1f} items/s")
    print(f"ratio full/first knowledge base: {full / first:.2f} (target >= 0.8)")


def first_version_kb() -> KnowledgeBase:
    """The knowledge base's first version: states, sector words and the first people table."""
    kb = KnowledgeBase()
    load_countries(kb)
    load_sectors(kb)
    load_people(kb, resources.files(DATA).joinpath("people.tsv"))
    return kb


if __name__ == "__main__":
    main()
