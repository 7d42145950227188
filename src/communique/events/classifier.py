"""Learned models where the verb patterns are weak, shipped as plain JSON weights.

Two linear models (multinomial logistic regressions trained with scikit-learn, run here with
numpy alone):
- the PLOVER classifier reads one dyad: features from the dependency path between the two
  actors (its verbs and nouns, the word that joins them, negation, the preposition before
  the target) and the sentence's content words (bench/train_plover.py);
- the quad-class model reads a whole sentence (word and word-pair TF-IDF) and says whether
  it reports verbal or material cooperation or conflict, or neither (bench/train_quad.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Span, Token

from ..errors import KnowledgeBaseError
from .codebook import Codebook

MODEL_NAME = "communique.plover_classifier.v1"
QUAD_MODEL_NAME = "communique.quad_classifier.v1"
# The CAMEO code a predicted PLOVER type is recorded under (its root's generic code).
PLOVER_TO_CAMEO = {"AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "COOPERATE": "060",
                   "AID": "070", "YIELD": "080", "CONCEDE": "080", "RETREAT": "087",
                   "ACCUSE": "112", "REQUEST": "020", "REJECT": "120", "THREATEN": "130",
                   "PROTEST": "140", "MOBILIZE": "150", "SANCTION": "160", "COERCE": "170",
                   "ASSAULT": "190"}
_CONTENT = {"NOUN", "VERB", "ADJ", "PROPN"}
# The sentence model's probabilities enter the dyad model at this scale, so that they weigh
# against the many sparse word features (chosen by cross-validation in bench/train_plover.py).
QUAD_FEATURE_WEIGHT = 3.0


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def dyad_features(sentence: Span, source: Token, target: Token, *,
                  rule_codes: tuple = (None, None), codebook: Codebook | None = None,
                  quad: dict[int, float] | None = None) -> dict[str, float]:
    """Sparse features describing how a sentence relates its source to its target; with
    the verb patterns' own codes for the dyad (see extract.path_codes) and the sentence
    model's quad-class probabilities as more."""
    features: dict[str, float] = {}
    for quad_class, probability in (quad or {}).items():
        features[f"quad={quad_class}"] = QUAD_FEATURE_WEIGHT * probability
    for name, found in zip(("rule", "verb_rule"), rule_codes, strict=True):
        if found is not None and codebook is not None and found[0] in codebook:
            features[f"{name}={codebook[found[0]].plover or 'none'}"] = 1.0
    up_source = [source, *source.ancestors]
    up_target = [target, *target.ancestors]
    source_ids = {t.i for t in up_source}
    joint = next((t for t in up_target if t.i in source_ids), None)
    path = [t for t in up_target if joint is None or t.i != joint.i]
    path += [t for t in up_source if joint is None or t.i != joint.i]
    if joint is not None:
        path.append(joint)
        features[f"lca={_lemma(joint)}"] = 1.0
    for token in path:
        if token.pos_ in {"VERB", "AUX"}:
            features[f"v={_lemma(token)}"] = 1.0
            for child in token.children:
                if child.dep_ == "neg":
                    features["neg"] = 1.0
                if child.dep_ in {"dobj", "prt"}:
                    features[f"o={_lemma(child)}"] = 1.0
        elif token.pos_ == "NOUN":
            features[f"n={_lemma(token)}"] = 1.0
        elif token.pos_ == "ADP":
            features[f"p={_lemma(token)}"] = 1.0
    features[f"tdep={target.dep_}"] = 1.0
    features[f"sdep={source.dep_}"] = 1.0
    for token in sentence:
        if token.pos_ in _CONTENT and not token.is_stop and token.is_alpha:
            features[f"w={_lemma(token)}"] = features.get(f"w={_lemma(token)}", 0.0) + 0.3
    return features


_WORD = re.compile(r"\w+")


def sentence_features(text: str) -> dict[str, float]:
    """Lower-cased words and adjacent word pairs of a sentence, for the quad-class model."""
    words = _WORD.findall(text.lower())
    features = {f"u={w}": 1.0 for w in words}
    features.update({f"b={a}_{b}": 1.0 for a, b in zip(words, words[1:], strict=False)})
    return features


