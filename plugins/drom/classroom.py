"""The classroom view of a lesson: one screen per activity, for a projector or an interactive board.

Made from the lesson's own text, in every language the lesson is written in. A slide shows what the pupils
see, never the teacher's notes:

- questions to the class, which lessons write in bold quotes (`**"Who helped the Roma?"**`, `**„…“**`);
- texts read aloud, the blockquotes (`> They say that once…`);
- images;
- anything an author marks for the board with the admonition `!!! board` (words, cards, a sentence to copy);
- after the activities, the tasks of each pupil handout (its headings and their first instruction).

`deck` builds the view-model (plain dataclasses), `render` turns it into a standalone HTML page through the
Jinja template `templates/classroom.html` (autoescaped; the Markdown of the lesson is rendered here, with the
site's extensions). The page needs no theme and loads only `assets/drom/classroom.{css,js}`, by relative
URLs, so it works from the offline pack too.
"""

from __future__ import annotations

import dataclasses
import functools
import posixpath
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import markdown
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from . import model as m
from .i18n import t
from .memo import PageMemo
from .sitepath import relpath

TEMPLATES = Path(__file__).resolve().parent / "templates"
ASSETS = Path(__file__).resolve().parent / "assets"
STYLESHEET = "assets/drom/classroom.css"
SCRIPT = "assets/drom/classroom.js"
SLIDE = "cr-slide"
"""The class of a slide's element (the slides' PDF puts each on one page: drom.pdf.fit)."""
BOARD_KIND = "board"
"""The admonition kind authors use for what goes on the board: `!!! board` or `!!! board "Title"`."""

MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "tables", "def_list", "admonition"]

STRINGS: dict[str, dict[str, str]] = {
    "bg": {
        "classroom": "За класа",
        "open": "Изглед за класа (проектор, дъска)",
        "lesson_plan": "Планът на урока",
        "slides": "Слайдове",
        "previous": "Назад",
        "next": "Напред",
        "start": "Старт",
        "pause": "Пауза",
        "reset": "Отначало",
        "time_left": "Оставащо време",
        "time_up": "Времето изтече",
        "fullscreen": "Цял екран",
        "slide_of": "{n} от {m}",
        "board": "На дъската",
        "handout": "Работен лист",
        "keys": "Клавиши: ← → или PageUp/PageDown и интервал – слайдове; T – таймер; F – цял екран.",
        "activities": "Дейности в урока",
        "activity_of": "Дейност {n} от {m}",
        "previous_activity": "Предишна дейност",
        "next_activity": "Следваща дейност",
        "fold": "Скрий",
        "unfold": "Покажи",
        "table": "Таблица",
        "slides_pdf": "Слайдовете (PDF)",
    },
    "en": {
        "classroom": "For the class",
        "open": "Classroom view (projector, board)",
        "lesson_plan": "The lesson plan",
        "slides": "Slides",
        "previous": "Previous",
        "next": "Next",
        "start": "Start",
        "pause": "Pause",
        "reset": "Reset",
        "time_left": "Time left",
        "time_up": "Time is up",
        "fullscreen": "Full screen",
        "slide_of": "{n} of {m}",
        "board": "On the board",
        "handout": "Worksheet",
        "keys": "Keys: ← → or PageUp/PageDown and Space – slides; T – timer; F – full screen.",
        "activities": "Activities of the lesson",
        "activity_of": "Activity {n} of {m}",
        "previous_activity": "Previous activity",
        "next_activity": "Next activity",
        "fold": "Fold",
        "unfold": "Unfold",
        "table": "Table",
        "slides_pdf": "Slides (PDF)",
    },
    # Romani written by us: not yet reviewed by native speakers (see docs/about).
    "rom": {
        "classroom": "Vaš i klasa",
        "open": "I klasa dikhel (projektori, tabla)",
        "lesson_plan": "O plano e lekcijako",
        "slides": "Slajdija",
        "previous": "Palpale",
        "next": "Anglal",
        "start": "Start",
        "pause": "Pauza",
        "reset": "Palem",
        "time_left": "Ačhilo vakti",
        "time_up": "O vakti nakhlo",
        "fullscreen": "Sasto ekrano",
        "slide_of": "{n} andar {m}",
        "board": "Pe tabla",
        "handout": "Butjako lil",
        "keys": "Klavišija: ← → vaj PageUp/PageDown thaj Space – slajdija; T – tajmeri; F – sasto ekrano.",
        "activities": "E lekcijake aktivitetija",
        "activity_of": "Aktiviteti {n} andar {m}",
        "previous_activity": "Anglutno aktiviteti",
        "next_activity": "Avutno aktiviteti",
        "fold": "Garav",
        "unfold": "Sikav",
        "table": "Tabela",
        "slides_pdf": "Slajdija (PDF)",
    },
}


