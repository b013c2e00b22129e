"""drom/glossing.py: the first use of each of a lesson's terms in its running text is marked, once."""

from __future__ import annotations

import re

from drom import model as m
from drom.glossing import mark_terms


def term(ident: str, latin: str) -> m.Term:
    return m.Term(id=ident, latin=latin, meaning={"bg": f"значение на {ident}", "en": f"meaning of {ident}"})


def marked(html: str, *terms: m.Term) -> list[tuple[str, str]]:
    """(term id, the word as written) of each mark, in the order of the page."""
    out = mark_terms(html, terms, lang="en", default="bg", glossary_url="../glossary/")
    return re.findall(r'aria-describedby="drom-tip-([^"]+)">([^<]*)</button>', out)


def test_only_the_first_use_in_running_text_is_marked() -> None:
    html = "<h2>Čhavo</h2><p>A <a href='x'>čhavo</a> and <code>čhavo</code>.</p><p>The ČHAVO sang; čhavo again.</p>"
    assert marked(html, term("chavo", "čhavo")) == [("chavo", "ČHAVO")]


def test_the_first_use_of_any_term_comes_first_and_each_is_marked_once() -> None:
    html = "<p>dad and daj, then daj and dad and baro</p>"
    found = marked(html, term("baro", "baro"), term("dad", "dad"), term("daj", "daj"))
    assert found == [("dad", "dad"), ("daj", "daj"), ("baro", "baro")]


def test_at_one_place_the_earlier_term_and_its_longest_spelling_win() -> None:
    # Both terms begin at "manro"; the first listed wins, with its longest spelling.
    html = "<p>manro maro</p>"
    assert marked(html, term("bread", "maro ~ manro"), term("manro", "manro")) == [
        ("bread", "manro"),
    ]
    assert marked(html, term("manro", "manro"), term("bread", "maro ~ manro")) == [
        ("manro", "manro"),
        ("bread", "maro"),
    ]


def test_whole_words_only_and_text_unchanged_around_a_mark() -> None:
    html = "<p>baroro is not baro, but baro is.</p>"
    out = mark_terms(html, [term("baro", "baro")], lang="en", default="bg", glossary_url="../glossary/")
    assert re.sub(r'<span class="drom-term">.*?</button>.*?</span></span>', "[baro]", out) == (
        "<p>baroro is not [baro], but baro is.</p>"
    )
    assert mark_terms(html, [], lang="en", default="bg", glossary_url="g/") == html
