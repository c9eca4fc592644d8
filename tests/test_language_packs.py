"""The platforms' language packs in rules/ (Jetpack, Akismet, Blogger, comment forms, consent lines): what they
must leave of an article. Each case is a way a first draft of these rules removed article text (found in review)."""

import pytest

from cleaner.api import clean_text


def removed(text: str) -> list[str]:
    """The lines the rules remove (adjacent removals come out as one span)."""
    spans = clean_text(text, mode="rules").spans
    return [line.strip() for s in spans for line in text[s.start : s.end].split("\n") if line.strip()]


def test_a_sign_in_button_over_the_article_takes_no_key_points():
    doc = (
        "Bank of England holds rates at 5.25%\n\nBy Jane Doe\nSign in to comment\nKey points\n"
        "* Rates held at 5.25% for a sixth time\n* Two members voted for a cut\n\n"
        "The Bank of England kept interest rates on hold on Thursday, as inflation falls back towards its target.\n"
    )
    gone = "\n".join(removed(doc))
    assert "Key points" not in gone and "Two members voted for a cut" not in gone
    assert removed("An article.\n\nYou must be logged in to post a comment.\n") == [
        "You must be logged in to post a comment."
    ]


@pytest.mark.parametrize(
    "doc",
    [
        "Polityka\n\n12.03.2024, 10:15\nSkomentuj\nNajważniejsze zmiany\nWyższe emerytury\n\n"
        "Rada Ministrów przyjęła projekt.\n",
        "Yorum yap\nKararın ayrıntıları\nEnflasyon beklentisi\n\n"
        "Türkiye Cumhuriyet Merkez Bankası faizi sabit tuttu.\n",
    ],
)
def test_a_comment_button_is_no_comment_form_heading(doc):
    assert [line for line in removed(doc) if not line[:1].isdigit()] == []  # a date stamp may go


@pytest.mark.parametrize(
    "sentence",
    [
        "Akismet is the spam filter that ships with every WordPress install.",
        "Akismet blocks spam comments before they reach your moderation queue, and it is free for personal blogs.",
        "Akismet filtra el spam de los comentarios desde 2005.",
    ],
)
def test_a_sentence_about_akismet_is_no_akismet_notice(sentence):
    assert removed(sentence + "\n") == []


def test_the_akismet_notice_goes_in_russian_too():
    note = "Этот сайт использует Akismet для борьбы со спамом. Узнайте, как обрабатываются ваши данные комментариев."
    assert removed(f"Статья.\n\n{note}\n") == [note]


def test_an_article_on_consent_checkboxes_keeps_its_heading_and_sentences():
    doc = (
        "Я согласен на обработку персональных данных: что на самом деле означает эта галочка?\n\n"
        "Нажимая на кнопку, вы даете согласие на обработку персональных данных — эта фраза стоит под каждой формой.\n"
    )
    assert removed(doc) == []
    form = "Отправить\nНажимая на кнопку, вы даете согласие на обработку персональных данных\n"
    assert "Нажимая на кнопку, вы даете согласие на обработку персональных данных" in removed(form)


def test_blogger_pages_keep_one_word_headings_and_other_pages_stay_out_of_blogger_rules():
    hotel = (
        "Notre week-end à Annecy\n\nAccueil\nLe personnel nous a accueillis avec un verre de jus de pomme.\n\n"
        "Publié par Claire à 18:20\nAucun commentaire:\nArticle plus récent Article plus ancien Accueil\n"
        "Thème Simple. Fourni par Blogger.\n"
    )
    gone = removed(hotel)
    assert "Accueil" not in gone and "Article plus récent Article plus ancien Accueil" in gone
    assert "Thème Simple. Fourni par Blogger." in gone
    gmail = (
        "Responder\nEl botón responde solo al remitente.\n\nEliminar\nLleva el correo a la papelera.\n\n"
        "Con tecnología de Blogger.\n"
    )
    assert removed(gmail) == ["Con tecnología de Blogger."]
    mention = (
        "Mein erstes Blog war ein kostenloses, bereitgestellt von Blogger, und sah entsprechend aus.\n\n"
        "Startseite\nAuf der Startseite stehen heute nur noch die drei neuesten Beiträge.\n\nLabel: Eigenverlag\n"
    )
    assert removed(mention) == []


def test_a_reviews_pros_heading_is_no_like_button():
    doc = "Mi piace:\nBatteria sostituibile in un minuto\nNon mi piace:\nFotocamera mediocre al buio\n"
    assert removed(doc) == []
    assert removed("Un articolo.\n\nMi piace Caricamento...\n") == ["Mi piace Caricamento..."]


def test_a_one_word_related_heading_in_a_recipe_is_left_to_the_model():
    doc = (
        "La masa madre necesita una semana para estar lista.\n\nRelacionado\nCómo alimentar la masa madre\n\n"
        "Ingredientes\n500 g de harina de fuerza\n350 ml de agua\n\nMezcla la harina con el agua.\n"
    )
    assert "Ingredientes" not in "\n".join(removed(doc))


@pytest.mark.parametrize(
    "banner",
    [
        "Click “Accept all cookies” to agree to all cookies, or “Manage settings” to choose which ones we may set.",
        "Über „Cookie-Einstellungen“ können Sie Ihre Auswahl jederzeit ändern oder widerrufen.",
        "Cliquez sur « Paramètres des cookies » pour modifier vos choix à tout moment.",
        "Tap “Sign up for our newsletter” below to get the week's best stories every Friday.",
    ],
)
def test_a_banner_quoting_its_own_buttons_still_goes(banner):
    assert removed(f"The mayor opened the new bridge on Saturday.\n\n{banner}\n") == [banner]


@pytest.mark.parametrize(
    "doc",
    [
        # a French health article's advice section under the heading a news site gives its teasers
        "Le plan canicule est déclenché.\n\nNos recommandations\n\nHydratez-vous\nBuvez 1,5 litre d'eau par jour.\n",
        # explanatory prose using the consent framework's wording
        "Under the GDPR, some processing of your personal data may not require your consent at all, for instance "
        "when a company needs it to fulfil a contract with you.\n",
        "Podpisując wniosek, wyrażasz zgodę na przetwarzanie przez bank twoich danych osobowych "
        "w celach marketingowych.\n",
        # grades, blood types, battery sizes; headings that read like buttons
        "Blood types:\n* A+\n* A-\n* B+\n\nOur grade:\nA-\n\nBatteries:\n* AA\n* AAA\n",
        "Font size\nSet it in rem, not px.\n\nSchriftgröße\nIn Word unter Start.\n",
        "More options\nThe cheaper models have fewer ports.\n\n"
        "Accepteren\nWie de erfenis aanvaardt, erft ook de schulden.\n",
        "Kabul Et\nStresi yönetmenin ilk adımı onu kabul etmektir.\n\nUstawienia zaawansowane\nOtwórz panel routera.\n",
        # sentences the newsletter patterns took
        "Die wichtigsten Nachrichten kommen für ein Drittel der Befragten morgens per Newsletter ins Postfach.\n",
        "Recibí las noticias del hospital por la alerta que me configuraste en tu correo.\n",
        "Dapatkan update berita lewat WhatsApp kini menjadi kebiasaan baru pembaca muda, kata Pemimpin Redaksi.\n",
        # a track list, a list of resolutions, a product ranking's review counts
        "Tracks:\n* Like This\n* Motivation\n\nMetas:\n* Fazer exercício\n* Ler mais\n\n"
        "Samsung Galaxy S24\nOpinie (1243)\n",
    ],
)
def test_article_lines_the_second_review_found_stay(doc):
    assert removed(doc) == []
