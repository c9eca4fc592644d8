"""Boosted decision trees evaluated in NumPy, with each line's score split among its features.

The line model's second stage is a sum of small trees (fitted by
``bench/train_linemodel.py`` with scikit-learn, which only training needs). Every tree
is stored complete, in heap order (node k's children are 2k+1 and 2k+2), so all lines
walk all trees together in ``depth`` vectorised steps. A leaf the fitting reached
early is padded with splits that send every line left (threshold +inf) onto copies
of itself.

A tree's decision is explained the way Saabas's method explains it: each split on a
line's path moves its score from the parent's value to the child's, and that move is
the split feature's pull. A line's pulls and the trees' root values sum to its logit,
so the features a removal names are the ones that moved its score.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

BLOCK = 256  # lines walked at once: their walk holds (depth + 1) x BLOCK x trees indexes (1.2 MB for 100 trees)


@dataclass(frozen=True, eq=False)
class Forest:
    """Complete trees of one ``depth``: the split feature and threshold of each inner node (``trees`` rows of
    2**depth - 1), the value of every node, inner ones too (rows of 2**(depth + 1) - 1), and the baseline
    logit the trees' leaves add to. ``names``: the feature columns, in the order split features index."""

    names: tuple[str, ...]
    depth: int
    feature: np.ndarray
    threshold: np.ndarray
    value: np.ndarray
    baseline: float
    # the walk's arrays (see __post_init__)
    split_feature: np.ndarray = field(init=False, repr=False)
    split_threshold: np.ndarray = field(init=False, repr=False)
    node_value: np.ndarray = field(init=False, repr=False)
    offsets: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Flatten the trees for the walk: every tree's run as long as its values (a leaf has no split:
        feature 0, threshold +inf), and each tree's offset in them (a row of trees)."""
        trees, nodes = self.value.shape
        inner = self.feature.shape[1]
        feature = np.zeros((trees, nodes), dtype=np.intp)
        threshold = np.full((trees, nodes), np.inf)
        feature[:, :inner] = self.feature
        threshold[:, :inner] = self.threshold
        object.__setattr__(self, "split_feature", feature.ravel())
        object.__setattr__(self, "split_threshold", threshold.ravel())
        object.__setattr__(self, "node_value", np.ascontiguousarray(self.value).ravel())
        object.__setattr__(self, "offsets", (np.arange(trees, dtype=np.intp) * nodes)[None, :])

    @classmethod
    def loads(cls, text: str) -> Forest:
        data = json.loads(text)
        return cls(
            tuple(data["names"]),
            int(data["depth"]),
            np.array(data["feature"], dtype=np.int64),
            _infinite(np.array(data["threshold"], dtype=np.float64)),
            np.array(data["value"], dtype=np.float64),
            float(data["baseline"]),
        )

    def dumps(self) -> str:
        """JSON with a tree to a line (a padded split's +inf threshold written as 1e308, which JSON can hold)."""

        def rows(array: np.ndarray) -> str:
            return "[\n" + ",\n".join(json.dumps(row) for row in array.tolist()) + "\n]"

        head = {"names": list(self.names), "depth": self.depth, "baseline": self.baseline}
        return (
            json.dumps(head)[:-1]
            + f', "feature": {rows(self.feature)}, "threshold": {rows(np.minimum(self.threshold, 1e308))}'
            + f', "value": {rows(self.value)}}}\n'
        )

    def matrix(self, cols: dict[str, np.ndarray]) -> np.ndarray:
        """The lines' features in the forest's column order (0 for a feature the page lacks)."""
        zeros = np.zeros(len(next(iter(cols.values()))) if cols else 0)
        return np.column_stack([cols.get(name, zeros) for name in self.names])

    def walk(self, X: np.ndarray) -> np.ndarray:
        """Each line's node in each tree at every level, root to leaf: (depth + 1, lines, trees) indexes into
        ``split_feature``, ``split_threshold`` and ``node_value``."""
        n, width = X.shape
        split_feature, split_threshold, offsets = self.split_feature, self.split_threshold, self.offsets
        flat_x = X.ravel()
        rows = (np.arange(n) * width)[:, None]
        path = np.empty((self.depth + 1, n, len(offsets[0])), dtype=np.intp)
        path[0] = offsets
        for level in range(self.depth):
            node = path[level]
            right = flat_x.take(split_feature.take(node) + rows) > split_threshold.take(node)
            # a node's children sit at 2k + 1 and 2k + 2 of its tree: 2 * node - offset + 1 (+ 1 going right)
            np.add(2 * node - offsets + 1, right, out=path[level + 1])
        return path

    def logits(self, X: np.ndarray) -> np.ndarray:
        """Each line's logit: the baseline plus the value of the leaf it reaches in every tree."""
        return self.explain(X, lambda z: np.zeros(len(z), dtype=bool))[0]

    def logits_of(self, path: np.ndarray) -> np.ndarray:
        return self.baseline + self.node_value.take(path[-1]).sum(axis=1)

    def explain(
        self, X: np.ndarray, wanted: Callable[[np.ndarray], np.ndarray], top: int = 3
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Each line's logit, and for the lines ``wanted`` picks from their logits: their rows, and their ``top``
        strongest pulls down (feature columns and pulls, lowest first; ties by column). Lines are walked a
        ``BLOCK`` at a time, so memory does not grow with a page's length."""
        logits, rows, columns, pulls = [], [], [], []
        for lo in range(0, len(X), BLOCK):
            path = self.walk(X[lo : lo + BLOCK])
            z = self.logits_of(path)
            picked = np.flatnonzero(wanted(z))
            block = self.pulls_of(path[:, picked])
            order = np.argsort(block, axis=1, kind="stable")[:, :top]
            logits.append(z)
            rows.append(picked + lo)
            columns.append(order)
            pulls.append(np.take_along_axis(block, order, axis=1))
        if not logits:
            return np.zeros(0), np.zeros(0, dtype=np.intp), np.zeros((0, top), dtype=np.intp), np.zeros((0, top))
        return np.concatenate(logits), np.concatenate(rows), np.concatenate(columns), np.concatenate(pulls)

    def pulls(self, X: np.ndarray) -> np.ndarray:
        """Each line's pull by each feature (lines x names): the moves of its score at the splits on that
        feature. They sum, with ``root_total``, to the line's logit."""
        return self.pulls_of(self.walk(X))

    def pulls_of(self, path: np.ndarray) -> np.ndarray:
        """``pulls`` of the lines whose ``walk`` is ``path`` (or any lines of it: ``path[:, rows]``)."""
        split_feature, node_value = self.split_feature, self.node_value
        n, width = path.shape[1], len(self.names)
        out = np.zeros(n * width)
        rows = (np.arange(n) * width)[:, None]
        values = node_value.take(path)
        for level in range(self.depth):
            moves = values[level + 1] - values[level]
            at = rows + split_feature.take(path[level])
            out += np.bincount(at.ravel(), weights=moves.ravel(), minlength=n * width)
        return out.reshape(n, width)

    def root_total(self) -> float:
        """The baseline plus every tree's root value: the logit before any split has spoken."""
        return self.baseline + float(self.value[:, 0].sum())


def _infinite(threshold: np.ndarray) -> np.ndarray:
    """Thresholds as ``dumps`` wrote them, padded splits' 1e308 back to +inf."""
    threshold[threshold >= 1e308] = np.inf
    return threshold


def complete_tree(nodes: list[dict], depth: int) -> tuple[list[int], list[float], list[float]]:
    """One tree as complete heap arrays (feature and threshold of inner nodes, value of every node) from its
    nodes as dicts with ``left``, ``right``, ``is_leaf``, ``feature``, ``threshold`` and ``value`` (node 0: the
    root); a line goes left when its feature is at most the threshold."""
    feature = [0] * (2**depth - 1)
    threshold = [float("inf")] * (2**depth - 1)
    value = [0.0] * (2 ** (depth + 1) - 1)

    def fill(source: int, at: int, level: int) -> None:
        node = nodes[source]
        value[at] = float(node["value"])
        if level == depth:
            if not node["is_leaf"]:
                raise ValueError(f"a tree is deeper than {depth}")
            return
        if node["is_leaf"]:  # padded: every line goes left, onto a copy of this leaf
            fill(source, 2 * at + 1, level + 1)
            fill(source, 2 * at + 2, level + 1)
            return
        feature[at], threshold[at] = int(node["feature"]), float(node["threshold"])
        fill(int(node["left"]), 2 * at + 1, level + 1)
        fill(int(node["right"]), 2 * at + 2, level + 1)

    fill(0, 0, 0)
    return feature, threshold, value
