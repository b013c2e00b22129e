"""drom/glossing.py: the first use of each of a lesson's terms in its running text is marked, once."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from drom import model as m
from drom.glossing import _marker, mark_terms, term_forms


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


def reference(page_html: str, terms: list[m.Term], lang: str) -> str:
    """The marking as first written: every piece of text searched with one pattern of the remaining terms,
    made again after each mark (slow at scale, plain to read)."""
    token = re.compile(r"(<!--.*?-->|<[^>]+>)", re.DOTALL)
    tag_re = re.compile(r"<\s*(/)?\s*([a-zA-Z0-9]+)([^>]*?)(/)?\s*>")
    skip = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style", "aside", "button", "nav"}
    void = {"br", "img", "hr", "input", "meta", "link", "wbr", "source"}

    def finder(forms: list[tuple[str, ...]]) -> re.Pattern[str]:
        groups = "|".join("(" + "|".join(re.escape(form) for form in term) + ")" for term in forms)
        return re.compile(rf"(?<!\w)(?:{groups})(?!\w)", re.IGNORECASE)

    remaining = [(term, forms) for term in terms if (forms := tuple(term_forms(term)))]
    if not remaining:
        return page_html
    pattern = finder([forms for _, forms in remaining])
    depth = 0
    out: list[str] = []
    for piece in token.split(page_html):
        if not piece:
            continue
        if piece.startswith("<"):
            tag = tag_re.match(piece)
            if tag and not piece.startswith("<!--"):
                name = tag.group(2).lower()
                if name in skip and not (bool(tag.group(4)) or name in void):
                    depth = max(depth + (-1 if tag.group(1) else 1), 0)
            out.append(piece)
            continue
        if depth:
            out.append(piece)
            continue
        while remaining and (match := pattern.search(piece)) is not None:
            term, _ = remaining.pop(match.lastindex - 1)  # type: ignore[operator]
            word = match.group(match.lastindex or 0)
            out.append(piece[: match.start()] + _marker(word, term, lang, "bg", "../glossary/"))
            piece = piece[match.end() :]
            if remaining:
                pattern = finder([forms for _, forms in remaining])
        out.append(piece)
    return "".join(out)


# fmt: off
_PIECES = st.sampled_from(
    [
        " ", "\n", ".", "-", "_", "x", "baro", "Baro", "BARO", "baroro", "maro", "manro", "ma", "čhavo",
        "ČHAVO", "чхаво", "dad", "daj", "-dad", "&amp;", "<", ">", "<>", "< ", "<p>", "</p>", "<a href='x'>",
        "</a>", "<A HREF=\"y/\">", "</ a >", "<a/>", "< a />", "<abbr>", "</abbr>", "<aside>", "</aside>",
        "<h2 id=baro>", "</h2>", "<code>", "</code>", "<pre>", "</pre>", "<button>", "</button>", "<nav>",
        "</nav>", "<br/>", "<ſcript>", "<!-- baro -->", "<!-- <a> -->", "<!--", "-->", "<img alt='baro'>",
        "<span title=\"dad\">", "</span>", "<script>baro</script>", "<em>", "</em>", "DAD", "Dad", "ſ", "ı", "İ", "Σ",
        "σ", "ς", "bar", "K", "daſ", "kaj", "sas", "SAS",
    ]
)
# fmt: on
"""Text, tags (of elements marked or not, odd and broken ones too) and comments."""


_TERMS = {
    "baro": term("baro", "baro"),
    "bread": term("bread", "maro ~ manro"),
    "manro": term("manro", "manro"),
    "chavo": term("chavo", "čhavo"),
    "dad": term("dad", "dad"),
    "daj": term("daj", "daj ~ -dad"),
    "empty": term("empty", " ~ "),
    "kas": term("kas", "kaj ~ ſas"),
    "sigma": term("sigma", "σ"),
}


@settings(max_examples=400, deadline=None)
@example(pieces=["<p>", "<>", "baro", "</p>"], names=["baro"], lang="en")  # `<>` starts text, which stays unmarked
@example(pieces=["<p>", "dad", "-dad", "</p>"], names=["dad", "daj"], lang="en")  # right after a mark: a new start
@example(pieces=["<h2 id=baro>", "baro", "</h2>", "<p>", "Baro", "</p>"], names=["baro"], lang="en")
@example(pieces=["<p>", "SAS", "</p>"], names=["kas"], lang="en")  # ignoring case, `ſ` is `s` (and `S`)
@example(pieces=["<p>", "ΟΔΟΣ", "</p>"], names=["sigma"], lang="en")
@given(
    pieces=st.lists(_PIECES, max_size=40),
    names=st.lists(st.sampled_from(sorted(_TERMS)), max_size=5),
    lang=st.sampled_from(["en", "rom"]),
)
def test_the_same_marks_as_the_plain_way(pieces: list[str], names: list[str], lang: str) -> None:
    html = "".join(pieces)
    terms = [_TERMS[x] for x in names]
    out = mark_terms(html, terms, lang=lang, default="bg", glossary_url="../glossary/")
    assert out == reference(html, terms, lang)
