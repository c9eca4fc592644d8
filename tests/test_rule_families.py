"""Shipped rule families on small pages shaped like the sites they are for."""

import pytest

from cleaner.pipeline import Engine, Mode
from cleaner.rules.loader import load_rules

RULES = Engine(load_rules(), Mode.RULES)

QUESTION = "I have two log files and want them merged by time stamp, but sort mixes the lines of both files."
ANSWER = "Use sort with the merge flag: the files are sorted already, so it only interleaves their lines."
COMMENT = "@alice That works, but only when both files use the same time zone in every line."


def qa_page() -> str:
    """A Stack Exchange question page as a text dump renders it (indentation as in the dumps)."""
    return f"""Skip to main content
      Stack Exchange Network
      Stack Exchange network consists of 183 Q&A communities including Stack Overflow.
       1. Home
       2. Questions
        Knowledge at work
          How do I merge two sorted log files?
              Ask Question
            Asked 2 years, 3 months ago
            Modified 1 year ago
            Viewed 2k times
                    3

                  {QUESTION}
                            Share
                            Improve this question
                            Follow
                            asked Jul 18, 2024 at 4:39
                            559 2 2 silver badges 12 12 bronze badges
                  Add a comment |

                  1 Answer

                      Sorted by: Reset to default
                      Highest score (default) Date modified (newest first) Date created (oldest first)
                      5

                    {ANSWER}
                              Share
                              Improve this answer
                              Follow
                              answered Jul 18, 2024 at 13:22
                              88.7k 16 16 gold badges 125 125 silver badges 181 181 bronze badges
                                  {COMMENT}

            Your Answer

                Thanks for contributing an answer to Unix & Linux!
                  * Please be sure to answer the question. Provide details and share your research!
            Hot Network Questions
              * Why is the sky blue?
              * Which LEGO set are these bags from?
            Question feed
                To subscribe to this RSS feed, copy and paste this URL into your RSS reader.
"""


def test_a_question_page_loses_its_chrome_and_keeps_the_question_its_answers_and_comments():
    result = RULES.clean(qa_page())
    kept = {line.strip() for line in result.text.splitlines()}
    assert {QUESTION, ANSWER, COMMENT} <= kept
    for chrome in (
        "Stack Exchange Network",
        "Ask Question",
        "Viewed 2k times",
        "Improve this answer",
        "88.7k 16 16 gold badges 125 125 silver badges 181 181 bronze badges",
        "Your Answer",
        "* Why is the sky blue?",
        "Sorted by: Reset to default",
        "1 Answer",
        "5",
    ):
        assert chrome not in kept, chrome
    assert {span.rule for span in result.spans} >= {"qa.page-head", "qa.post-controls", "qa.answer-form"}


def test_the_qa_rules_leave_a_page_without_the_engines_signature_alone():
    # the same words on a page that is not a Q&A site: "Share", "Follow" and counters are content there
    page = "Skip to main content\nOur bakery\nShare\nFollow\n5\nYour Answer\nWe bake every morning.\nQuestion feed\n"
    result = RULES.clean(page)
    assert not any(span.rule.startswith("qa.") for span in result.spans)


POST = "I heard that the interviews have started already, so I figured we should get this thread going."
REPLY = "That's amazing news, congratulations on the invitation and good luck with it!"


def xenforo_thread() -> str:
    """A XenForo thread as a text dump renders it."""
    return f"""          Log In Sign Up
          What's new Search
          Official 2024-2025 Application Thread
            * Thread starter boobaloobie
            * Start date Jul 18, 2024
                        boobaloobie
                        Full Member
                          7+ Year Member
                        Joined Jun 29, 2016 Messages 11 Reaction score 10 Points 4,726
                          * #1
                                {POST}
                        pnomes
                        Well-known Member
                        Joined Mar 25, 2013 Messages 2 Reaction score 1 Points 225
                          * #2
                                  boobaloobie said:
                                {REPLY}
                          Reactions: boobaloobie and celia17
                            Last edited: Jul 25, 2024
                  You must log in or register to reply here.
              Similar threads
"""


