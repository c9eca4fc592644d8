#!/usr/bin/env python3
"""Fit the line model (cleaner/detectors/linemodel.json and linetrees.json) on the development set.

    pip install -e '.[train]'    # scikit-learn, for stage 2's trees; cleaning never needs it
    python bench/train_linemodel.py [--dev DIR] [--folds 2] [--write] [--stage2 trees|logistic]

A dirty line is labelled article when most of its word trigrams occur in the
page's gold text (short lines: when they equal a whole gold line). Examples are
weighted by their tokens over the page's tokens, so each page counts once, as
in the scorer's macro average. Fitting is weighted, L2-regularised logistic
regression by Newton's method (NumPy, which the package also
uses to evaluate the weights) for stage 1. Stage 2 is boosted trees
(scikit-learn's HistGradientBoostingClassifier, needed here only: the package
evaluates the trees in NumPy, see ``cleaner/detectors/forest.py``); ``--stage2
logistic`` fits it as stage 1 is fitted, for comparison (README, "Measured": the trees
gained 0.007 / 0.006 F1 at the same recall, cross-validated by site). Fitting is
deterministic (a fixed random state, no early stopping): the same pages, rules and code
write the same files.

With ``--folds K`` the pages are split K ways by domain (pages of one site never
sit on both sides) and every page is scored by a model that never saw its site:
that is the figure to quote for pages nobody has seen. ``--write`` then fits on
every page and writes the weights.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import tempfile
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import devset  # noqa: E402
import score  # noqa: E402

from cleaner.detectors import Context, linemodel  # noqa: E402
from cleaner.detectors.forest import Forest, complete_tree  # noqa: E402
from cleaner.langid import detect_language  # noqa: E402
from cleaner.pipeline import Engine, Mode  # noqa: E402
from cleaner.rules.loader import load_rules  # noqa: E402
from cleaner.segment import segment  # noqa: E402

DEFAULT_DEV = HERE.parent.parent / "shared" / "bench" / "dev"
ENGINE = Engine(load_rules(), Mode.RULES)


def default_cache(dev: Path, texts: Path | None = None) -> Path:
    """Where the pages' features are cached: named after the pages read (``--dev``, ``--texts``), the
    rules and the package's code, so a change to any builds a new cache instead of reading stale features."""
    where = f"{dev.resolve()}\n{texts.resolve() if texts else ''}"
    digest = hashlib.sha256(f"{ENGINE.rules.digest}\n{where}\n".encode())
    for module in sorted(Path(linemodel.__file__).parents[1].rglob("*.py")):  # segmentation and normalising too
        digest.update(module.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return Path(tempfile.gettempdir()) / f"linemodel-pages-{digest.hexdigest()[:12]}.pkl"


def _trigrams(tokens: list[str]) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + 3]) for i in range(len(tokens) - 2)]


def page(args: tuple[str, str, str, str]) -> dict:
    """One page's feature rows, labels, token counts and line texts' token bags."""
    set_dir, id_, domain, texts_dir = args
    source = Path(texts_dir) / f"{Path(set_dir).name}-{id_}.txt" if texts_dir else Path(set_dir) / f"{id_}.dirty.txt"
    dirty = source.read_text(encoding="utf-8", errors="replace")
    gold = (Path(set_dir) / f"{id_}.gold.txt").read_text(encoding="utf-8", errors="replace")
    gold_lines = [score.tokens(line) for line in gold.splitlines()]
    gold_grams = {g for toks in gold_lines for g in _trigrams(toks)}
    gold_whole = {tuple(toks) for toks in gold_lines if toks}
    doc = segment(dirty)
    language = detect_language(doc.lines)
    removals = ENGINE.removals(doc, language)
    claimed = frozenset(i for r in removals for i in range(r.first, r.last + 1))
    context = Context(language, claimed)
    verdicts, cols = linemodel.stage1_features(doc, context)
    labels, ntoks, texts = [], [], []
    for v in verdicts:
        toks = score.tokens(doc.lines[v.index].text)
        grams = _trigrams(toks)
        if grams:
            keep = sum(g in gold_grams for g in grams) / len(grams) >= 0.5
        else:
            keep = bool(toks) and tuple(toks) in gold_whole
        labels.append(int(keep))
        ntoks.append(len(toks))
        texts.append(doc.lines[v.index].text)
    return dict(set=Path(set_dir).name, id=id_, domain=domain, cols=cols, labels=labels, ntoks=ntoks,
                texts=texts, claimed=[v.index in claimed for v in verdicts], gold=gold,
                language=language.code)


