"""Language of a document: seeded langdetect on a bounded sample of its prose.

langdetect is random unless seeded and slow on long texts, so we seed it here
(the one place) and give it at most ``SAMPLE_CHARS`` of the document's longest
lines, which is where the language of the content lives (a character of Chinese or Japanese counting
as a word's worth, see ``text_weight``). Two of its steps are
redone here with the same arithmetic, so the answers are langdetect's to the last
bit: ``_ngrams`` is its n-gram loop with the normalisation and each word's n-grams memoised, and
``_walk`` its random walk over one contiguous matrix of the profiles. langdetect
keeps a list of 55 floats per n-gram, scattered through memory: between two
trafilatura extractions, which evict them from the CPU's caches, detection took
3.2 ms a page (1.3 ms in a loop of detections alone); over the matrix, 1.7 to 1.9.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from functools import lru_cache, partial
from typing import Any

import numpy as np

from cleaner.document import Language, Line
from cleaner.lineshape import UNSPACED

SAMPLE_CHARS = 600
TRIALS = 3  # langdetect's default of 7 costs 2.3x the time for the same answer on a clean sample
UNKNOWN = Language(None, 0.0)


def load() -> None:
    """Load langdetect's profiles now (under a second), so worker processes forked later share them."""
    _factory()


@lru_cache(maxsize=1)
def _factory() -> Any:
    """A langdetect factory of our own, which makes the detectors (text clean-up, language list, final
    ranking); the module's shared factory, which other code in the process may use, is left alone."""
    from langdetect import DetectorFactory

    factory = DetectorFactory()
    factory.langlist, factory.word_lang_prob_map = _profile()[2], {}
    return factory


@lru_cache(maxsize=1)
def _profile() -> tuple[dict[str, int], np.ndarray, list[str]]:
    """langdetect's profiles as one matrix: each known n-gram's row, the rows (its probability in each
    language) and the languages, as ``DetectorFactory.load_profile`` computes them.

    langdetect holds a list of 55 Python floats per n-gram; the matrix holds them side by side in 39 MB
    (a process that has loaded either peaks at about 80 MB).
    """
    from langdetect.detector_factory import PROFILES_DIRECTORY

    names = os.listdir(PROFILES_DIRECTORY)  # langdetect's order
    paths = [os.path.join(PROFILES_DIRECTORY, name) for name in names if not name.startswith(".")]
    paths = [path for path in paths if os.path.isfile(path)]
    # langdetect sizes its lists by every entry of the folder, hidden ones too, but reads only one slot per
    # language loaded: a column per profile is the same walk, and a stray file cannot widen the matrix
    known: dict[str, int] = {}
    for path in paths:  # read twice, one profile at a time, rather than hold all 55 parsed at once
        for word in _read_profile(path)["freq"]:
            known.setdefault(word, len(known))
    matrix = np.zeros((len(known), len(paths)), dtype=np.float64)
    languages = []
    for column, path in enumerate(paths):
        profile = _read_profile(path)
        languages.append(profile["name"])
        n_words = profile["n_words"]
        for word, count in profile["freq"].items():
            if 1 <= len(word) <= 3:
                matrix[known[word], column] = 1.0 * count / n_words[len(word) - 1]
    return known, matrix, languages