def ui(lang: str, key: str, **values: object) -> str:
    """This module's wording in `lang` (English when a language has none)."""
    text = STRINGS.get(lang, STRINGS["en"]).get(key) or STRINGS["en"][key]
    return text.format(**values) if values else text


# --- the view-model ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One thing the pupils see: `questions` (items), `read-aloud`, `board`, `image` or `tasks` (items)."""

    kind: str
    html: Markup = Markup("")
    title: str = ""
    items: tuple[Markup, ...] = ()


@dataclass(frozen=True)
class Slide:
    anchor: str
    title: str
    kind: str
    """The activity's kind (warm-up, main, reflection, assessment), or `handout`."""
    kind_label: str
    minutes: int = 0
    blocks: tuple[Block, ...] = ()
    lang: str = ""
    """The slide's text language when it differs from the page's (a handout not translated yet)."""

    @property
    def clock(self) -> str:
        return f"{self.minutes:02d}:00"


@dataclass(frozen=True)
class Deck:
    lang: str
    title: str
    slides: tuple[Slide, ...]
    lesson_href: str
    stylesheet: str
    script: str
    labels: dict[str, str] = field(default_factory=dict)
    for_print: bool = False
    """The slides' PDF: no controls, the address of the view online on the title slide."""
    online: str = ""
    """The classroom view's address on the published site (print only; '' when the site has none)."""
    meta: tuple[tuple[str, str], ...] = ()
    """`<meta name content>` pairs (print: author, description, keywords, generator for the PDF's metadata)."""

    @property
    def page_title(self) -> str:
        return f"{self.title} – {self.labels['slides' if self.for_print else 'classroom']}"

    def minutes_text(self, n: int) -> str:
        return t(self.lang, "minutes", n=n)


@dataclass(frozen=True)
class ClassroomLink:
    """A lesson's links to its classroom view and to the slides' PDF, for the lesson page and the lesson PDF
    (the templates `partials/classroom-link.html` and `print/lesson.html` write them)."""

    href: str
    label: str
    pdf_href: str = ""
    """The slides' PDF, '' when there is none."""
    pdf_label: str = ""


# --- from the lesson's Markdown to blocks ---------------------------------------------------------------

_BOARD = re.compile(rf'^(?P<indent>[ \t]*)!!![ \t]+{BOARD_KIND}(?:[ \t]+"(?P<title>[^"\n]*)")?[ \t]*$')
_QUOTE = re.compile(r"^[ \t]*>[ \t]?(?P<text>.*)$")
_QUESTION = re.compile(r'\*\*[ \t]*(?P<q>[„"“«][^*]+?[“”"»])[ \t]*\*\*')
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]+\)")
_IMAGE_TARGET = re.compile(r"(!\[[^\]]*\]\(\s*<?)([^)\s>]+)")
_HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+(?P<title>.+?)[ \t]*(?:\{[^}]*\})?[ \t]*$")
_BOARD_TITLE = re.compile(rf"^(?P<head>[ \t]*!!![ \t]+{BOARD_KIND})[ \t]*$", re.MULTILINE)


@functools.cache
def _converter() -> markdown.Markdown:
    """One converter for the process, reset before each text: making one loads its extensions anew (1 ms, most
    of a short text's time)."""
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")


@functools.lru_cache(maxsize=1024)
def to_html(text: str) -> Markup:
    """The author's Markdown as HTML, with the extensions the site uses for lesson text."""
    return Markup(_converter().reset().convert(text))


