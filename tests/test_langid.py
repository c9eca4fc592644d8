"""Language detection: seeded, sampled, and our faster n-gram loop identical to langdetect's own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect.detector import Detector

from cleaner import langid
from cleaner.segment import segment

PROSE = {
    "en": "The committee met on Tuesday to discuss the budget, and most of the members agreed that the plan was fair.",
    "de": "Der Ausschuss traf sich am Dienstag, um über den Haushalt zu sprechen, und die meisten waren einverstanden.",
    "fr": "Le comité s'est réuni mardi pour discuter du budget, et la plupart des membres ont trouvé le plan juste.",
    "ru": "Комитет собрался во вторник, чтобы обсудить бюджет, и большинство членов согласились, что план справедлив.",
    "es": "El comité se reunió el martes para hablar del presupuesto y la mayoría de los miembros estuvo de acuerdo.",
}


def _detector(text: str) -> Detector:
    detector = langid._factory().create()
    detector.append(text)
    detector.cleaning_text()
    return detector


def test_ngrams_equal_langdetects_own_on_mixed_scripts() -> None:
    texts = [
        *PROSE.values(),
        "NASA and the ESA launched it. ABCdef GHI jkl",  # words in capitals are skipped
        "東京都の天気は晴れ。カタカナ ひらがな 한국어",  # script blocks normalised to one character
        "Ţară şi ţară ș ț",  # Romanian commas below become cedillas
    ]
    for text in texts:
        detector = _detector(text)
        assert langid._ngrams(detector) == Detector._extract_ngrams(detector), text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_ngrams_equal_langdetects_own_on_any_text(text: str) -> None:
    detector = _detector(text)
    assert langid._ngrams(detector) == Detector._extract_ngrams(detector)


def test_each_language_is_detected_from_a_sentence() -> None:
    for code, text in PROSE.items():
        assert langid.detect_language(segment(text).lines).code == code


def test_detection_is_the_same_on_every_call() -> None:
    # words of five languages: unseeded, langdetect answers en, hr, 0.33, 0.67 or 1.0 from call to call
    lines = segment("Danke merci gracias thanks obrigado").lines
    assert len({langid.detect_language(lines) for _ in range(20)}) == 1


def test_no_letters_is_unknown() -> None:
    assert langid.detect_language(segment("12 34\n--- | 56\n").lines) is langid.UNKNOWN


def test_sample_takes_the_longest_lines_in_document_order() -> None:
    lines = segment("menu\n" + "a" * 50 + "\nshort\n" + "b" * 40 + "\n").lines
    assert langid.sample(lines, limit=60) == "a" * 50 + "\n" + "b" * 40
