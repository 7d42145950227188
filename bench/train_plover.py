"""Train the PLOVER dyad model and the pair model on the PLOVER dev sentences, and report
both cross-validated.

Reads ../shared/data/dev/plv_train.jsonl (never copied into the project). The sentence
quad-class model (trained on other data, bench/train_quad.py) supplies four of the dyad
model's features, so train it first. The script:
  1. runs stratified 5-fold cross-validation: the dyad model alone, the whole hinted coder
     (verb patterns first, the fold's model where they say nothing), and the coder end to end
     with the fold's dyad and pair models under several thresholds, each scored only on rows
     its models never saw;
  2. trains both on every row and writes src/communique/events/models/plover_classifier.json
     and pair_model.json.

    python bench/train_plover.py [--folds 5] [--no-save]"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict
from pathlib import Path

from communique import Communique
from communique.actors.context import DocumentActors
from communique.evaluate import GoldItem, evaluate, f1_table, table_pairs, table_summary
from communique.events.classifier import dyad_features, fingerprint, save, train
from communique.events.extract import path_codes
from communique.events.pairs import PAIR_MODEL_NAME, POSITIVE, candidate_pairs, sentence_mentions

HERE = Path(__file__).parent
PLV = HERE.parent.parent / "shared" / "data" / "dev" / "plv_train.jsonl"
THRESHOLDS = (1.01, 0.7, 0.5, 0.3, 0.0)
MODELS = HERE.parent / "src" / "communique" / "events" / "models"
MODEL = MODELS / "plover_classifier.json"
PAIR_MODEL = MODELS / "pair_model.json"
# End-to-end settings scored: (classifier_threshold, pair_threshold, political_threshold);
# the first is the coder without the pair model, the second one threshold for every dyad,
# the third the default, the rest trade precision for recall.
END_TO_END = ((0.7, 1.01, 0.7), (0.7, 0.2, 0.7), (0.7, 0.2, 0.3), (0.7, 0.2, 0.2),
              (0.3, 0.2, 0.3), (0.0, 0.2, 0.0))


def examples(core: Communique, rows: list[dict]) -> list[tuple[dict[str, float], str]]:
    """Dyad features and label for each row whose spans are found in its text."""
    found = []
    for row, doc in zip(rows, core.nlp.pipe(r["text"] for r in rows), strict=True):
        source = (row.get("source_spans") or [row["source"]])[0]
        target = (row.get("target_spans") or [row["target"]])[0]
        s_at, t_at = row["text"].find(source), row["text"].find(target)
        s_span = doc.char_span(s_at, s_at + len(source), alignment_mode="expand")
        t_span = doc.char_span(t_at, t_at + len(target), alignment_mode="expand")
        if s_at < 0 or t_at < 0 or s_span is None or t_span is None:
            found.append((None, row["plover_root"]))
            continue
        rule_codes = path_codes(core.coder.lexicon, t_span.root)[:2]
        sentence = s_span.root.sent
        found.append((dyad_features(sentence, s_span.root, t_span.root,
                                    rule_codes=rule_codes, codebook=core.coder.codebook,
                                    quad=core.coder.sentence_quad(sentence.text)),
                      row["plover_root"]))
    return found


def _gold_spans(row: dict) -> tuple[tuple[int, int], tuple[int, int]] | None:
    source = (row.get("source_spans") or [row["source"]])[0]
    target = (row.get("target_spans") or [row["target"]])[0]
    s_at, t_at = row["text"].find(source), row["text"].find(target)
    if s_at < 0 or t_at < 0:
        return None
    return (s_at, s_at + len(source)), (t_at, t_at + len(target))


def pair_examples(core: Communique, rows: list[dict]) -> list[list[tuple[dict, str]]]:
    """For each row, every ordered actor pair of its sentences with its features, labelled
    as the marked dyad or not (the pair model's training data)."""
    found = []
    for row, doc in zip(rows, core.nlp.pipe(r["text"] for r in rows), strict=True):
        gold = _gold_spans(row)
        actors = DocumentActors(core.coder.matcher(doc), core.kb, None, core.coder.gazetteer)
        pairs = []
        for index, sentence in enumerate(doc.sents):
            actors.observe(sentence, index)
            for source, target, features in candidate_pairs(
                    sentence, sentence_mentions(sentence, actors)):
                hit = gold is not None and all(
                    m.start < span[1] and span[0] < m.end
                    for m, span in ((source, gold[0]), (target, gold[1])))
                pairs.append((features, POSITIVE if hit else "other"))
        found.append(pairs)
    return found


def train_pairs(pairs: list[list[tuple[dict, str]]]):
    """The pair model fitted on the pairs of some rows."""
    return train([p for row in pairs for p in row], c=3.0, name=PAIR_MODEL_NAME,
                 balanced=False)


def folds_of(labels: list[str], k: int, seed: int = 13) -> list[int]:
    """Stratified fold numbers: each label spread evenly over the folds."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        by_label[label].append(i)
    fold = [0] * len(labels)
    rng = random.Random(seed)
    for indices in by_label.values():
        rng.shuffle(indices)
        for n, i in enumerate(indices):
            fold[i] = n % k
    return fold


def main() -> None:
    """Cross-validate, then train on everything and save."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    rows = [json.loads(line) for line in PLV.read_text().splitlines()]
    core = Communique()
    started = time.perf_counter()
    data = examples(core, rows)
    pairs = pair_examples(core, rows)
    labels = [label for _, label in data]
    fold = folds_of(labels, args.folds)
    alone, rules = [], []
    default_settings = core.coder.settings
    end_to_end: dict[tuple[float, float, float], list] = {key: [0, [], 0, 0]
                                                          for key in END_TO_END}
    combined: dict[float, list] = {}
    for k in range(args.folds):
        train_rows = [d for d, f in zip(data, fold, strict=True) if f != k and d[0] is not None]
        model = train(train_rows)
        test = [i for i, f in enumerate(fold) if f == k]
        for i in test:
            features, label = data[i]
            alone.append((label, model.predict(features)[0] if features else "(none)"))
        items = [GoldItem(id=rows[i]["id"], text=rows[i]["text"],
                          source=(rows[i].get("source_spans") or [rows[i]["source"]])[0],
                          target=(rows[i].get("target_spans") or [rows[i]["target"]])[0],
                          plover=rows[i]["plover_root"]) for i in test]
        core.coder.classifier = model
        for threshold in THRESHOLDS:
            core.coder.classifier_override = threshold
            report = evaluate(core, items)
            combined.setdefault(threshold, []).extend(table_pairs(report["with_hints"]["plover"]))
        core.coder.classifier_override = 0.7
        core.coder.pair_model = train_pairs([p for p, f in zip(pairs, fold, strict=True)
                                             if f != k])
        for key in END_TO_END:  # this fold's models code the dyads no pattern covers
            core.coder.settings = default_settings.replace(
                classifier_threshold=key[0], pair_threshold=key[1], political_threshold=key[2])
            end = evaluate(core, items, hints=False)["end_to_end"]
            end_to_end[key][0] += round(end["dyad_recall"] * end["dyads"])
            end_to_end[key][1] += table_pairs(end["plover"])
            end_to_end[key][2] += end["dyads"]
            end_to_end[key][3] += end["sides_not_in_text"]
        core.coder.settings = default_settings
        core.coder.pair_model = None
        core.coder.classifier, core.coder.classifier_override = None, 1.01
        rules += table_pairs(evaluate(core, items)["with_hints"]["plover"])
    results = {"rows": len(rows), "folds": args.folds,
               "classifier_alone": table_summary(f1_table(alone)),
               "rules_only_with_hints": table_summary(f1_table(rules)),
               **{f"rules_then_classifier_override_{t}": table_summary(f1_table(pairs))
                  for t, pairs in combined.items()},
               **{f"end_to_end_classifier_{ct}_pair_{pt}_political_{pol}": {
                   "dyad_recall": round(found / dyads, 3), "dyads": dyads,
                   "rows_with_a_side_not_in_text": unplaced,
                   "plover": table_summary(f1_table(pairs_))}
                  for (ct, pt, pol), (found, pairs_, dyads, unplaced) in end_to_end.items()},
               "seconds": round(time.perf_counter() - started, 1)}
    print(json.dumps(results, indent=2))
    if not args.no_save:
        model = train([d for d in data if d[0] is not None])
        model.trained_on = frozenset(fingerprint(r["text"]) for r in rows)
        save(model, MODEL)
        pair_model = train_pairs(pairs)
        pair_model.trained_on = model.trained_on
        save(pair_model, PAIR_MODEL)
        for path, saved in ((MODEL, model), (PAIR_MODEL, pair_model)):
            print(f"saved {path.relative_to(HERE.parent)} ({len(saved.vocabulary)} features, "
                  f"{len(saved.classes)} classes)")


if __name__ == "__main__":
    main()