def _read_profile(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as file:
        profile: dict[str, Any] = json.load(file)
    return profile


class _Normalised(dict[int, str]):
    """Code point -> langdetect's normalised character (``NGram.normalize``), for ``str.translate``:
    filled as characters are met, up to ``_NORMALISED_LIMIT`` of them, then computed each time."""

    def __missing__(self, code: int) -> str:
        from langdetect.utils.ngram import NGram

        value: str = NGram.normalize(chr(code))
        if len(self) < _NORMALISED_LIMIT:  # a text of a million rare code points must not hold 170 MB
            self[code] = value
        return value


_NORMALISED_LIMIT = 1 << 16
_NORMALISED = _Normalised()
_CACHED_WORD = 24  # characters: longer "words" (CJK lines, Thai, run-together blobs) rarely recur, and are large
_word_rows: tuple[dict[str, int], Callable[[str, bool], tuple[int, ...]]] | None = None


def _ngrams(text: str, known: dict[str, int]) -> list[int]:
    """langdetect's ``Detector._extract_ngrams``, step for step (same n-grams, same order), as profile rows.

    The 1-, 2- and 3-grams of the text that the profiles know, skipping grams inside
    words written in capitals, exactly as langdetect 1.0.9 does. Its loop starts afresh
    after every space, so the rows are each word's own, followed or not by its space:
    the most recent short words' rows are remembered, as common words recur from page to page.
    """
    rows_of = _rows_of(known)
    words = text.translate(_NORMALISED).split(" ")
    last = len(words) - 1
    result: list[int] = []
    for i, word in enumerate(words):
        if not word:
            continue  # spaces in a row: langdetect skips the later ones
        if len(word) <= _CACHED_WORD:
            result += rows_of(word, i < last)
        else:
            result += _word_ngrams(word, i < last, known)
    return result


def _rows_of(known: dict[str, int]) -> Callable[[str, bool], tuple[int, ...]]:
    """A word's rows in ``known``, remembered for the last 8,192 words (about 3 MB); one profile at a time."""
    global _word_rows
    if _word_rows is None or _word_rows[0] is not known:
        _word_rows = (known, lru_cache(maxsize=8192)(partial(_word_ngrams, known=known)))
    return _word_rows[1]


def _word_ngrams(word: str, spaced: bool, known: dict[str, int]) -> tuple[int, ...]:
    """langdetect's n-gram loop over one normalised word (and the space after it, when ``spaced``)."""
    result: list[int] = []
    grams, capital = " ", False
    for ch in word + " " if spaced else word:
        last = grams[-1]
        if len(grams) >= 3:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            if last.isupper():
                capital = True
        else:
            capital = False
        if capital:
            continue
        if grams[-1] != " " and (row := known.get(grams[-1])) is not None:
            result.append(row)
        if len(grams) >= 2 and (row := known.get(grams[-2:])) is not None:
            result.append(row)
        if len(grams) >= 3 and (row := known.get(grams)) is not None:
            result.append(row)
    return tuple(result)


def _walk(detector: Any, rows: list[int], profiles: np.ndarray) -> list[float]:
    """langdetect's ``Detector._detect_block`` after its n-gram step: the same random draws and the same
    floating-point operations in the same order, on NumPy rows (element-wise, so bit for bit the same)."""
    n_trial = detector.n_trial
    langprob = np.zeros(len(detector.langlist))
    random = detector.random
    random.seed(detector.seed)
    for _ in range(n_trial):
        prob = np.array(detector._init_probability(), dtype=np.float64)
        alpha = detector.alpha + random.gauss(0.0, 1.0) * detector.ALPHA_WIDTH
        weight = alpha / detector.BASE_FREQ
        i = 0
        while True:
            prob *= weight + profiles[random.choice(rows)]
            if i % 5 == 0:
                prob /= sum(prob.tolist())  # summed left to right, as langdetect's sum() does
                if prob.max() > detector.CONV_THRESHOLD or i >= detector.ITERATION_LIMIT:
                    break
            i += 1
        langprob += prob / n_trial
    return langprob.tolist()


# A character of a script written without spaces (lineshape.UNSPACED: Han, kana, Thai, Lao, Khmer, Myanmar)
# carries much of a word: a Chinese sentence is a third to a quarter the length of its English translation.
# At 4, all 40 Chinese and Japanese held-out pages are read in their language (2 were not by length alone).
UNSPACED_WEIGHT = 4
_LATIN = re.compile(r"[A-Za-z]")


def text_weight(text: str) -> int:
    """How much language a line holds: its length, with each character of an unspaced script counted
    ``UNSPACED_WEIGHT`` times (a Chinese docs page's prose against its longer lines of code)."""
    if text.isascii():
        return len(text)
    return len(text) + (UNSPACED_WEIGHT - 1) * len(UNSPACED.findall(text))


def sample(lines: Sequence[Line], limit: int = SAMPLE_CHARS) -> str:
    """The weightiest lines (``text_weight``), in document order, up to a weight of ``limit``."""
    weights = {line.index: text_weight(line.text) for line in lines if not line.blank}
    chosen: set[int] = set()
    total = 0
    for index in sorted(weights, key=lambda index: (-weights[index], index)):
        if total >= limit:
            break
        chosen.add(index)
        total += weights[index]
    return "\n".join(line.text.strip() for line in lines if line.index in chosen)[: limit * 2]


def detect_language(lines: Sequence[Line]) -> Language:
    """The most probable language of the lines, or UNKNOWN when there is no letter to go on."""
    text = sample(lines)
    if not any(ch.isalpha() for ch in text):
        return UNKNOWN
    if not text.isascii() and len(UNSPACED.findall(text)) * UNSPACED_WEIGHT >= len(_LATIN.findall(text)):
        # a Chinese or Japanese page's Latin words (code, product names, URLs) sway langdetect's n-grams
        # (a Chinese post with Java in it came out Vietnamese); the unspaced script's own n-grams decide
        text = _LATIN.sub(" ", text)
    detector = _factory().create()
    detector.seed = 0
    detector.n_trial = TRIALS
    detector.append(text)
    detector.cleaning_text()
    known, profiles, _ = _profile()
    rows = _ngrams(detector.text, known)
    if not rows:  # langdetect: "No features in text."
        return UNKNOWN
    best = detector._sort_probability(_walk(detector, rows, profiles))[:1]
    if not best:
        return UNKNOWN
    return Language(best[0].lang, round(best[0].prob, 4))
