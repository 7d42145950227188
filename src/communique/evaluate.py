"""Evaluation: score the coder on gold files and report what an analyst needs to trust it.

Gold JSONL lines: {"id", "text", "date"?, "source"?, "target"?, "plover_root"?, "penta"?,
"events"?: [{"source_code", "target_code", "cameo"}]}; or a TSV of "sentence<TAB>label" with
the ConfliBERT quad-class labels (0 statement or none, 1 verbal cooperation, 2 material
cooperation, 3 verbal conflict, 4 material conflict).

Reported: end-to-end dyad recall (a coded event whose source and target overlap the gold
spans, over the items whose marked spans both occur in the text), PLOVER-type accuracy and
macro-F1 with dyad hints and end to end, per-class F1, a confusion matrix, CAMEO root
accuracy where codes are given, quad-class macro-F1, throughput.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .core import Communique
from .errors import IngestError
from .events.classifier import fingerprint
from .ingest import parse_published
from .models import Document, Event

# The dev data's YIELD predates PLOVER's split into RETREAT and CONCEDE.
PLOVER_ALIASES = {"RETREAT": "YIELD", "CONCEDE": "YIELD"}
NONE = "(none)"


@dataclass
class GoldItem:
    """One gold sentence or document."""

    id: str
    text: str
    date: str | None = None
    source: str | None = None
    target: str | None = None
    plover: str | None = None
    penta: int | None = None
    events: list[dict[str, str]] = field(default_factory=list)


def load_gold(path: Path, limit: int | None = None) -> list[GoldItem]:
    """Read a gold JSONL file or a ConfliBERT-style TSV (sentence, tab, 0-4)."""
    items: list[GoldItem] = []
    lines = path.read_text("utf-8").splitlines()
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if path.suffix.lower() in {".tsv", ".txt"}:
            text, _, label = line.rpartition("\t")
            if not text or not label.strip().isdigit():
                raise IngestError(str(path), "expected 'sentence<TAB>label 0-4'", line=n)
            items.append(GoldItem(id=f"{path.stem}-{n}", text=text, penta=int(label)))
        else:
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise IngestError(str(path), f"invalid JSON ({exc.msg})", line=n) from None
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise IngestError(str(path), "each line needs a 'text' string", line=n)
            items.append(GoldItem(
                id=str(row.get("id", n)), text=row["text"], date=row.get("date"),
                source=(row.get("source_spans") or [row.get("source")])[0],
                target=(row.get("target_spans") or [row.get("target")])[0],
                plover=row.get("plover_root"), penta=row.get("penta"),
                events=row.get("events") or []))
        if limit and len(items) >= limit:
            break
    return items


def _document(item: GoldItem, hints: bool) -> Document:
    # Gold text is scored as given: no furniture stripping, so spans stay where they are.
    published = parse_published(item.date) if item.date else None
    return Document(doc_id=item.id, text=item.text, source_path="<gold>", published=published,
                    date_basis="input" if published else "none",
                    source_hint=item.source if hints else None,
                    target_hint=item.target if hints else None)


def _overlaps(span: list[int], text: str, needle: str | None) -> bool:
    if not needle:
        return False
    at = text.find(needle)
    return at >= 0 and span[0] < at + len(needle) and at < span[1]


def _plover(event: Event | None) -> str:
    if event is None or not event.plover:
        return NONE
    return PLOVER_ALIASES.get(event.plover, event.plover)


def _penta(events: list[Event]) -> int:
    """The sentence's quad class: its most confident event's (01 statements count as 0)."""
    coded = [e for e in events if not e.cameo.startswith("01")]
    if not coded:
        return 0
    return max(coded, key=lambda e: (e.confidence, -e.char_span[0])).quad_class


# Where no event is coded, the sentence model's reading counts only when it is this sure.
SENTENCE_MODEL_FLOOR = 0.5


def _sentence_quad(core: Communique, text: str, events: list[Event]) -> int:
    """The quad class the system gives a sentence: its events' when it codes any, else the
    sentence model's reading (or 0 without the model)."""
    coded = _penta(events)
    if coded or core.coder.quad_model is None:
        return coded
    scores = core.coder.sentence_quad(text) or {0: 1.0}
    best = max(scores, key=scores.get)
    return best if scores[best] >= SENTENCE_MODEL_FLOOR else 0


def f1_table(pairs: Iterable[tuple[str, str]], labels: Iterable[str] | None = None
             ) -> dict[str, Any]:
    """Accuracy, macro-F1 over the gold labels, per-class scores and a confusion matrix."""
    pairs = list(pairs)
    gold_labels = sorted({g for g, _ in pairs}) if labels is None else sorted(labels)
    confusion: dict[str, Counter] = {g: Counter() for g in gold_labels}
    for gold, predicted in pairs:
        confusion.setdefault(gold, Counter())[predicted] += 1
    per_class = {}
    for label in gold_labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": round(precision, 3), "recall": round(recall, 3),
                            "f1": round(f1, 3), "support": tp + fn}
    accuracy = sum(1 for g, p in pairs if g == p) / len(pairs) if pairs else 0.0
    macro = sum(c["f1"] for c in per_class.values()) / len(per_class) if per_class else 0.0
    return {"n": len(pairs), "accuracy": round(accuracy, 3), "macro_f1": round(macro, 3),
            "per_class": per_class,
            "confusion": {g: dict(c) for g, c in confusion.items()}}