def load_pages(dev: Path, cache: Path, texts: Path | None = None) -> list[dict]:
    if cache.exists():
        pages = pickle.loads(cache.read_bytes())
        # sites are looked up again, not trusted from the cache: an older cache folded by full URL
        sites = {d.name: devset.site_of(d) for d in dev.iterdir() if (d / "manifest.jsonl").exists()}
        for pg in pages:
            pg["domain"] = sites.get(pg["set"], {}).get(pg["id"], pg["id"])
        return pages
    jobs = []
    for set_dir in sorted(p for p in dev.iterdir() if p.is_dir()):
        # the page's site, so no site is on both sides of a fold (scrapinghub's manifest has no domain field)
        meta = devset.site_of(set_dir) if (set_dir / "manifest.jsonl").exists() else {}
        for p in sorted(set_dir.glob("*.dirty.txt")):
            id_ = p.name[: -len(".dirty.txt")]
            if texts and not (texts / f"{set_dir.name}-{id_}.txt").exists():
                continue
            if (set_dir / f"{id_}.gold.txt").exists():
                jobs.append((str(set_dir), id_, str(meta.get(id_, id_)), str(texts or "")))
    with Pool() as pool:
        pages = pool.map(page, jobs, chunksize=8)
    cache.write_bytes(pickle.dumps(pages))
    return pages


def matrix(tables: list[linemodel.Columns], names: list[str]) -> np.ndarray:
    """The pages' feature columns stacked into one matrix, ``names`` in order (0 where a page lacks one)."""
    blocks = []
    for cols in tables:
        if cols:
            zeros = np.zeros(len(cols["bias"]))
            blocks.append(np.column_stack([cols.get(name, zeros) for name in names]))
    return np.vstack(blocks) if blocks else np.zeros((0, len(names)))


def fit(X: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1.0, steps: int = 25) -> np.ndarray:
    """Weighted L2 logistic regression by Newton's method."""
    beta = np.zeros(X.shape[1])
    reg = np.full(X.shape[1], l2)
    reg[0] = 0.0  # the bias (first column) is not shrunk
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(X @ beta, -30, 30)))
        grad = X.T @ (w * (p - y)) + reg * beta
        hess = (X * (w * p * (1 - p))[:, None]).T @ X + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-6:
            break
    return beta


def weights_of(pages: list[dict]) -> np.ndarray:
    out = []
    for pg in pages:
        total = sum(pg["ntoks"]) or 1
        out += [max(n, 1) / total for n in pg["ntoks"]]
    return np.array(out)


def stage_rows(pages: list[dict]) -> list[linemodel.Columns]:
    return [pg["cols"] for pg in pages]


# --trees, --depth, --lr, --min-leaf. Leaves of 200 lines or more: a page's own features (its length, its sure
# run) are the same on all its lines, and leaves of 40 let the trees learn single pages (cross-validated, 40
# gave 0.855 / 0.847 at recall 0.986 / 0.958, 200 gives 0.854 / 0.849 at 0.986 / 0.961, 1000 0.852 / 0.848)
TREES = {"max_iter": 100, "max_depth": 5, "learning_rate": 0.15, "min_samples_leaf": 200}


def fit_forest(X: np.ndarray, y: np.ndarray, w: np.ndarray, names: list[str]) -> Forest:
    """Boosted trees of at most ``TREES["max_depth"]`` levels, as a Forest the package evaluates in NumPy."""
    from sklearn.ensemble import HistGradientBoostingClassifier  # training only: pip install -e '.[train]'

    depth, rate = TREES["max_depth"], TREES["learning_rate"]
    model = HistGradientBoostingClassifier(
        max_iter=TREES["max_iter"], max_depth=depth, max_leaf_nodes=2**depth, learning_rate=rate,
        min_samples_leaf=TREES["min_samples_leaf"], l2_regularization=1.0, early_stopping=False, random_state=0,
    ).fit(X, y, sample_weight=w * len(w) / w.sum())
    trees = []
    for (predictor,) in model._predictors:
        # sklearn shrinks leaf values only: shrink inner nodes' values too, so a split's move is on the leaves' scale
        nodes = [dict(left=n["left"], right=n["right"], is_leaf=bool(n["is_leaf"]), feature=n["feature_idx"],
                      threshold=n["num_threshold"], value=n["value"] * (1.0 if n["is_leaf"] else rate))
                 for n in predictor.nodes]
        if not nodes[0]["is_leaf"]:
            # sklearn leaves the root's value at 0: give it its children's mean, so the first split's pull is
            # its move from the tree's average, as every other split's is (Saabas), not the tree's average too
            left, right = nodes[nodes[0]["left"]], nodes[nodes[0]["right"]]
            counts = predictor.nodes["count"]
            cl, cr = counts[nodes[0]["left"]], counts[nodes[0]["right"]]
            nodes[0]["value"] = (left["value"] * cl + right["value"] * cr) / (cl + cr)
        trees.append(complete_tree(nodes, depth))
    feature, threshold, value = (np.array([t[k] for t in trees]) for k in range(3))
    return Forest(tuple(names), depth, feature, threshold, value, float(np.ravel(model._baseline_prediction)[0]))