def test_a_xenforo_thread_loses_its_post_furniture_and_keeps_posters_and_quotes():
    result = RULES.clean(xenforo_thread())
    kept = {line.strip() for line in result.text.splitlines()}
    assert {POST, REPLY, "boobaloobie", "pnomes", "boobaloobie said:"} <= kept
    for chrome in (
        "* Thread starter boobaloobie",
        "7+ Year Member",
        "Well-known Member",
        "* #2",
        "Joined Jun 29, 2016 Messages 11 Reaction score 10 Points 4,726",
        "Last edited: Jul 25, 2024",
        "Reactions: boobaloobie and celia17",
        "You must log in or register to reply here.",
        "Similar threads",
    ):
        assert chrome not in kept, chrome


TRIP = "Got back on Sunday from twelve days on the road, mostly following the coast path south."
COMMENT_TEXT = "Great write-up. On point 2, a lot of people get caught out by the climbs after the border."


def reddit_thread() -> str:
    """A Reddit thread (the new design) as a text dump renders it."""
    return f"""Skip to main content
Open menu
Go to Reddit Home
Get the Reddit app
Log In
r/bicycletouring
•
2 days ago
First proper tour done: 1,100 km along the coast
{TRIP}
Upvote
412
Downvote
Go to comments
Share
Sort by:
Best
Open comment sort options
Search Comments
Comments Section
2d ago
Top 1% Commenter
{COMMENT_TEXT}
Upvote
47
Downvote
Reply
2 more replies
Reddit Rules Privacy Policy User Agreement Accessibility Reddit, Inc. © 2025. All rights reserved.
"""


def test_a_reddit_thread_loses_its_chrome_and_keeps_the_post_and_its_comments():
    result = RULES.clean(reddit_thread())
    kept = {line.strip() for line in result.text.splitlines()}
    assert {TRIP, COMMENT_TEXT, "First proper tour done: 1,100 km along the coast"} <= kept
    for chrome in ("Upvote", "412", "Downvote", "Open comment sort options", "Top 1% Commenter", "2 more replies"):
        assert chrome not in kept, chrome
    assert "reddit.controls" in {span.rule for span in result.spans}


def test_reddits_rules_leave_a_page_without_its_chrome_alone():
    page = f"Our cycling club\nUpvote\n412\nBest\nReply\n{TRIP}\n"
    result = RULES.clean(page)
    assert not any(span.rule.startswith("reddit.") for span in result.spans)


def test_a_vbulletin_thread_loses_its_tools_and_permissions_and_keeps_posts_and_quotes():
    post = "My nitrite spiked two days after I moved the filter media to the new tank, and the fish are gasping."
    quote = "Quote Originally Posted by Old Tetra Hand View Post"
    page = f"""Thread Tools
Show Printable Version
Subscribe to this Thread…
03-14-2024, 09:12 PM #1
coralcat
Join Date
Mar 2019
{post}
Reply With Quote
03-15-2024, 07:48 AM #2
{quote}
Do a 50% water change now.
Posting Permissions
You may not post new threads
BB code is On
Powered by vBulletin® Version 4.2.5
"""
    result = RULES.clean(page)
    kept = {line.strip() for line in result.text.splitlines()}
    assert {post, quote, "Do a 50% water change now."} <= kept, "a quote's header stays with the reply"
    for chrome in ("Thread Tools", "03-14-2024, 09:12 PM #1", "Posting Permissions", "You may not post new threads"):
        assert chrome not in kept, chrome