def table_pairs(table: dict[str, Any]) -> list[tuple[str, str]]:
    """The (gold, predicted) pairs an f1_table counted, rebuilt from its confusion matrix,
    so that tables from several folds can be pooled."""
    return [(gold, predicted) for gold, row in table["confusion"].items()
            for predicted, n in row.items() for _ in range(n)]


def table_summary(table: dict[str, Any]) -> dict[str, Any]:
    """Accuracy, macro-F1 and per-class F1 of an f1_table, for a short report."""
    return {"accuracy": table["accuracy"], "macro_f1": table["macro_f1"],
            "per_class_f1": {k: v["f1"] for k, v in table["per_class"].items()}}


def evaluate(core: Communique, items: list[GoldItem], *, hints: bool = True) -> dict[str, Any]:
    """Score the coder on gold items; returns a JSON-ready report."""
    report: dict[str, Any] = {"items": len(items)}
    warnings = []
    for model, script in ((core.coder.classifier, "bench/train_plover.py"),
                          (core.coder.pair_model, "bench/train_plover.py"),
                          (core.coder.quad_model, "bench/train_quad.py")):
        seen = sum(1 for i in items if fingerprint(i.text) in model.trained_on) if (
            model is not None) else 0
        if seen:
            warnings.append(f"{seen} items were training rows of the learned model "
                            f"{model.name}; its figures here are optimistic ({script} gives "
                            "cross-validated ones)")
    if warnings:
        report["warning"] = "; ".join(warnings)
    started = time.perf_counter()
    plain = {r.document.doc_id: r.events
             for r in core.code_documents(_document(i, False) for i in items)}
    elapsed = time.perf_counter() - started
    report["throughput"] = {"items_per_second": round(len(items) / elapsed, 1)
                            if elapsed else None, "seconds": round(elapsed, 2)}

    marked = [i for i in items if i.source and i.target]
    # PLOVER marks a side the sentence leaves out with a stand-in ("a recipient", "An
    # actor") that is not in the text: no event can overlap it, so such a row has no dyad.
    dyad = [i for i in marked if i.source in i.text and i.target in i.text]
    if dyad:
        found, pairs = 0, []
        for item in dyad:
            match = next((e for e in plain[item.id]
                          if _overlaps(e.source["span"], item.text, item.source)
                          and _overlaps(e.target["span"], item.text, item.target)), None)
            found += match is not None
            if item.plover:
                pairs.append((item.plover, _plover(match)))
        report["end_to_end"] = {"dyad_recall": round(found / len(dyad), 3),
                                "dyads": len(dyad), "sides_not_in_text": len(marked) - len(dyad),
                                "plover": f1_table(pairs) if pairs else None}
    if hints and any(i.plover and i.source and i.target for i in items):
        hinted_items = [i for i in items if i.plover and i.source and i.target]
        pairs = []
        for result in core.code_documents(_document(i, True) for i in hinted_items):
            item = next(i for i in hinted_items if i.id == result.document.doc_id)
            hinted = next((e for e in result.events if e.evidence.startswith("dyad hint")),
                          None)
            if hinted is None:
                hinted = next((e for e in result.events
                               if _overlaps(e.source["span"], item.text, item.source)
                               and _overlaps(e.target["span"], item.text, item.target)), None)
            pairs.append((item.plover, _plover(hinted)))
        report["with_hints"] = {"plover": f1_table(pairs)}
    penta = [i for i in items if i.penta is not None]
    if penta:
        events_only = [(str(i.penta), str(_penta(plain[i.id]))) for i in penta]
        report["quad_class"] = f1_table(
            (str(i.penta), str(_sentence_quad(core, i.text, plain[i.id]))) for i in penta)
        report["quad_class_events_only"] = f1_table(events_only)
    with_codes = [i for i in items if i.events]
    if with_codes:
        hits = total = 0
        for item in with_codes:
            coded = {(e.source["country"] or e.source["code"], e.cameo[:2],
                      e.target["country"] or e.target["code"]) for e in plain[item.id]}
            for gold in item.events:
                total += 1
                key = (gold["source_code"][:3], gold["cameo"][:2], gold["target_code"][:3])
                hits += any((s or "")[:3] == key[0] and c == key[1] and (t or "")[:3] == key[2]
                            for s, c, t in coded)
        report["cameo_root_recall"] = round(hits / total, 3) if total else None
    return report
