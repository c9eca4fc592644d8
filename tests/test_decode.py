import codecs

import pytest

from cleaner.decode import DecodeError, decode


def test_utf8_with_bom_is_stripped():
    d = decode(codecs.BOM_UTF8 + "héllo".encode())
    assert (d.text, d.encoding, d.bom, d.detected) == ("héllo", "utf-8", True, False)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_bom(encoding):
    d = decode("Привет, мир".encode(encoding))
    assert d.text == "Привет, мир" and d.bom


def test_latin1_is_detected_and_recorded():
    d = decode("Le café est très bon, même à Noël. Ça coûte peu.".encode("cp1252"))
    assert "café" in d.text and d.detected and d.encoding


@pytest.mark.parametrize(
    "text,encoding",
    [
        # charset-normalizer took these for cp857 and cp1250: "lÆÚquipe", "crępes", "naďve", "Ł250,000"
        ("Il a dit « bonjour » à l’équipe. Le coût est de 15 €.\n", "cp1252"),
        ("The house cost £250,000 and the café sold crêpes.\nIt was a naïve decision.\n", "latin-1"),
        ("El niño comió una manzana. ¿Dónde está la estación? Está allí, señor.\n", "cp1252"),
        # and Central European or Cyrillic text must keep its own code page
        ("Zażółć gęślą jaźń. Wczoraj poszliśmy do sklepu, żeby kupić chleb i masło.\n", "cp1250"),
        ("Może pójdziemy jutro do kina? Ów żółw.\n", "cp1250"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy. Včera jsme šli do obchodu koupit chléb.\n", "cp1250"),
        ("Вчера мы ходили в магазин, чтобы купить хлеб и молоко.\n", "cp1251"),
    ],
)
def test_short_legacy_texts_decode_to_their_own_letters(text, encoding):
    d = decode(text.encode(encoding))
    assert d.text == text and d.detected


def test_binary_is_refused_with_a_reason():
    with pytest.raises(DecodeError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