def test_a_recipe_card_loses_its_buttons_and_keeps_ingredients_and_steps():
    page = """Jump to Recipe
Print Recipe
Brown Butter Chocolate Chip Cookies
4.96 from 212 votes
Pin Recipe
US Customary – Metric
1x2x3x
1 cup unsalted butter
Brown the butter until it smells of toffee, then let it cool for ten minutes.
Tried this recipe?Mention @hannahbakes or tag #hannahbakes!
Reader Interactions
"""
    result = RULES.clean(page)
    kept = {line.strip() for line in result.text.splitlines()}
    assert {"1 cup unsalted butter", "Brown Butter Chocolate Chip Cookies"} <= kept
    assert "Brown the butter until it smells of toffee, then let it cool for ten minutes." in kept
    assert not kept & {"Jump to Recipe", "Print Recipe", "4.96 from 212 votes", "1x2x3x", "Reader Interactions"}


CHROME_OVER_AN_ARTICLE = {
    # the news chrome of six languages
    "six languages": (
        [
            "12.03.2025, 14.37 Uhr",
            "Artikel anhören • 4 Min",
            "Foto: Uwe Zucchi / dpa",
            "Par Claire Morin (Rennes, correspondante)",
            "Offrir l’article",
            "Lire aussi | Transports gratuits : les villes qui ont franchi le pas",
            "Valencia - 05 mar 2025 - 06:00 CET",
            "Ir a los comentarios",
            "di Marco Ferri",
            "Ascolta l'articolo",
            "Compartilhar no WhatsApp",
            "14 февраля 2025, 09:41",
            "Подписывайтесь на «Вести Приангарья» в Telegram",
        ],
        "Der Fernwärmepreis steigt zum 1. April um fast ein Drittel, wie die Stadtwerke am Mittwoch mitteilten.",
    ),
    # regional chains: Postmedia, Reach, TownNews, ABC; Dutch and Polish sites; Substack's reactions
    "regional chains": (
        [
            "Article content",  # Postmedia prints it between paragraphs
            "Advertisement 2",
            "Story continues below",
            "Article continues below",
            "We have more newsletters",
            "Get local news delivered to your inbox!",
            "Your information is being handled in accordance with the ABC Privacy Collection Statement.",
            "Copy article link",
            "Deel deze pagina",
            "Was deze informatie nuttig?",
            "Czytaj także: Olsztyn kupi dwanaście nowych tramwajów",
            "Komentarze (23)",
            "48 Likes",
            "Discussion about this post",
        ],
        "The city will start charging for parking at the trailheads this spring, council decided on Tuesday.",
    ),
}


@pytest.mark.parametrize("family", sorted(CHROME_OVER_AN_ARTICLE))
def test_chrome_lines_over_an_article_sentence_all_go(family):
    lines, article = CHROME_OVER_AN_ARTICLE[family]
    assert RULES.clean("\n".join([*lines, article]) + "\n").text.strip() == article


def test_a_blogger_post_loses_its_footer_and_archive_and_keeps_the_post():
    post = "I chit the seed potatoes on the windowsill from early February, and they go in at Easter."
    page = f"""Seed swap 2024
{post}
Posted by Huw at 19:42
Email ThisBlogThis!Share to XShare to FacebookShare to Pinterest
Labels: allotment, potatoes, spring jobs
3 comments:
Gwen P.9 March 2024 at 21:03
Mine went in last week and the frost got the first shoots.
Reply
Newer Post Older Post Home
Subscribe to: Post Comments (Atom)
Blog Archive
▼  2024 (5)
"""
    kept = {line.strip() for line in RULES.clean(page).text.splitlines()}
    assert {post, "Mine went in last week and the frost got the first shoots."} <= kept
    assert not kept & {"Posted by Huw at 19:42", "3 comments:", "Reply", "Newer Post Older Post Home", "Blog Archive"}


def test_a_hacker_news_page_loses_its_comment_headers_and_keeps_the_comments():
    comment = "Compiling each formula to bytecode once makes recalculating a large sheet cheap."
    page = f"""Hacker News new | past | comments | ask | show | jobs | submit login
Show HN: Cellar – a bytecode VM for spreadsheet formulas
142 points by oskarv 9 hours ago | hide | past | favorite | 37 comments
tjmorrow 6 hours ago | next [–]
{comment}
reply
oskarv 6 hours ago | parent | next [–]
Thanks, that was the whole idea.
reply
Guidelines | FAQ | Lists | API | Security | Legal | Apply to YC | Contact
"""
    kept = {line.strip() for line in RULES.clean(page).text.splitlines()}
    assert {
        comment,
        "Thanks, that was the whole idea.",
        "Show HN: Cellar – a bytecode VM for spreadsheet formulas",
    } <= kept
    assert not kept & {"reply", "tjmorrow 6 hours ago | next [–]", "oskarv 6 hours ago | parent | next [–]"}