def inline_html(text: str) -> Markup:
    """A short piece of Markdown (a question) as inline HTML: its paragraph unwrapped."""
    rendered = str(to_html(" ".join(text.split())))
    return Markup(re.sub(r"^<p>(.*)</p>$", r"\1", rendered.strip(), flags=re.DOTALL))


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _dedent(lines: list[str], width: int) -> str:
    return "\n".join(line.expandtabs(4)[width:] if line.strip() else "" for line in lines).strip("\n")


def pupil_blocks(text: str, image_base: str = "") -> tuple[Block, ...]:
    """What the pupils see in an activity's Markdown, in the order it comes.

    A `!!! board` block is taken whole (what it holds is not searched again); outside them, blockquotes are
    texts read aloud, bold quotes are questions to the class, and images are shown. `image_base` is put in
    front of relative image paths.
    """
    lines = text.split("\n")
    blocks: list[Block] = []
    prose: list[str] = []

    def flush() -> None:
        chunk = "\n".join(prose)
        prose.clear()
        found = [(x.start(), "q", x.group("q")) for x in _QUESTION.finditer(chunk)]
        found += [(x.start(), "i", x.group(0)) for x in _IMAGE.finditer(chunk)]
        for _, what, value in sorted(found):
            if what == "q":
                item = inline_html(value)
                if blocks and blocks[-1].kind == "questions":
                    blocks[-1] = Block("questions", items=(*blocks[-1].items, item))
                else:
                    blocks.append(Block("questions", items=(item,)))
            else:
                blocks.append(Block("image", to_html(_media(value, image_base))))

    i = 0
    while i < len(lines):
        line = lines[i]
        board = _BOARD.match(line)
        if board:
            flush()
            width = _indent(line)
            body: list[str] = []
            i += 1
            while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > width):
                body.append(lines[i])
                i += 1
            content = _media(_dedent(body, width + 4), image_base)
            blocks.append(Block("board", to_html(content), title=board.group("title") or ""))
            continue
        if _QUOTE.match(line):
            flush()
            quoted: list[str] = []
            while i < len(lines) and (q := _QUOTE.match(lines[i])):
                quoted.append(q.group("text"))
                i += 1
            blocks.append(Block("read-aloud", to_html("\n".join(quoted))))
            continue
        prose.append(line)
        i += 1
    flush()
    return tuple(blocks)


def _media(text: str, base: str) -> str:
    """Point relative image paths at the site's copy of the lesson's media."""
    if not base:
        return text

    def repl(match: re.Match[str]) -> str:
        target = match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", target, re.IGNORECASE):
            return match.group(0)
        return match.group(1) + posixpath.normpath(posixpath.join(base, target))

    return _IMAGE_TARGET.sub(repl, text)


def handout_tasks(body: str) -> tuple[Markup, ...]:
    """A handout's tasks: each top-level heading with the first paragraph or list under it (its instruction);
    tables (the answer grids) and blank lines to fill stay on paper."""
    lines = body.split("\n")
    heads = [(n, h) for n, line in enumerate(lines) if (h := _HEADING.match(line))]
    if not heads:
        return ()
    top = min(len(h.group("level")) for _, h in heads)
    starts = [(n, h.group("title")) for n, h in heads if len(h.group("level")) == top]
    tasks: list[Markup] = []
    for number, (start, title) in enumerate(starts):
        stop = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        chunk: list[str] = []
        for line in lines[start + 1 : stop]:
            if _HEADING.match(line) or line.lstrip().startswith("|"):
                if chunk:
                    break
                continue
            if not line.strip():
                if chunk:
                    break
                continue
            chunk.append(line)
        instruction = to_html("\n".join(chunk)) if chunk else Markup("")
        heading = inline_html(re.sub(r"^(\d+)\.", r"\1\\.", title))  # "1. The holiday" is no list
        tasks.append(Markup("<strong>{}</strong>").format(heading) + instruction)
    return tuple(tasks)


def board_titles(markdown_text: str, lang: str) -> str:
    """Give `!!! board` blocks without a title the word for the board in `lang` (the lesson page and PDFs)."""
    return _BOARD_TITLE.sub(lambda x: f'{x.group("head")} "{ui(lang, "board")}"', markdown_text)


# --- where the pages live --------------------------------------------------------------------------------


def prefix(curriculum: m.Curriculum, lang: str) -> str:
    return "" if lang == curriculum.default_language else f"{lang}/"


