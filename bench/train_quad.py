"""Train the sentence quad-class model on the ConfliBERT sentences and report it cross-validated.

Reads ../shared/data/dev/conflibert_cameo_class_train.tsv (never copied into the project):
sentence, tab, 0 statement or none / 1 verbal cooperation / 2 material cooperation / 3 verbal
conflict / 4 material conflict. It:
  1. runs 5-fold cross-validation, grouping sentences that share their opening words so a
     near-duplicate never sits on both sides of a fold: the model alone, and the whole coder
     (events first, the fold's model where no event is coded), each scored on unseen rows;
  2. trains on every row and writes src/communique/events/models/quad_classifier.json.

    python bench/train_quad.py [--folds 5] [--no-save]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from communique import Communique
from communique.evaluate import GoldItem, evaluate, f1_table, table_pairs, table_summary
from communique.events.classifier import (
    QUAD_MODEL_NAME,
    fingerprint,
    save,
    sentence_features,
    train,
)

HERE = Path(__file__).parent
CONFLIBERT = HERE.parent.parent / "shared" / "data" / "dev" / "conflibert_cameo_class_train.tsv"
MODEL = HERE.parent / "src" / "communique" / "events" / "models" / "quad_classifier.json"
SETTINGS = {"c": 20.0, "min_count": 2, "tfidf": True, "balanced": True}


def grouped_folds(texts: list[str], labels: list[str], k: int) -> list[int]:
    """Fold numbers, stratified by label; sentences opening alike share a fold."""
    keys = [re.sub(r"\W+", " ", t.lower())[:60] for t in texts]
    fold_of_key: dict[str, int] = {}
    per_label: dict[str, int] = {}
    folds = []
    for key, label in zip(keys, labels, strict=True):
        if key not in fold_of_key:
            fold_of_key[key] = per_label.get(label, 0) % k
            per_label[label] = per_label.get(label, 0) + 1
        folds.append(fold_of_key[key])
    return folds


def main() -> None:
    """Cross-validate, then train on everything and save."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    rows = [line.rsplit("\t", 1) for line in CONFLIBERT.read_text("utf-8").splitlines()]
    texts, labels = [t for t, _ in rows], [label.strip() for _, label in rows]
    started = time.perf_counter()
    folds = grouped_folds(texts, labels, args.folds)
    core = Communique()
    alone, system, events_only = [], [], []
    for k in range(args.folds):
        model = train([(sentence_features(t), y) for t, y, f
                       in zip(texts, labels, folds, strict=True) if f != k],
                      name=QUAD_MODEL_NAME, **SETTINGS)
        test = [i for i, f in enumerate(folds) if f == k]
        alone += [(labels[i], model.predict(sentence_features(texts[i]))[0]) for i in test]
        items = [GoldItem(id=f"cb-{i}", text=texts[i], penta=int(labels[i])) for i in test]
        core.coder.quad_model = model
        report = evaluate(core, items)
        system += table_pairs(report["quad_class"])
        events_only += table_pairs(report["quad_class_events_only"])
    results = {"rows": len(rows), "folds": args.folds, "settings": SETTINGS,
               "model_alone": table_summary(f1_table(alone)),
               "coder_with_model": table_summary(f1_table(system)),
               "coder_events_only": table_summary(f1_table(events_only)),
               "seconds": round(time.perf_counter() - started, 1)}
    print(json.dumps(results, indent=2))
    if not args.no_save:
        model = train([(sentence_features(t), y) for t, y in zip(texts, labels, strict=True)],
                      name=QUAD_MODEL_NAME, **SETTINGS)
        model.trained_on = frozenset(fingerprint(t) for t in texts)
        save(model, MODEL)
        print(f"saved {MODEL.relative_to(HERE.parent)} ({len(model.vocabulary)} features)")


if __name__ == "__main__":
    main()