PLATFORM_PAGES = {
    # page, lines that must go, lines that must stay
    "github": (
        "Search or jump to...\nYou signed in with another tab or window. Reload to refresh your session.\n"
        "mirelab / tidewatch\nPublic\nFork 38\nStar 612\nPull requests 3\n287 Commits\ntidewatch\n"
        "Offline tide tables for the terminal, from the harmonic constants of 4,000 ports.\n"
        "Run tidewatch --port 4 to print today's tides.\nAbout\n612 stars\nReport repository\n",
        {"Search or jump to...", "mirelab / tidewatch", "Fork 38", "287 Commits", "612 stars", "Report repository"},
        {"Offline tide tables for the terminal, from the harmonic constants of 4,000 ports."},
    ),
    "tumblr": (
        "Ask me anything\nI threw my first bowl that held soup, after eight weeks of collapsing cylinders.\n"
        "#pottery\n#wheel throwing\n1,284 notes\nclayandcoffee liked this\n"
        "mossy-teapot reblogged this from saltmarshsketches\nShow more notes\n",
        {"#pottery", "#wheel throwing", "1,284 notes", "clayandcoffee liked this", "Show more notes"},
        {"I threw my first bowl that held soup, after eight weeks of collapsing cylinders."},
    ),
    "wiki": (
        "Don't have an account?\nSign in to edit\nHistory\nTalk (0)\nThe Drowned Lantern\n"
        "The Drowned Lantern is a tavern on the Greywater Coast, known for its green-glass sign.\n"
        "History\nThe tavern was built in 1791 by a ferryman.\n"
        "Community content is available under CC-BY-SA unless otherwise noted.\n",
        {"Sign in to edit", "Talk (0)", "Community content is available under CC-BY-SA unless otherwise noted."},
        {"History", "The tavern was built in 1791 by a ferryman."},
    ),
    "linkedin": (
        "Five Things I Got Wrong About Running a Night Shift\nReport this article\n+ Follow\n"
        "When I took over the night shift two years ago, I assumed the rota was the hard part.\n"
        "Like\nComment\nShare\nTo view or add a comment, sign in\nMore articles by Tomasz Wielgosz\n",
        {"Report this article", "+ Follow", "Like", "To view or add a comment, sign in"},
        {"When I took over the night shift two years ago, I assumed the rota was the hard part."},
    ),
}


@pytest.mark.parametrize("platform", sorted(PLATFORM_PAGES))
def test_a_platforms_chrome_goes_and_its_content_stays(platform):
    page, chrome, content = PLATFORM_PAGES[platform]
    kept = [line.strip() for line in RULES.clean(page).text.splitlines()]
    assert content <= set(kept)
    assert not chrome & set(kept)


def test_a_phpbb_thread_in_russian_loses_its_furniture_and_keeps_the_posts():
    post = "Рассада перца вытянулась уже в начале марта: досветка стоит, но окно на север."
    page = f"""Список форумов ‹ Огород и сад ‹ Рассада
Поиск в теме...
Сообщений: 4 • Страница 1 из 1
Сообщение Ольга_Тверь » 03 мар 2025, 19:42
{post}
Сообщения: 37
Зарегистрирован: 14 янв 2023, 11:05
Откуда: Тверь
Вернуться к началу
Кто сейчас на конференции
Сейчас этот форум просматривают: нет зарегистрированных пользователей и 3 гостя
Удалить cookies конференции
"""
    kept = {line.strip() for line in RULES.clean(page).text.splitlines()}
    assert kept == {post}
