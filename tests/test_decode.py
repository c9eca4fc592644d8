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


def test_binary_is_refused_with_a_reason():
    with pytest.raises(DecodeError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
