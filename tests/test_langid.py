"""Language detection: seeded, sampled, and our n-grams, profiles and random walk identical to langdetect's own."""

from __future__ import annotations

from functools import cache

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect import detector_factory
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


@cache
def langdetects_factory() -> detector_factory.DetectorFactory:
    """langdetect's own, as its ``detect`` loads it."""
    detector_factory.init_factory()
    return detector_factory._factory


def _langdetects_detector(text: str) -> Detector:
    detector = langdetects_factory().create()
    detector.seed = 0
    detector.n_trial = langid.TRIALS
    detector.append(text)
    detector.cleaning_text()
    return detector


def _ours(text: str) -> list[str]:
    """Our n-grams of ``text``, as strings."""
    known, _, _ = langid._profile()
    words = list(known)
    detector = langid._factory().create()
    detector.append(text)
    detector.cleaning_text()
    return [words[row] for row in langid._ngrams(detector.text, known)]


MIXED = [
    *PROSE.values(),
    "NASA and the ESA launched it. ABCdef GHI jkl",  # words in capitals are skipped
    "東京都の天気は晴れ。カタカナ ひらがな 한국어",  # script blocks normalised to one character
    "Ţară şi ţară ș ț",  # Romanian commas below become cedillas
    "東京都の天気は晴れのち曇りで、午後から北風が強まる見込みです。" * 3,  # one "word" longer than the cache takes
    "the the THE The tHe the",  # the same word, remembered, in and out of capitals
]


def test_profiles_equal_langdetects_own() -> None:
    known, matrix, languages = langid._profile()
    theirs = langdetects_factory()
    assert languages == theirs.langlist and list(known) == list(theirs.word_lang_prob_map)
    assert np.array_equal(matrix, np.array(list(theirs.word_lang_prob_map.values()))[:, : len(languages)])


def test_a_stray_file_among_the_profiles_changes_nothing(tmp_path, monkeypatch) -> None:
    """langdetect's lists get a slot per folder entry, hidden files too; our matrix a column per language."""
    import shutil

    folder = tmp_path / "profiles"
    shutil.copytree(detector_factory.PROFILES_DIRECTORY, folder)
    (folder / ".DS_Store").write_bytes(b"\0")
    monkeypatch.setattr(detector_factory, "PROFILES_DIRECTORY", str(folder))
    known, matrix, languages = langid._profile.__wrapped__()
    theirs = detector_factory.DetectorFactory()
    theirs.load_profile(str(folder))
    assert languages == theirs.langlist and matrix.shape == (len(known), len(languages))
    text = PROSE["de"]
    detector = theirs.create()
    detector.seed, detector.n_trial = 0, langid.TRIALS
    detector.append(text)
    expected = detector.get_probabilities()
    ours = theirs.create()  # the same languages in the same order: the detector only reads its language list
    ours.seed, ours.n_trial = 0, langid.TRIALS
    ours.append(text)
    ours.cleaning_text()
    walked = langid._walk(ours, langid._ngrams(ours.text, known), matrix)
    assert ours._sort_probability(walked)[0].lang == expected[0].lang == "de"
    assert walked == detector.langprob


def test_ngrams_equal_langdetects_own_on_mixed_scripts() -> None:
    for text in MIXED:
        assert _ours(text) == Detector._extract_ngrams(_langdetects_detector(text)), text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_ngrams_equal_langdetects_own_on_any_text(text: str) -> None:
    assert _ours(text) == Detector._extract_ngrams(_langdetects_detector(text))


def _walks_agree(text: str) -> bool:
    """Our walk's probabilities equal langdetect's ``_detect_block``'s, to the last bit."""
    theirs = _langdetects_detector(text)
    ngrams = theirs._extract_ngrams()
    if not ngrams:
        return True
    theirs._detect_block()
    known, matrix, _ = langid._profile()
    ours = langid._factory().create()
    ours.seed, ours.n_trial = 0, langid.TRIALS
    return langid._walk(ours, [known[gram] for gram in ngrams], matrix) == theirs.langprob


def test_random_walk_equals_langdetects_own() -> None:
    for text in MIXED:
        assert _walks_agree(text), text


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzäöüéèçñ ЖжщЯя中文"), min_size=1, max_size=120))
def test_random_walk_equals_langdetects_own_on_any_text(text: str) -> None:
    assert _walks_agree(text)


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


def test_a_character_of_chinese_weighs_a_word_in_the_sample() -> None:
    code = "ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();"  # 63 characters
    prose = "默认情况下会创建新线程，不适合生产环境。"  # 20 characters, a sentence's worth
    lines = segment(f"{code}\n{prose}\n").lines
    # 18 Han characters at UNSPACED_WEIGHT, two punctuation marks at one
    assert langid.text_weight(prose) == 18 * langid.UNSPACED_WEIGHT + 2 > langid.text_weight(code) == len(code)
    assert langid.sample(lines, limit=30) == prose


def test_a_chinese_page_with_code_and_latin_names_is_chinese() -> None:
    """A CSDN post about Spring Boot came out English (its code was the sample) or Vietnamese (its Latin words
    swayed the n-grams), and the guards for unspaced prose never applied to it."""
    page = "\n".join(
        [
            "public ThreadPoolTaskExecutor taskExecutor(int corePoolSize, int maxPoolSize, int queueCapacity) {",
            "SpringApplication.run(DemoApplication.class, args); // start the application context here",
            "Spring Boot 中使用 @Async 实现异步任务及线程池配置详解",
            "版权声明：本文为博主原创文章，遵循 CC 4.0 BY-SA 版权协议，转载请附上原文出处链接和本声明。",
            "默认情况下，Spring Boot 会使用 SimpleAsyncTaskExecutor，它每次都会创建新线程，不适合生产环境。",
            "同一个类中方法互相调用时，@Async 不会生效，因为没有经过 Spring 代理。",
            "异步方法中的异常不会抛给调用方，需要配置 AsyncUncaughtExceptionHandler 处理。",
        ]
    )
    assert langid.detect_language(segment(page).lines).code == "zh-cn"


def test_an_english_page_with_a_chinese_name_in_it_stays_english() -> None:
    page = (
        "The restaurant on the corner, 老北京 (Old Beijing), has served the same noodles since 1988,"
        " and the owners say the recipe has not changed in all that time."
    )
    assert langid.detect_language(segment(page).lines).code == "en"


def test_the_word_cache_takes_short_words_only_and_stays_bounded() -> None:
    known, _, _ = langid._profile()
    rows_of = langid._rows_of(known)
    rows_of.cache_clear()
    long_word = "x" * (langid._CACHED_WORD + 1)
    langid._ngrams(f"alpha beta {long_word} alpha", known)
    assert rows_of.cache_info().currsize == 3  # alpha (spaced), beta (spaced), alpha (last): not the long word


def test_the_normalisation_table_stops_growing_at_its_limit(monkeypatch) -> None:
    from langdetect.utils.ngram import NGram

    monkeypatch.setattr(langid, "_NORMALISED_LIMIT", 10)
    table = langid._Normalised()
    text = "".join(chr(code) for code in range(0x3040, 0x3040 + 50)) + "Ab.ș"
    assert text.translate(table) == "".join(NGram.normalize(ch) for ch in text)
    assert len(table) == 10