def train(pages: list[dict], l2: float, trees: bool = True) -> tuple[dict, dict | Forest]:
    """Stage 1 on all pages; stage 2 on stage-1 scores computed out of fold, as at run time they are unseen."""
    names1 = ["bias"] + sorted({n for pg in pages for n in pg["cols"]} - {"bias"})
    y = np.array([label for pg in pages for label in pg["labels"]], dtype=float)
    w = weights_of(pages)
    beta1 = fit(matrix(stage_rows(pages), names1), y, w, l2)
    half = [pg for pg in pages if _fold(pg, 2, "inner") == 0], [pg for pg in pages if _fold(pg, 2, "inner") == 1]
    oof = {}
    for k in (0, 1):
        other = half[1 - k]
        labels = np.array([label for pg in other for label in pg["labels"]], float)
        b = fit(matrix(stage_rows(other), names1), labels, weights_of(other), l2)
        for pg in half[k]:
            oof[(pg["set"], pg["id"])] = _scores(pg["cols"], dict(zip(names1, b, strict=True)))
    second = [linemodel.stage2_features(pg["cols"], oof[(pg["set"], pg["id"])]) for pg in pages]
    names2 = ["bias"] + sorted({n for cols in second for n in cols} - {"bias"})
    if trees:
        return dict(zip(names1, beta1, strict=True)), fit_forest(matrix(second, names2), y, w, names2)
    beta2 = fit(matrix(second, names2), y, w, l2)
    return dict(zip(names1, beta1, strict=True)), dict(zip(names2, beta2, strict=True))


def _scores2(stage2: dict | Forest, cols: linemodel.Columns) -> np.ndarray:
    if isinstance(stage2, Forest):
        return linemodel._sigmoid(stage2.logits(stage2.matrix(cols)))
    return _scores(cols, stage2)


def _scores(cols: linemodel.Columns, weights: dict) -> np.ndarray:
    return linemodel._sigmoid(linemodel.logits(weights, cols))


def _fold(pg: dict, k: int, salt: str = "") -> int:
    """The page's fold, by its site, so one site's pages never sit on both sides of a split."""
    return int(hashlib.sha256((salt + pg["domain"]).encode()).hexdigest(), 16) % k


def _prose_share(cols: linemodel.Columns) -> float:
    """linemodel.prose_share from a page's columns: characters in lines jusText calls good or near-good."""
    chars = np.expm1(cols["log_chars"])
    total = chars.sum()
    return float((chars * (cols["cf_good"] + cols["cf_neargood"])).sum() / total) if total else 0.0


def evaluate(
    pages: list[dict], w1: dict, w2: dict | Forest, thresholds: list[float], page_rule: dict[str, float] | None = None
) -> dict[float, dict[str, list]]:
    """Per threshold, per set: (P, R, F1) of each page, scored like score.py on the kept lines.

    ``page_rule``: linemodel.json's thresholds for pages of little prose; each threshold then
    stands for balanced mode's, and every page is cut as balanced mode cuts it
    (``linemodel.page_cut``). None: one flat threshold for every page.
    """
    out: dict[float, dict[str, list]] = {t: {} for t in thresholds}
    for pg in pages:
        s1 = _scores(pg["cols"], w1)
        s2 = _scores2(w2, linemodel.stage2_features(pg["cols"], s1)) if pg["cols"] else np.zeros(0)
        ruled = page_rule is not None and bool(pg["cols"])
        share = _prose_share(pg["cols"]) if ruled else 1.0
        run = linemodel.sure_run(pg["cols"], s1) if ruled else 0.0
        head = linemodel.headline(pg["cols"], s1) if ruled else None  # balanced mode keeps it
        gold = Counter(score.tokens(pg["gold"]))
        for t in thresholds:
            cut = linemodel.page_cut({**page_rule, "balanced": t}, share, run, False)[0] if ruled else t
            rows = zip(pg["texts"], s2, pg["claimed"], range(len(s2)), strict=True)
            kept = "\n".join(text for text, p, c, pos in rows if (p >= cut or pos == head) and not c)
            p, r, f, *_ = score.prf(gold, Counter(score.tokens(kept)))
            out[t].setdefault(pg["set"], []).append((p, r, f))
    return out


