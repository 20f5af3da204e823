"""Fit the context model's logistic weights on DEV injections (never the test split).

    .venv/bin/python benchmarks/realword_train.py [--n 6000]

Uses dev sentences disjoint from the ones ``realword_eval.py`` scores (a different
slice of the same shuffled dev pool), injects one error in half of them, and labels
every (token, candidate) pair: 1 when the token is the injected error and the candidate
the word it replaced, else 0. Writes ``copyedit/realword/weights.json`` (the logistic
screen) and ``copyedit/realword/forest.json`` (gradient-boosted trees, scikit-learn's
HistGradientBoostingClassifier exported node by node; needs ``pip install scikit-learn``).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np
from realword_eval import confusion_map, dev_sentences, inject
from wordfreq import zipf_frequency

from copyedit.realword.context import FEATURES, ContextModel
from copyedit.realword.forest import Forest, Tree
from copyedit.realword.ltdata import lt_confusion_pairs
from copyedit.realword.ngram import load
from copyedit.realword.tokens import tokens
from copyedit.realword.trigram import load as load_trigrams

OUT = Path(__file__).resolve().parents[1] / "copyedit" / "realword" / "weights.json"
FOREST_OUT = OUT.with_name("forest.json")


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 3000) -> np.ndarray:
    w = np.zeros(x.shape[1])
    lr = 0.5
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) / len(y) + l2 * w
        w -= lr * grad
    return w


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=13400)
    ap.add_argument("--eval-n", type=int, default=3000, help="sentences the eval script uses")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--trees", type=int, default=400)
    ap.add_argument("--depth", type=int, default=8)
    ap.add_argument("--rate", type=float, default=0.05)
    ap.add_argument("--leaf", type=int, default=100, help="fewest training rows per leaf")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pool = dev_sentences()
    rng.shuffle(pool)
    train = pool[2 * args.eval_n : 2 * args.eval_n + args.n]
    model = ContextModel(load(), load_trigrams(), extra_pairs=lt_confusion_pairs())
    confusions = confusion_map()
    rows, labels = [], []
    for i, s in enumerate(train):
        target = None
        # every sentence gets an error, as in realword_eval.py, so that the fitted
        # probabilities are calibrated for the density the eval measures
        if True:
            kind = "confusable" if i % 2 else "typo"
            r = inject(s, rng, kind, confusions, lambda w: zipf_frequency(w, "en"))
            if r:
                s, start, good, _bad = r
                target = (start, good)
        for tok in tokens(s):
            for c, f in model.scored(tok):
                rows.append(f)
                labels.append(
                    float(target is not None and tok.start == target[0] and c == target[1])
                )
    x, y = np.array(rows), np.array(labels)
    mu = x[:, 1:].mean(0)
    sd = x[:, 1:].std(0) + 1e-9
    xs = np.hstack([x[:, :1], (x[:, 1:] - mu) / sd])
    w = fit(xs, y)
    # fold the standardisation back into plain weights
    plain = w.copy()
    plain[1:] = w[1:] / sd
    plain[0] = w[0] - (w[1:] * mu / sd).sum()
    print(f"rows={len(y)} positives={int(y.sum())}")
    for name, v in zip(FEATURES, plain, strict=True):
        print(f"  {name:14s} {v:+.3f}")
    OUT.write_text(
        json.dumps(
            {
                "features": list(FEATURES),
                "weights": dict(zip(FEATURES, map(float, plain), strict=True)),
                "trained_on": f"dev injections, n={args.n}, seed={args.seed}",
            },
            indent=1,
        )
        + "\n"
    )
    write_forest(x, y, args)


def write_forest(x: np.ndarray, y: np.ndarray, args) -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    h = HistGradientBoostingClassifier(
        max_depth=args.depth,
        max_iter=args.trees,
        learning_rate=args.rate,
        min_samples_leaf=args.leaf,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=0,
    ).fit(x, y)
    out = []
    for (pred,) in h._predictors:
        nodes = pred.nodes
        out.append(
            Tree(
                tuple(-1 if n["is_leaf"] else int(n["feature_idx"]) for n in nodes),
                tuple(float(n["num_threshold"]) for n in nodes),
                tuple(int(n["left"]) for n in nodes),
                tuple(int(n["right"]) for n in nodes),
                tuple(float(n["value"]) for n in nodes),
            )
        )
    forest = Forest(tuple(FEATURES), float(np.ravel(h._baseline_prediction)[0]), tuple(out))
    check = x[:2000]
    ours = np.array([forest.probability(list(r)) for r in check])
    assert np.allclose(ours, h.predict_proba(check)[:, 1], atol=1e-6), "export mismatch"
    data = forest.to_json()
    data["trained_on"] = f"dev injections, n={args.n}, seed={args.seed}"
    FOREST_OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"forest: {len(out)} trees of depth {args.depth} -> {FOREST_OUT.name}")


if __name__ == "__main__":
    main()
