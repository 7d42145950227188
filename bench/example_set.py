"""Score the coder on the bundled example set against the events each story lists.

Prints recall and precision at three levels (exact CAMEO code, CAMEO root, dyad only), with
actors compared by country (or organisation) code, and lists what was missed. Usage:

    python bench/example_set.py [--verbose]
"""

from __future__ import annotations

import json
import sys
from importlib import resources

from communique import Communique
from communique.ingest import read_inputs


def country(code: str) -> str:
    """The country (or organisation) part of an actor code."""
    return code[:3] if code and not code.startswith(("IGO", "NGO")) else code


def main() -> None:
    """Code the example set and compare it with the gold events."""
    verbose = "--verbose" in sys.argv
    base = resources.files("communique.examples")
    gold = {}
    for line in base.joinpath("news.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        gold[row["id"]] = row["events"]
    core = Communique()
    with resources.as_file(base.joinpath("news.jsonl")) as path:
        results = list(core.code_documents(read_inputs([str(path)], settings=core.settings)))
    totals = {level: [0, 0, 0] for level in ("code", "root", "dyad")}  # hits, gold, coded
    for result in results:
        doc_id = result.document.doc_id
        coded = [(country(e.source["code"] or ""), e.cameo, country(e.target["code"] or ""))
                 for e in result.events]
        wanted = [(country(g["source_code"]), g["cameo"], country(g["target_code"]))
                  for g in gold.get(doc_id, [])]
        for level, key in (("code", lambda t: t), ("root", lambda t: (t[0], t[1][:2], t[2])),
                           ("dyad", lambda t: (t[0], t[2]))):
            have = {key(t) for t in coded}
            want = {key(t) for t in wanted}
            totals[level][0] += len(have & want)
            totals[level][1] += len(want)
            totals[level][2] += len(have)
        if verbose:
            print(f"\n{doc_id}")
            for t in sorted(set(wanted)):
                mark = "hit " if t in coded else "MISS"
                print(f"  {mark} {t}")
            for t in sorted(set(coded) - set(wanted)):
                print(f"  extra {t}")
    print(f"{'level':<6} {'recall':>8} {'precision':>10}  (gold events {totals['code'][1]})")
    for level, (hits, want, have) in totals.items():
        recall = hits / want if want else 0.0
        precision = hits / have if have else 0.0
        print(f"{level:<6} {recall:8.2f} {precision:10.2f}")


if __name__ == "__main__":
    main()