def path(curriculum: m.Curriculum, lang: str, lesson_id: str) -> str:
    """The classroom page's file in the site: `lessons/<id>/classroom/index.html` (`en/lessons/…` etc.)."""
    return f"{prefix(curriculum, lang)}lessons/{lesson_id}/classroom/index.html"


def has_view(lesson: m.Lesson, lang: str) -> bool:
    """Whether the lesson is written (not only titled) in `lang`: the classroom shows no fallback text."""
    text = lesson.texts.get(lang)
    return text is not None and text.complete


def href(page_url: str, target_path: str, directory_urls: bool) -> str:
    """A relative link from a page URL to a file of the site; a folder URL where a server gives its index."""
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    rel = relpath(target_path, folder or ".")
    if directory_urls and (rel == "index.html" or rel.endswith("/index.html")):
        rel = rel[: -len("index.html")] or "./"
    elif target_path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel


# --- building and rendering --------------------------------------------------------------------------------


def deck(
    curriculum: m.Curriculum,
    lesson: m.Lesson,
    lang: str,
    *,
    lesson_url: str,
    directory_urls: bool = True,
    for_print: bool = False,
) -> Deck:
    """The slides of `lesson` in `lang` (which it must be written in): a slide per activity, then handouts.

    `for_print`: for the PDF, whose base is the curriculum folder: images point at the lesson's own files,
    and the page links no stylesheet or script (the PDF pipeline gives its own CSS)."""
    text = lesson.texts[lang]
    own = path(curriculum, lang, lesson.id)
    folder = posixpath.dirname(own)
    media = f"lessons/{lesson.id}" if for_print else relpath(f"media/lessons/{lesson.id}", folder)
    slides: list[Slide] = []
    for activity in lesson.spec.activities:
        section = text.sections.get(activity.id)
        if section is None:
            continue
        slides.append(
            Slide(
                anchor=activity.id,
                title=section.title,
                kind=activity.kind,
                kind_label=t(lang, "kind_" + activity.kind),
                minutes=activity.minutes,
                blocks=pupil_blocks(section.markdown, media),
            )
        )
    for handout in lesson.handouts:
        sheet = handout.text(lang, curriculum.default_language)
        tasks = handout_tasks(sheet.body)
        if not tasks:
            continue
        slides.append(
            Slide(
                anchor=f"handout-{handout.id}",
                title=sheet.title,
                kind="handout",
                kind_label=ui(lang, "handout"),
                blocks=(Block("tasks", items=tasks),),
                lang=sheet.lang if sheet.lang != lang else "",
            )
        )
    labels = {key: ui(lang, key) for key in STRINGS["en"]}
    return Deck(
        lang=lang,
        title=text.title,
        slides=tuple(slides),
        lesson_href=lesson_url if for_print else href(folder + "/", lesson_url, directory_urls),
        stylesheet="" if for_print else relpath(STYLESHEET, folder),
        script="" if for_print else relpath(SCRIPT, folder),
        labels=labels,
        for_print=for_print,
    )


def title_only(curriculum: m.Curriculum) -> list[tuple[m.Lesson, str, Slide]]:
    """(lesson, language, slide) of every classroom slide that would show only its title: an activity with no
    question in bold quotes, text read aloud, image or `!!! board` block. An author gives it a `!!! board`."""
    found: list[tuple[m.Lesson, str, Slide]] = []
    for lesson in curriculum.ordered_lessons():
        for lang in sorted(lesson.texts):
            if has_view(lesson, lang):
                view = deck(curriculum, lesson, lang, lesson_url="", for_print=True)
                found += [(lesson, lang, slide) for slide in view.slides if not slide.blocks]
    return found


