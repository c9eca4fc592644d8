"""The line model's boosted trees: evaluated as the trees say, and every score split among its features."""

from __future__ import annotations

import numpy as np

from cleaner.detectors import forest as forest_module
from cleaner.detectors import linemodel
from cleaner.detectors.forest import Forest, complete_tree

# Two trees over features a and b, as a fitter gives them: node 0 is the root, leaves end early.
STUMP = [  # a <= 0.5 ? -1 : 2  (a leaf at depth 1, padded to depth 2)
    dict(left=1, right=2, is_leaf=False, feature=0, threshold=0.5, value=0.2),
    dict(left=0, right=0, is_leaf=True, feature=0, threshold=0.0, value=-1.0),
    dict(left=0, right=0, is_leaf=True, feature=0, threshold=0.0, value=2.0),
]
DEEP = [  # b <= 1 ? (a <= 0.25 ? 0.5 : -0.5) : 3
    dict(left=1, right=4, is_leaf=False, feature=1, threshold=1.0, value=0.4),
    dict(left=2, right=3, is_leaf=False, feature=0, threshold=0.25, value=0.0),
    dict(left=0, right=0, is_leaf=True, feature=0, threshold=0.0, value=0.5),
    dict(left=0, right=0, is_leaf=True, feature=0, threshold=0.0, value=-0.5),
    dict(left=0, right=0, is_leaf=True, feature=0, threshold=0.0, value=3.0),
]


def forest() -> Forest:
    trees = [complete_tree(nodes, 2) for nodes in (STUMP, DEEP)]
    feature, threshold, value = (np.array([t[k] for t in trees]) for k in range(3))
    return Forest(("a", "b"), 2, feature, threshold, value, baseline=0.1)


def by_hand(a: float, b: float) -> float:
    first = -1.0 if a <= 0.5 else 2.0
    second = (0.5 if a <= 0.25 else -0.5) if b <= 1 else 3.0
    return 0.1 + first + second


X = np.array([[0.0, 0.0], [0.25, 1.0], [0.3, 1.0], [0.5, 5.0], [0.9, 0.5], [0.9, 2.0]])


def test_trees_send_a_line_left_at_or_under_the_threshold_and_sum_their_leaves():
    assert forest().logits(X).tolist() == [by_hand(a, b) for a, b in X]


def test_a_leaf_reached_early_is_padded_onto_copies_of_itself():
    feature, threshold, value = complete_tree(STUMP, 3)
    assert len(feature) == 7 and len(value) == 15
    assert value[7:11] == [-1.0] * 4 and value[11:] == [2.0] * 4
    assert threshold[1:] == [float("inf")] * 6


def test_a_tree_deeper_than_the_layout_is_refused():
    try:
        complete_tree(DEEP, 1)
    except ValueError as error:
        assert "deeper" in str(error)
    else:
        raise AssertionError("a two-level tree fitted into one level")


def test_pulls_and_the_roots_sum_to_each_logit():
    trees = forest()
    pulls = trees.pulls(X)
    assert np.allclose(pulls.sum(axis=1) + trees.root_total(), trees.logits(X))
    # line [0.9, 2.0]: the stump moves it 0.2 -> 2.0 on a; the deep tree 0.4 -> 3.0 on b
    assert np.allclose(pulls[5], [1.8, 2.6])
    # line [0.3, 1.0]: a moves it 0.2 -> -1.0 and 0.0 -> -0.5; b moves it 0.4 -> 0.0
    assert np.allclose(pulls[2], [-1.7, -0.4])


def test_a_forest_reads_back_what_it_wrote():
    trees = forest()
    again = Forest.loads(trees.dumps())
    assert again.names == trees.names and again.depth == trees.depth and again.baseline == trees.baseline
    assert np.array_equal(again.logits(X), trees.logits(X))


def test_columns_a_page_lacks_read_as_zero():
    trees = forest()
    assert np.array_equal(trees.matrix({"b": np.array([2.0, 0.0])}), [[0.0, 2.0], [0.0, 0.0]])
    assert trees.matrix({}).shape == (0, 2)


def test_the_shipped_trees_load_and_score_probabilities():
    trees = linemodel.load_model().stage2
    X = np.zeros((3, len(trees.names)))
    assert trees.feature.shape == (len(trees.value), 2**trees.depth - 1)
    assert np.all(np.isfinite(trees.logits(X)))


def test_explain_walks_blocks_of_lines_and_gives_the_strongest_pulls_down(monkeypatch):
    trees = forest()
    whole = trees.logits(X)
    monkeypatch.setattr(forest_module, "BLOCK", 4)  # X's six lines in two blocks
    z, rows, columns, pulls = trees.explain(X, lambda z: z < 0.5, top=1)
    assert np.array_equal(z, whole) and np.array_equal(trees.logits(X), whole)
    assert rows.tolist() == [i for i, value in enumerate(whole) if value < 0.5]
    full = trees.pulls(X)[rows]
    assert np.array_equal(columns[:, 0], full.argmin(axis=1)) and np.array_equal(pulls[:, 0], full.min(axis=1))
    empty = trees.explain(np.zeros((0, 2)), lambda z: z < 0.5)
    assert [len(part) for part in empty] == [0, 0, 0, 0]


def test_padded_splits_read_back_as_infinite_thresholds():
    again = Forest.loads(forest().dumps())
    assert np.isinf(again.threshold).sum() == np.isinf(forest().threshold).sum() > 0
