"""Coding speed against the bare spaCy parse of the same sentences, in one run.

Parses the PLOVER dev sentences (or, without ../shared, the bundled example set) with
nlp.pipe alone, then codes them with the full coder, after a warm-up, three times each;
prints the medians and their ratio (the target is coded/parsed >= 0.7).

    python bench/speed.py
"""

from __future__ import annotations

import json
import statistics
import time
from importlib import resources
from pathlib import Path

from communique import Communique
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


if __name__ == "__main__":
    main()