@functools.cache
def environment() -> Environment:
    """The Jinja environment of the package's own templates (autoescaped)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the package's own files: no stat of the template at every page
    )
    env.globals["ui"] = ui
    return env


def render(view: Deck) -> str:
    return environment().get_template("classroom.html").render(deck=view)


def pages(
    curriculum: m.Curriculum,
    lang: str,
    lesson_urls: dict[str, str],
    *,
    directory_urls: bool = True,
    memo: PageMemo | None = None,
) -> list[tuple[str, str]]:
    """(site path, HTML) of the classroom page of every lesson written in `lang`.

    `lesson_urls` gives each lesson page's URL in this language, from the site root (`lessons/x/`). With a
    `memo`, a page made by an earlier call from the same inputs is reused (`drom.memo`)."""
    out = []
    setting = memo.setting(curriculum, "classroom", lang, sorted(lesson_urls.items()), directory_urls) if memo else ""
    for lesson in curriculum.ordered_lessons():
        if has_view(lesson, lang) and lesson.id in lesson_urls:

            def make(lesson: m.Lesson = lesson) -> str:
                url = lesson_urls[lesson.id]
                return render(deck(curriculum, lesson, lang, lesson_url=url, directory_urls=directory_urls))

            if memo is None:
                html = make()
            else:
                inputs = memo.body(curriculum, "lesson", lesson.id)
                html = memo.keep(("classroom", lang), setting, lesson.id, inputs, make)
            out.append((path(curriculum, lang, lesson.id), html))
    return out


def lesson_link(
    curriculum: m.Curriculum, lesson: m.Lesson, lang: str, page_url: str, directory_urls: bool, pdf: str = ""
) -> ClassroomLink | None:
    """The lesson page's links to its classroom view and to the slides' PDF at `pdf` (a path from the site
    root, '' when there is none), relative to `page_url`; None when the lesson has no classroom view."""
    if not has_view(lesson, lang):
        return None
    return ClassroomLink(
        href(page_url, path(curriculum, lang, lesson.id), directory_urls),
        ui(lang, "open"),
        href(page_url, pdf, directory_urls) if pdf else "",
        ui(lang, "slides_pdf"),
    )


def online_link(
    curriculum: m.Curriculum, lesson: m.Lesson, lang: str, site_url: str, pdf: str = ""
) -> ClassroomLink | None:
    """The same links as absolute addresses on the published site at `site_url`, for print; None when the
    lesson has no classroom view or the site no address."""
    if not site_url or not has_view(lesson, lang):
        return None
    base = site_url.rstrip("/") + "/"
    view = posixpath.dirname(path(curriculum, lang, lesson.id)) + "/"
    return ClassroomLink(base + view, ui(lang, "open"), base + pdf if pdf else "", ui(lang, "slides_pdf"))


PRINT_CSS = """
/* The slides' PDF (drom/pdf): the shipped fonts, no controls, one landscape page per slide. */
html { font-size: 24pt; }
html, body.cr { font-family: "Drom Sans"; }
.cr-board { background: none; color: inherit; border: 2pt solid var(--cr-board); }
.cr-bar, .cr-js-only, .cr-timer, .cr-keys { display: none !important; }
.cr-slide { display: block !important; min-height: 0; border: 0; padding: 0; break-after: page; }
.cr-slide:last-child { break-after: auto; }
.cr-image img { max-height: 120mm; }
.cr-online { font-size: 0.5rem; color: var(--cr-muted); }
"""

_IMG_SRC = re.compile(r'<img\b[^>]*?\ssrc="([^"]+)"')


def print_document(
    curriculum: m.Curriculum,
    lesson: m.Lesson,
    lang: str,
    *,
    lesson_online: str = "",
    online: str = "",
    meta: tuple[tuple[str, str], ...] = (),
) -> tuple[str, str, str, tuple[str, ...]]:
    """(title, HTML, CSS without fonts, images) of the slides' PDF. The HTML's base is the curriculum folder;
    `images` are the local files it shows, relative to that folder (for the PDF cache's key).

    `lesson_online` is the lesson page's address and `online` the classroom view's, '' where the site has none;
    `meta` becomes the PDF's metadata."""
    view = deck(curriculum, lesson, lang, lesson_url=lesson_online, for_print=True)
    view = dataclasses.replace(view, online=online, meta=meta)
    css = (ASSETS / "classroom.css").read_text(encoding="utf-8") + PRINT_CSS
    html = render(view)
    images = (unquote(unescape(x)) for x in _IMG_SRC.findall(html))
    local = tuple(dict.fromkeys(x for x in images if not re.match(r"^[a-z][a-z0-9+.-]*:", x, re.IGNORECASE)))
    return view.page_title, html, css, local
