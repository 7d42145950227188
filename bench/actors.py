"""Actor resolution measured on the PLOVER dev sentences (../shared/data/dev/plv_train.jsonl).

Reports (1) how many of the marked source and target spans resolve to an actor with a country
or organisation code, and (2) country and sector accuracy on the project's own hand labels of
220 of those spans (bench/data/actor_spans_gold.jsonl: ids and labels only, no text).
Roles are resolved as of 2019-06-30, the middle of the years those sentences report.

    python bench/actors.py [--verbose]
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

from communique import Communique
from communique.actors.context import DocumentActors

HERE = Path(__file__).parent
PLV = HERE.parent.parent / "shared" / "data" / "dev" / "plv_train.jsonl"
GOLD = HERE / "data" / "actor_spans_gold.jsonl"
ON = date(2019, 6, 30)


def org_like(code: str | None, country: str | None) -> bool:
    """An organisation's code rather than a state's."""
    return bool(code) and country is None and code[:3] in {"IGO", "NGO", "UNO"}


def resolve(core: Communique, text: str, span_text: str):
    """Resolve one marked span of a sentence to an Actor (or None)."""
    doc = core.nlp(text)
    at = text.find(span_text)
    if at < 0:
        return None
    span = doc.char_span(at, at + len(span_text), alignment_mode="expand")
    actors = DocumentActors(core.coder.matcher(doc), core.kb, ON, core.coder.gazetteer)
    for index, sentence in enumerate(doc.sents):
        actors.observe(sentence, index)
        if sentence.start <= span.root.i < sentence.end:
            break
    found = actors.resolve_all(span.root)
    if not found:
        from communique.actors import resolve_text_span
        mention = resolve_text_span(doc, at, at + len(span_text), core.coder.matcher(doc),
                                    core.kb, ON)
        return mention.actor if mention and mention.actor.code else None
    return found[0].actor


def main() -> None:
    """Run both measurements and print them."""
    if not PLV.exists():
        sys.exit(f"missing {PLV}: this benchmark needs ../shared/data")
    verbose = "--verbose" in sys.argv
    core = Communique()
    rows = [json.loads(line) for line in PLV.read_text().splitlines()]
    started = time.perf_counter()
    total = coded = 0
    for row in rows:
        for side in ("source", "target"):
            if not row.get(side):
                continue
            total += 1
            actor = resolve(core, row["text"], row[side])
            if actor is not None and (actor.country or org_like(actor.code, actor.country)):
                coded += 1
    elapsed = time.perf_counter() - started
    print(f"spans resolved to a country or organisation: {coded}/{total} = {coded / total:.1%}"
          f"  ({elapsed:.0f} s)")

    by_id = {row["id"]: row for row in rows}
    labels = [json.loads(line) for line in GOLD.read_text().splitlines()]
    country_ok = sector_ok = sector_n = 0
    for label in labels:
        row = by_id[label["plv_id"]]
        actor = resolve(core, row["text"], label["span"])
        country = actor.country if actor else None
        code = actor.code if actor else None
        sector = actor.sector if actor else None
        if label["country"]:
            good_country = country == label["country"]
        elif label["org"]:
            good_country = org_like(code, country)
        else:
            good_country = country is None
        country_ok += good_country
        if label["sector"] and label["sector"] != "IGO":
            sector_n += 1
            sector_ok += sector == label["sector"]
        if verbose and not good_country:
            print(f"  country {label['plv_id']} {label['side']}: {label['span']!r} gold "
                  f"{label['country'] or label['org']} got {code}")
    print(f"hand-labelled spans: {len(labels)}")
    print(f"country (or organisation) accuracy: {country_ok}/{len(labels)} = "
          f"{country_ok / len(labels):.1%}")
    print(f"sector accuracy where a sector is labelled: {sector_ok}/{sector_n} = "
          f"{sector_ok / sector_n:.1%}")


if __name__ == "__main__":
    main()
