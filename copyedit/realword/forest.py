"""Gradient-boosted decision trees, evaluated in plain Python from ``forest.json``.

The logistic model in :mod:`.context` is cheap and screens every candidate; the few it
does not rule out go to these trees, which see interactions a linear model cannot (a
large gain on one side matters less when the word itself fits well, and so on). On dev
injections the trees found about a fifth more errors at the same false-alarm rate.
They are fitted by ``benchmarks/realword_train.py`` (scikit-learn's
HistGradientBoostingClassifier, exported node by node); scikit-learn is not needed to
run them.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import cache

PATH = Path(__file__).with_name("forest.json")
CACHE_VERSION = 1


@dataclass(frozen=True)
class Tree:
    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]
    """Per node; a leaf has feature -1."""

    def leaf_value(self, x: list[float]) -> float:
        i = 0
        feature, threshold = self.feature, self.threshold
        while feature[i] >= 0:
            i = self.left[i] if x[feature[i]] <= threshold[i] else self.right[i]
        return self.value[i]


@dataclass(frozen=True)
class Forest:
    features: tuple[str, ...]
    baseline: float
    trees: tuple[Tree, ...]

    def probability(self, x: list[float]) -> float:
        raw = self.baseline + sum(t.leaf_value(x) for t in self.trees)
        return 1 / (1 + math.exp(-raw))

    def to_json(self) -> dict:
        return {
            "features": list(self.features),
            "baseline": self.baseline,
            "trees": [
                [list(t.feature), list(t.threshold), list(t.left), list(t.right), list(t.value)]
                for t in self.trees
            ],
        }

    @classmethod
    def from_json(cls, data: dict) -> Forest:
        trees = tuple(
            Tree(tuple(f), tuple(th), tuple(le), tuple(ri), tuple(v))
            for f, th, le, ri, v in data["trees"]
        )
        return cls(tuple(data["features"]), float(data["baseline"]), trees)


@lru_cache(maxsize=1)
def load(path: Path = PATH) -> Forest | None:
    """None when no forest has been fitted (the logistic model then decides alone)."""
    if not path.exists():
        return None
    return Forest.from_json(_read(path))


def _read(path: Path) -> dict:
    """The content of ``path``. Decoding its megabyte of JSON takes about 30 ms, a tenth
    of a first check, so the decoded trees are kept (as tuples, which need no copying)
    in a marshal file under ``cache_dir()/realword/``, keyed on the file's name, size
    and time: reading that takes about 4 ms."""
    key = (CACHE_VERSION, cache.stat_key(path))
    where = cache.folder() / f"forest-v{CACHE_VERSION}.marshal"
    stored = cache.load_marshal(where, key)
    if isinstance(stored, dict):
        return stored
    data = json.loads(path.read_text(encoding="utf-8"))
    data = {
        "features": tuple(data["features"]),
        "baseline": data["baseline"],
        "trees": tuple(tuple(tuple(column) for column in tree) for tree in data["trees"]),
    }
    cache.save_marshal(where, key, data)
    return data
