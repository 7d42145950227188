"""Corpus-scale ingest: throughput against the bare parse, memory at 1x and 4x, and Dask.

On a sample of ../shared/data/corpora/reuters21578.jsonl (first N stories):

1. In one process, after a warm-up: `nlp.pipe` alone over the texts, then the real ingest
   path (`run_ingest`, what `communique ingest` runs) into a temporary DuckDB; documents/s,
   sentences/s and their ratio (target >= 0.8): five rounds of a parse then an ingest, and
   the median of the rounds' ratios.
2. Peak resident memory (ru_maxrss) of `communique ingest` over N and 4N stories, each in a
   fresh process (target: growth <= 10%).
3. `communique ingest --engine dask --workers 2` against the single-process engine over the
   same N stories, both as fresh processes writing Parquet: wall-time ratio, and whether the
   two event sets are identical.

    python bench/scale.py [--size 1000]    # --size 500 takes ~12 minutes on 2 busy cores
    python bench/scale.py --size 300 --throughput-only    # part 1 alone (a few minutes)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpora" / "reuters21578.jsonl"
SRC = Path(__file__).resolve().parents[1] / "src"
ROUNDS = 5  # parse-then-ingest rounds for the throughput ratio
sys.path.insert(0, str(SRC))

from communique import Communique, load_settings  # noqa: E402
from communique.runner import read_event_ids, run_ingest  # noqa: E402


def sample(size: int, folder: Path) -> tuple[Path, list[str]]:
    """The first `size` stories as a JSONL file, and their texts."""
    path = folder / f"reuters-{size}.jsonl"
    texts = []
    with CORPUS.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as out:
        for line in source:
            if len(texts) == size:
                break
            out.write(line)
            texts.append(json.loads(line)["text"])
    return path, texts


def machine() -> str:
    """CPU model, cores, memory and library versions."""
    import duckdb
    import spacy

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) // 1024 for line in
                Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return (f"{cpu}; {os.cpu_count()} cores; {mem / 1024:.1f} GiB RAM; Python "
            f"{platform.python_version()}; spaCy {spacy.__version__}; DuckDB {duckdb.__version__}")


def cli(*args: str) -> tuple[float, int, int]:
    """Run `communique ingest ARGS` in a fresh process: wall seconds, and its peak and final
    resident memory (KiB)."""
    code = ("import resource, sys\nfrom communique.cli import main\n"
            f"sys.argv = ['communique', 'ingest', *{list(args)!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "rss = [l for l in open('/proc/self/status') if l.startswith('VmRSS')]\n"
            "print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "rss[0].split()[1], file=sys.stderr)\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMUNIQUE_")}
    env["PYTHONPATH"] = str(SRC)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    if done.returncode != 0 or "maxrss" not in done.stderr:
        raise SystemExit(f"ingest {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    peak, final = map(int, done.stderr.rsplit("maxrss", 1)[1].split()[:2])
    return wall, peak, final


def throughput(path: Path, texts: list[str], folder: Path) -> dict[str, float]:
    """Bare nlp.pipe against run_ingest over the same texts, in this process."""
    core = Communique(load_settings(env={}))
    nlp = core.nlp
    # The texts as ingest parses them: page furniture removed, wire line breaks unwrapped.
    parsed = [d.text for d in core.read([str(path)])]
    warm = folder / "warm.jsonl"
    warm.write_text("".join(json.dumps({"id": f"w{i}", "text": t}) + "\n"
                            for i, t in enumerate(texts[:50])), "utf-8")
    run_ingest(core, [str(warm)], db=str(folder / "warm.duckdb"))
    # Rounds of a parse then an ingest, back to back: the machine's speed drifts (other
    # users, a shared host), and a round's two runs see about the same speed, so the ratio
    # is the median of the rounds' ratios; the rates shown are those of the median round.
    rounds = []
    for attempt in range(ROUNDS):
        started, cpu = time.perf_counter(), time.process_time()
        with nlp.memory_zone():
            sentences = sum(sum(1 for _ in doc.sents)
                            for doc in nlp.pipe(parsed, batch_size=core.settings.batch_size))
        parse, parse_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        progress = run_ingest(core, [str(path)], db=str(folder / f"ingest-{attempt}.duckdb"))
        ingest, ingest_cpu = time.perf_counter() - started, time.process_time() - cpu
        rounds.append((parse / ingest, parse_cpu / ingest_cpu, parse, ingest))
    ratios = sorted(r[0] for r in rounds)
    _, _, parse, ingest = next(r for r in rounds if r[0] == statistics.median_low(ratios))
    counts = progress.counts
    return {"parse_docs": len(texts) / parse, "parse_sents": sentences / parse,
            "ingest_docs": counts["documents"] / ingest,
            "ingest_sents": counts["sentences"] / ingest,
            "ratio": statistics.median(ratios),
            "cpu_ratio": statistics.median(r[1] for r in rounds),
            "ratios": [round(r[0], 2) for r in rounds],
            "events": counts["events"], "sentences": counts["sentences"]}


def main() -> None:
    """Run the three measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="stories in the 1x sample")
    parser.add_argument("--workers", type=int, default=2, help="Dask local workers")
    parser.add_argument("--throughput-only", action="store_true",
                        help="measure throughput (part 1) only")
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"{CORPUS} is missing; this benchmark needs ../shared/data")
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        one, texts = sample(args.size, folder)
        four = None if args.throughput_only else sample(4 * args.size, folder)[0]

        t = throughput(one, texts, folder)
        print(f"sample: {args.size} Reuters stories, {t['sentences']} sentences, "
              f"{t['events']} events")
        print(f"bare nlp.pipe: {t['parse_docs']:.1f} documents/s, {t['parse_sents']:.1f} "
              f"sentences/s")
        print(f"communique ingest: {t['ingest_docs']:.1f} documents/s, {t['ingest_sents']:.1f} "
              f"sentences/s")
        print(f"ratio ingest/parse (median of {ROUNDS} rounds): {t['ratio']:.2f} wall time, "
              f"{t['cpu_ratio']:.2f} CPU time (target >= 0.8); rounds {t['ratios']}")
        if args.throughput_only:
            return

        local_wall, rss1, end1 = cli(str(one), "--parquet", str(folder / "local"))
        _, rss4, end4 = cli(str(four), "--db", str(folder / "four.duckdb"))
        print(f"peak RSS: {rss1 / 1024:.0f} MiB for {args.size} stories, {rss4 / 1024:.0f} MiB "
              f"for {4 * args.size}; growth {100 * (rss4 / rss1 - 1):+.1f}% (target <= 10%)")
        print(f"RSS at the end: {end1 / 1024:.0f} MiB and {end4 / 1024:.0f} MiB; growth "
              f"{100 * (end4 / end1 - 1):+.1f}%")

        dask_wall, _, _ = cli(str(one), "--engine", "dask", "--workers", str(args.workers),
                              "--out", str(folder / "dask"))
        local_ids, dask_ids = read_event_ids(folder / "local"), read_event_ids(folder / "dask")
        print(f"single process: {local_wall:.1f} s; dask with {args.workers} local workers: "
              f"{dask_wall:.1f} s (both from a cold start); throughput ratio dask/single "
              f"{local_wall / dask_wall:.2f}")
        print(f"event sets identical: {local_ids == dask_ids} ({len(local_ids)} events "
              f"single, {len(dask_ids)} dask)")


if __name__ == "__main__":
    main()