def report(results: dict[float, dict[str, list]]) -> None:
    for t, sets in results.items():
        parts = []
        for name, rows in sorted(sets.items()):
            n = len(rows)
            parts.append(f"{name} P {sum(r[0] for r in rows)/n:.3f} R {sum(r[1] for r in rows)/n:.3f} "
                         f"F1 {sum(r[2] for r in rows)/n:.3f}")
        print(f"threshold {t:.2f}: " + " | ".join(parts))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--cache", type=Path, default=None, help="the pages' features (default: named after the code)")
    ap.add_argument("--folds", type=int, default=0, help="cross-validate by domain with K folds")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--texts", type=Path, help="train on these texts (SET-ID.txt, e.g. bench/seedlike.py's cache) "
                    "instead of the dirty dumps")
    ap.add_argument("--out", type=Path, default=linemodel.MODEL_FILE, help="where --write puts the weights")
    ap.add_argument("--thresholds", default="0.2,0.3,0.4,0.5")
    ap.add_argument("--stage2", choices=("trees", "logistic"), default="trees")
    ap.add_argument("--trees", type=int, default=TREES["max_iter"], help="stage 2's trees")
    ap.add_argument("--depth", type=int, default=TREES["max_depth"], help="their depth")
    ap.add_argument("--lr", type=float, default=TREES["learning_rate"], help="their learning rate")
    ap.add_argument("--min-leaf", type=int, default=TREES["min_samples_leaf"], help="lines a leaf holds at least")
    ap.add_argument("--balanced", type=float, default=0.25, help="threshold written for balanced mode")
    ap.add_argument("--aggressive", type=float, default=0.5, help="threshold written for aggressive mode")
    ap.add_argument("--little-prose", type=float, default=0.05,
                    help="balanced mode's threshold on a page with little prose (see linemodel._threshold)")
    ap.add_argument("--little-prose-share", type=float, default=0.20,
                    help="a page has little prose when less than this share of its characters is prose")
    ap.add_argument("--little-prose-run-words", type=float, default=100,
                    help="a page of little prose whose sure run has this many words is cut at --little-prose-with-run")
    ap.add_argument("--little-prose-with-run", type=float, default=0.15)
    ap.add_argument("--write", action="store_true", help="fit on every page and write the weights")
    ap.add_argument("--no-page-rule", action="store_true",
                    help="score flat thresholds, without balanced mode's threshold for pages of little prose")
    args = ap.parse_args()
    written = {"balanced": args.balanced, "aggressive": args.aggressive, "little_prose": args.little_prose,
               "little_prose_share": args.little_prose_share, "little_prose_run_words": args.little_prose_run_words,
               "little_prose_with_run": args.little_prose_with_run}
    page_rule = None if args.no_page_rule else written
    TREES.update(max_iter=args.trees, max_depth=args.depth, learning_rate=args.lr, min_samples_leaf=args.min_leaf)
    trees = args.stage2 == "trees"
    if args.write and not trees:
        ap.error("--write needs --stage2 trees: the package evaluates trees (--stage2 logistic is for --folds)")
    pages = load_pages(args.dev, args.cache or default_cache(args.dev, args.texts), args.texts)
    thresholds = [float(t) for t in args.thresholds.split(",")]
    print(f"{len(pages)} pages, {sum(len(pg['labels']) for pg in pages)} lines")
    if args.folds:
        merged: dict[float, dict[str, list]] = {t: {} for t in thresholds}
        for k in range(args.folds):
            train_pages = [pg for pg in pages if _fold(pg, args.folds) != k]
            test_pages = [pg for pg in pages if _fold(pg, args.folds) == k]
            w1, w2 = train(train_pages, args.l2, trees)
            for t, sets in evaluate(test_pages, w1, w2, thresholds, page_rule).items():
                for name, rows in sets.items():
                    merged[t].setdefault(name, []).extend(rows)
        print(f"cross-validated by domain, {args.folds} folds:")
        report(merged)
    if args.write:
        w1, w2 = train(pages, args.l2, trees)
        print("fitted on every page:")
        report(evaluate(pages, w1, w2, thresholds, page_rule))
        data = {
            "about": "Line model weights fitted by bench/train_linemodel.py on the development set's layouts.",
            "thresholds": written,
            "stage1": {k: round(v, 4) for k, v in w1.items() if abs(v) >= 1e-4},
        }
        if isinstance(w2, Forest):
            trees_file = args.out.with_name(linemodel.TREES_FILE)
            data["stage2"] = {"trees": trees_file.name}
            trees_file.write_text(w2.dumps(), encoding="utf-8")
        else:
            data["stage2"] = {k: round(v, 4) for k, v in w2.items() if abs(v) >= 1e-4}
        args.out.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