def fingerprint(text: str) -> str:
    """A short hash of a sentence, to tell training rows from new ones."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


@dataclass
class LinearModel:
    """Weights of a trained model: one row per feature, one column per class; with inverse
    document frequencies when it reads TF-IDF features."""

    classes: list[str]
    vocabulary: dict[str, int]
    weights: np.ndarray
    intercept: np.ndarray
    trained_on: frozenset[str] = frozenset()
    name: str = MODEL_NAME
    idf: np.ndarray | None = None

    def scores(self, features: dict[str, float]) -> dict[str, float]:
        """Class probabilities for one example."""
        vocabulary = self.vocabulary
        indices = [vocabulary[n] for n in features if n in vocabulary]
        logits = self.intercept.copy()
        if indices:
            # One matrix product rather than a vector sum per feature: the coder scores
            # every actor pair of every sentence.
            values = np.fromiter((features[n] for n in features if n in vocabulary),
                                 dtype=np.float64, count=len(indices))
            if self.idf is not None:
                values *= self.idf[indices]
                values /= np.sqrt(values @ values)
            logits += values @ self.weights[indices]
        logits -= logits.max()
        probs = np.exp(logits)
        probs /= probs.sum()
        return dict(zip(self.classes, probs.round(4).tolist(), strict=True))

    def probabilities(self, examples: list[dict[str, float]], label: str) -> list[float]:
        """One class's probability for each of many examples, in one matrix product."""
        if self.idf is not None or not examples:
            return [self.scores(f)[label] for f in examples]
        vocabulary = self.vocabulary
        rows, columns, values = [], [], []
        for row, features in enumerate(examples):
            for name, value in features.items():
                column = vocabulary.get(name)
                if column is not None:
                    rows.append(row)
                    columns.append(column)
                    values.append(value)
        logits = np.tile(self.intercept, (len(examples), 1))
        if rows:
            np.add.at(logits, rows, np.asarray(values)[:, None] * self.weights[columns])
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        return probs[:, self.classes.index(label)].round(4).tolist()

    def predict(self, features: dict[str, float]) -> tuple[str, float]:
        """The most likely class and its probability."""
        scores = self.scores(features)
        best = max(scores, key=scores.get)
        return best, scores[best]

    def to_json(self) -> dict:
        """A JSON-ready form of the model."""
        names = sorted(self.vocabulary, key=self.vocabulary.get)
        data = {"name": self.name, "classes": self.classes,
                "intercept": [round(float(x), 4) for x in self.intercept],
                "weights": {n: [round(float(x), 4) for x in self.weights[self.vocabulary[n]]]
                            for n in names},
                "trained_on": sorted(self.trained_on)}
        if self.idf is not None:
            data["idf"] = [round(float(self.idf[self.vocabulary[n]]), 4) for n in names]
        return data

    @classmethod
    def from_json(cls, data: dict) -> LinearModel:
        """Rebuild a model saved with to_json()."""
        names = list(data["weights"])
        idf = data.get("idf")
        return cls(classes=data["classes"], vocabulary={n: i for i, n in enumerate(names)},
                   weights=np.array([data["weights"][n] for n in names], dtype=np.float64),
                   intercept=np.array(data["intercept"], dtype=np.float64),
                   trained_on=frozenset(data.get("trained_on", [])),
                   name=data.get("name", MODEL_NAME),
                   idf=None if idf is None else np.array(idf, dtype=np.float64))


def train(examples: list[tuple[dict[str, float], str]], *, c: float = 5.0,
          min_count: int = 2, tfidf: bool = False, name: str = MODEL_NAME,
          balanced: bool = True) -> LinearModel:
    """Fit a logistic regression on (features, label) pairs (needs scikit-learn)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    counts: dict[str, int] = {}
    for features, _ in examples:
        for feature in features:
            counts[feature] = counts.get(feature, 0) + 1
    kept = [{k: v for k, v in f.items() if counts[k] >= min_count} for f, _ in examples]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(kept)
    idf = None
    if tfidf:
        # Smoothed IDF and L2 rows, as LinearModel.scores applies them to binary features.
        transformer = TfidfTransformer(smooth_idf=True)
        matrix = transformer.fit_transform(matrix)
        idf = transformer.idf_
    labels = [label for _, label in examples]
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced" if balanced else None)
    model.fit(matrix, labels)
    coef = model.coef_.T
    intercept = model.intercept_
    if len(model.classes_) == 2:  # binary fits have one column; spell out both classes
        coef = np.hstack([-coef, coef]) / 2
        intercept = np.array([-intercept[0], intercept[0]]) / 2
    return LinearModel(classes=[str(c) for c in model.classes_],
                       vocabulary=dict(vectorizer.vocabulary_), weights=coef,
                       intercept=intercept, name=name, idf=idf)


def save(model: LinearModel, path: Path) -> None:
    """Write a model as JSON."""
    path.write_text(json.dumps(model.to_json(), separators=(",", ":")), "utf-8")


@lru_cache(maxsize=2)
def load_packaged(filename: str = "plover_classifier.json") -> LinearModel | None:
    """A shipped model, or None when it has not been trained."""
    source = resources.files("communique.events.models").joinpath(filename)
    if not source.is_file():
        return None
    try:
        return LinearModel.from_json(json.loads(source.read_text("utf-8")))
    except (ValueError, KeyError) as exc:
        raise KnowledgeBaseError(f"{filename} is malformed: {exc}") from None
