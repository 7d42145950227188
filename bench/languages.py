"""Language detection: false skips on English news, hits on foreign samples, cost in reading.

    python bench/languages.py        (needs ../shared/data; run from the repository root)

Prints the share of English stories and sentences the detector would skip (should be ~0),
the language found for each foreign sample in tests/hostile/, and what detection adds to
the time reading a corpus takes, both measured in the same run.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from communique import load_settings  # noqa: E402
from communique.ingest import detect_language, read_path  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
SAMPLES = {"french.txt": "fr", "spanish.txt": "es", "german.txt": "de", "russian.txt": "ru",
           "arabic.txt": "ar", "chinese.txt": "zh"}


def english_texts() -> dict[str, list[str]]:
    """Every English text in the shared corpora and gold sets, by file."""
    texts: dict[str, list[str]] = {}
    for name in ("corpora/reuters21578.jsonl", "corpora/ag_news_test.jsonl",
                 "dev/plv_train.jsonl"):
        with (SHARED / name).open() as lines:
            texts[name] = [json.loads(line)["text"] for line in lines]
    tsv = (SHARED / "dev/conflibert_cameo_class_train.tsv").read_text().splitlines()
    texts["dev/conflibert_cameo_class_train.tsv"] = [line.split("\t")[0] for line in tsv]
    texts["corpora/html (bodies)"] = [json.loads(p.read_text())["text"]
                                      for p in sorted((SHARED / "corpora/html").glob("*.json"))]
    return texts


def timed_read(path: Path, languages: str) -> float:
    settings = load_settings(env={}, languages=languages)
    start = time.perf_counter()
    for _ in read_path(str(path), settings=settings):
        pass
    return time.perf_counter() - start


def main() -> None:
    """Print the measurements."""
    if not SHARED.exists():
        sys.exit("../shared/data is not present")
    total = skipped = 0
    for name, texts in english_texts().items():
        found = Counter(detect_language(t) for t in texts)
        wrong = sum(n for lang, n in found.items() if lang not in ("en", None))
        total, skipped = total + len(texts), skipped + wrong
        print(f"{name}: {len(texts):,} texts, {wrong} skipped as foreign "
              f"(en {found['en']:,}, undecided {found[None]:,})")
    print(f"false-skip rate: {skipped}/{total:,} = {skipped / total:.4%}")
    for name, expected in SAMPLES.items():
        found = detect_language((ROOT / "tests/hostile" / name).read_text("utf-8"))
        print(f"{name}: detected {found} (expected {expected})")
    corpus = SHARED / "corpora/reuters21578.jsonl"
    stories = [json.loads(line)["text"] for line in corpus.read_text().splitlines()]
    timed_read(corpus, "")  # warm the file cache
    # Alternate reading without the filter and detecting alone, so that load from other
    # processes falls on both alike; the best of three of each.
    runs = []
    for _ in range(3):
        read = timed_read(corpus, "")
        begin = time.perf_counter()
        for story in stories:
            detect_language(story)
        runs.append((read, time.perf_counter() - begin))
    read, detect = min(r[0] for r in runs), min(r[1] for r in runs)
    print(f"{corpus.name}: reading {len(stories):,} stories {read:.2f} s "
          f"({1000 * read / len(stories):.2f} ms each); detecting their language {detect:.2f} s "
          f"({1000 * detect / len(stories):.2f} ms each); ratio (read + detect) / read "
          f"{(read + detect) / read:.2f}")

if __name__ == "__main__":
    main()
