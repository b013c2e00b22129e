"""The printable PDFs: facts about the files (pages, fonts, text, metadata, bookmarks, tags), the cache, bad input.

Rendering is the slow part, so one module-wide render of the fixture (Bulgarian and Romani) serves the
read-only checks; the cache and bad-input tests render only the PDFs they need.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup

from drom.loader import load_or_fail
from drom.pdf import PdfError, PdfReport, plan, render_all
from drom.pdf import fonts as pdf_fonts
from drom.pdf.documents import Planned, build
from drom.pdf.render import Job, LocalFetcher, RefusedURL, render
from drom.site.markdown import from_mkdocs_yml

from .conftest import GOOD, MARKDOWN, make_project, require_tool, run_build

SITE = "https://roma-folklore.example.org/"
ROMANI = "Amen ʒanas e paramisi: o Vasili ʒal ko pəni, o žukel bašal thaj e čhavore khelen."
"""A Romani sentence with the letters a font must cover: ʒ (U+0292), ə (U+0259), č, š, ž."""

BG_FILES = {
    "pdf/bg/modules/holidays.pdf",
    "pdf/bg/lessons/first-words.pdf",
    "pdf/bg/lessons/vasilitsa.pdf",
    "pdf/bg/lessons/herdelezi.pdf",
    "pdf/bg/handouts/vasilitsa.pdf",
    "pdf/bg/slides/first-words.pdf",
    "pdf/bg/slides/vasilitsa.pdf",
    "pdf/bg/slides/herdelezi.pdf",
}
ROM_FILES = {"pdf/rom/lessons/vasilitsa.pdf", "pdf/rom/slides/vasilitsa.pdf"}


def digest(path: Path) -> str:
    """A file's SHA-256: compared instead of its bytes, so a failure prints two lines, not a diff of megabytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def with_romani_sentence(root: Path) -> Path:
    lesson = root / "lessons" / "vasilitsa" / "lesson.rom.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("Phuč e čhavoren.", f"Phuč e čhavoren.\n\n{ROMANI}"), encoding="utf-8")
    return root


def make(root: Path, out: Path, cache: Path, languages: list[str], concurrency: int = 1) -> PdfReport:
    return render_all(
        load_or_fail(root),
        out,
        site_url=SITE,
        cache_dir=cache,
        languages=languages,
        markdown=MARKDOWN,
        concurrency=concurrency,
    )


def words(text: str) -> str:
    """Text with every run of white space as one space: line breaks fall anywhere in a paragraph."""
    return " ".join(text.split())


def pdftotext(pdf: Path, page: int | None = None, *, layout: bool = False) -> str:
    options = ["-f", str(page), "-l", str(page)] if page else []
    options += ["-layout"] if layout else []
    return subprocess.run(
        [require_tool("pdftotext"), "-enc", "UTF-8", *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdffonts(pdf: Path) -> list[list[str]]:
    lines = subprocess.run([require_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    return [line.split() for line in lines[2:]]


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PdfReport]:
    """The fixture curriculum (with a Romani sentence added) rendered in bg and rom, by two processes."""
    base = tmp_path_factory.mktemp("pdf")
    root = with_romani_sentence(Path(shutil.copytree(GOOD / "curriculum", base / "curriculum")))
    report = make(root, base / "site", base / "cache", ["bg", "rom"], concurrency=2)
    return base, report


# --- which PDFs --------------------------------------------------------------------------------------


def test_plan_follows_the_languages_the_content_exists_in() -> None:
    curriculum = load_or_fail(GOOD / "curriculum")
    paths = {p.path for p in plan(curriculum, curriculum.languages)}
    assert paths >= BG_FILES
    # vasilitsa is translated into en and rom; its handout only into en
    assert {"pdf/en/lessons/vasilitsa.pdf", "pdf/en/handouts/vasilitsa.pdf", "pdf/rom/lessons/vasilitsa.pdf"} <= paths
    assert "pdf/rom/handouts/vasilitsa.pdf" not in paths
    # first-words has a title-only Romani text; herdelezi only Bulgarian
    assert "pdf/rom/lessons/first-words.pdf" not in paths
    assert "pdf/en/lessons/herdelezi.pdf" not in paths
    # a module prints in a language only when all its lessons do
    assert "pdf/en/modules/holidays.pdf" not in paths
    assert {p.path for p in plan(curriculum, ["rom"])} == ROM_FILES  # the slides where the lesson is written


def test_report_lists_every_pdf_with_size_and_pages(site: tuple[Path, PdfReport]) -> None:
    base, report = site
    assert report.errors == []
    assert {f.path for f in report.files} == BG_FILES | ROM_FILES
    assert report.rendered == len(report.files) and report.reused == 0
    for file in report.files:
        path = base / "site" / file.path
        assert file.pages > 0 and file.size == path.stat().st_size
        assert len(pikepdf.open(path).pages) == file.pages
    assert report.find("module", "bg", "holidays").pages >= 7  # cover, contents, intro, 3 lessons, handout, glossary
    assert leftovers(base / "site") == []


# --- facts about the files ---------------------------------------------------------------------------


def test_every_font_is_a_shipped_font_and_embedded(site: tuple[Path, PdfReport]) -> None:
    base, report = site
    for file in report.files:
        fonts = pdffonts(base / "site" / file.path)
        assert fonts, file.path
        for row in fonts:
            name, emb = row[0], row[-5]
            assert emb == "yes", (file.path, row)
            assert re.fullmatch(r"[A-Z]{6}\+Drom-(Serif|Sans)(-.*)?", name), (file.path, name)


def test_print_css_names_only_the_shipped_fonts() -> None:
    css = (Path(pdf_fonts.__file__).parent / "templates" / "print.css").read_text(encoding="utf-8")
    families = set(re.findall(r'"(Drom [A-Za-z]+)"', css))
    assert families <= set(pdf_fonts.FAMILIES)
    assert "font-family" in css and not re.search(r"font-family:\s*(serif|sans-serif|monospace)", css)
    for face in pdf_fonts.FACES:
        assert (pdf_fonts.FONTS_DIR / face.file).is_file()
    assert (pdf_fonts.FONTS_DIR / "LICENSE.txt").is_file()


def test_text_comes_out_exactly_in_bulgarian_and_romani(site: tuple[Path, PdfReport]) -> None:
    base, _ = site
    bg = words(pdftotext(base / "site/pdf/bg/lessons/vasilitsa.pdf"))
    assert "Василица – ромската Нова година" in bg
    assert "Загрявка: как посрещаме Новата година?" in bg
    pages = int(re.search(r"стр\. \d+ от (\d+)", bg).group(1))  # type: ignore[union-attr]
    assert pages >= 3 and f"стр. 1 от {pages}" in bg
    rom = words(pdftotext(base / "site/pdf/rom/lessons/vasilitsa.pdf"))
    assert "Vasilica – o romano nevo berš" in rom
    assert ROMANI in rom
    assert "rig 1 katar" in rom
    assert "Online versija roma-folklore.example.org /rom/lessons/vasilitsa/" in rom


def test_lesson_pdf_shows_the_35_minute_period(site: tuple[Path, PdfReport]) -> None:
    base, _ = site
    bg = words(pdftotext(base / "site/pdf/bg/lessons/vasilitsa.pdf"))
    assert "В час от 35 минути (2. клас): Легендата за моста 25 → 20 мин." in bg
    assert "35 min. (2. klasa):" in words(pdftotext(base / "site/pdf/rom/lessons/vasilitsa.pdf"))


def test_handouts_pdf_is_the_pupils_copy_only(site: tuple[Path, PdfReport]) -> None:
    base, _ = site
    text = words(pdftotext(base / "site/pdf/bg/handouts/vasilitsa.pdf"))
    assert "Мостът на Свети Васил" in text and "Оцвети моста." in text
    assert "Бележки за учителя" not in text and "Урокът накратко" not in text


def test_lesson_pdf_puts_each_handout_on_its_own_page(site: tuple[Path, PdfReport]) -> None:
    base, report = site
    pdf = base / "site/pdf/bg/lessons/vasilitsa.pdf"
    last = report.find("lesson", "bg", "vasilitsa").pages
    assert "Мостът на Свети Васил" in pdftotext(pdf, last) and "Оцвети моста." in pdftotext(pdf, last)
    assert "Оцвети моста." not in pdftotext(pdf, last - 1)


def test_slides_pdf_is_the_classroom_view_a_landscape_page_per_slide(site: tuple[Path, PdfReport]) -> None:
    base, report = site
    curriculum = load_or_fail(base / "curriculum")
    for lang in ("bg", "rom"):
        path = base / "site" / f"pdf/{lang}/slides/vasilitsa.pdf"
        document = build(curriculum, Planned("slides", lang, "vasilitsa"), site_url=SITE, markdown=MARKDOWN)
        slides = BeautifulSoup(document.html, "html.parser").select("section.cr-slide")
        assert len(slides) == 5  # the title slide, three activities, the handout's tasks
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) == len(slides) == report.find("slides", lang, "vasilitsa").pages  # type: ignore[union-attr]
            for page in pdf.pages:
                width, height = (float(x) for x in page.mediabox[2:])
                assert (round(width), round(height)) == (842, 595), "A4 landscape"
            assert str(pdf.Root.Lang) == lang and str(pdf.docinfo.Author) == "Тестова организация"
    pdf = base / "site/pdf/bg/slides/vasilitsa.pdf"
    assert str(pikepdf.open(pdf).docinfo.Title) == "Василица – ромската Нова година – Слайдове"
    legend = words(pdftotext(pdf, 3))  # one slide a page, in order
    assert "Легендата за моста" in legend and "Кой помогнал на ромите?" in legend
    assert "НА ДЪСКАТА bango – куц · phurd – мост" in legend, "the board block, titled (capitals by CSS)"
    assert "Оцвети моста." in pdftotext(pdf, 5)
    text = words(pdftotext(pdf))
    for note in ("Обичаите се различават", "Очакван отговор", "Попитайте учениците", "По-малките рисуват"):
        assert note not in text, f"a teacher's note in the slides: {note}"
    assert f"{SITE}lessons/vasilitsa/classroom/" in link_uris(pdf)  # the view with its countdowns, online
    rom = words(pdftotext(base / "site/pdf/rom/slides/vasilitsa.pdf"))
    assert ROMANI not in rom  # the sentence is the teacher's, not the pupils'
    assert "Vasilica – o romano nevo berš" in rom


def test_a_slide_too_long_for_its_page_is_set_smaller_until_it_fits(tmp_path: Path, curriculum_copy) -> None:
    from drom.pdf.build import _job

    root = curriculum_copy()
    lesson = root / "lessons" / "vasilitsa" / "lesson.en.md"
    tale = "\n>\n".join(f"> Part {n} of the tale: " + "the Roma crossed the wide river at night. " * 12 for n in range(4))
    text = lesson.read_text(encoding="utf-8").replace("## The legend", f"{tale}\n\n## The legend")  # in the warm-up
    lesson.write_text(text, encoding="utf-8")
    curriculum = load_or_fail(root)
    document = build(curriculum, Planned("slides", "en", "vasilitsa"), site_url="", markdown=MARKDOWN)
    slides = document.html.count('<section class="cr-slide')
    assert "Part 3 of the tale" in document.html and document.fit == "cr-slide"
    loose = render(_job(curriculum, replace(document, fit=""), tmp_path / "loose"))
    fitted = render(_job(curriculum, document, tmp_path / "fitted"))
    assert not loose.error and not fitted.error
    assert loose.pages > slides, "the long slide runs over when nothing fits it"
    assert fitted.pages == slides
    out = tmp_path / "fitted" / fitted.path
    assert "Part 3 of the tale" in words(pdftotext(out, 2)), "the whole tale on the warm-up's page"


def test_module_contents_give_the_right_page_numbers(site: tuple[Path, PdfReport]) -> None:
    base, report = site
    pdf = base / "site/pdf/bg/modules/holidays.pdf"
    pages = report.find("module", "bg", "holidays").pages
    contents = pdftotext(pdf, 2, layout=True)  # one line per entry: title ... page
    for title, kicker in (("Първи думи на романес", "УРОК 1"), ("Хедерлез – празникът на пролетта", "УРОК 3"), ("Речник", "На кирилица")):
        number = int(re.search(re.escape(title) + r" +(\d+) *$", contents, re.MULTILINE).group(1))
        assert title in words(pdftotext(pdf, number)), title
        assert 3 < number <= pages
        # Where a lesson starts: its kicker (module · lesson N) is on that page, not on the one before.
        assert kicker in words(pdftotext(pdf, number)) and kicker not in words(pdftotext(pdf, number - 1)), title
    assert "Празници и думи" in pdftotext(pdf, 1) and "CC BY-SA 4.0" in words(pdftotext(pdf, 1))
    glossary = words(pdftotext(pdf, pages))
    assert "čhavo" in glossary and "чхаво" in glossary and "момче, син" in glossary
    assert "šukar" not in glossary  # in the glossary, but no lesson of the module uses it


def test_module_pages_are_numbered_as_the_module_and_lessons_keep_their_own(site: tuple[Path, PdfReport]) -> None:
    """A module takes its lessons' pages from their lesson PDFs (laid out once): every page but the cover says
    "page N of M" of the module, and a lesson's reference to its handout's page (its own PDF's number) is left
    out there, kept in the lesson's own PDF."""
    base, report = site
    module = base / "site/pdf/bg/modules/holidays.pdf"
    pages = report.find("module", "bg", "holidays").pages
    for number in range(2, pages + 1):
        assert f"стр. {number} от {pages}" in words(pdftotext(module, number)), number
    lesson = base / "site/pdf/bg/lessons/vasilitsa.pdf"
    lesson_pages = report.find("lesson", "bg", "vasilitsa").pages
    handout = max(n for n in range(1, lesson_pages + 1) if "Мостът на Свети Васил" in pdftotext(lesson, n))
    assert f"Мостът на Свети Васил · стр. {handout}" in words(pdftotext(lesson))
    assert "Мостът на Свети Васил ·" not in words(pdftotext(module))
    assert "Мостът на Свети Васил" in words(pdftotext(module))


def test_metadata_language_and_title(site: tuple[Path, PdfReport]) -> None:
    base, _ = site
    for path, lang, title in (
        ("pdf/bg/modules/holidays.pdf", "bg", "Празници и думи"),
        ("pdf/rom/lessons/vasilitsa.pdf", "rom", "Vasilica – o romano nevo berš"),
    ):
        with pikepdf.open(base / "site" / path) as pdf:
            assert str(pdf.Root.Lang) == lang
            assert str(pdf.docinfo.Title) == title
            assert str(pdf.docinfo.Author) == "Тестова организация"
            assert "CC BY-SA 4.0" in str(pdf.docinfo.Keywords)
            assert str(pdf.docinfo.Subject)


def test_tagged_pdf(site: tuple[Path, PdfReport]) -> None:
    base, report = site
    for file in report.files:
        with pikepdf.open(base / "site" / file.path) as pdf:
            assert bool(pdf.Root.MarkInfo.Marked) is True
            assert "/StructTreeRoot" in pdf.Root
            assert "pdfuaid" in str(pdf.open_metadata())


def structure_languages(pdf: pikepdf.Pdf) -> dict[str, list[str]]:
    """The structure types of the tagged PDF's elements that state their own /Lang, by language."""
    found: dict[str, list[str]] = {}
    pending = list(pdf.Root.StructTreeRoot.get("/K", []))
    seen: set[tuple[int, int]] = set()
    while pending:
        node = pending.pop()
        if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen:
            continue
        seen.add(node.objgen)
        if "/Lang" in node:
            found.setdefault(str(node.Lang), []).append(str(node.get("/S", "")))
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            pending.extend(kids)
        elif isinstance(kids, pikepdf.Dictionary):
            pending.append(kids)
    return found


def test_text_in_another_language_is_tagged_with_its_language(site: tuple[Path, PdfReport]) -> None:
    """The Romani lesson shows its outcomes and the glossary's meanings in Bulgarian (no Romani text exists):
    those elements carry /Lang (bg) in the structure tree, the Romani words /Lang (rom); the rest inherits
    the document's /Lang (rom)."""
    base, _ = site
    with pikepdf.open(base / "site/pdf/rom/lessons/vasilitsa.pdf") as pdf:
        assert str(pdf.Root.Lang) == "rom"
        languages = structure_languages(pdf)
    assert set(languages) >= {"bg", "rom"}, languages
    assert "/Span" in languages["bg"]  # an outcome, a meaning: spans marked lang="bg" in the print HTML
    with pikepdf.open(base / "site/pdf/bg/lessons/vasilitsa.pdf") as pdf:
        assert "bg" not in structure_languages(pdf)  # a Bulgarian lesson marks only its Romani words


def outline(path: Path) -> list[tuple[str, list[str]]]:
    with pikepdf.open(path) as pdf, pdf.open_outline() as tree:
        return [(item.title, [child.title for child in item.children]) for item in tree.root]


def test_bookmarks(site: tuple[Path, PdfReport]) -> None:
    base, _ = site
    module = dict(outline(base / "site/pdf/bg/modules/holidays.pdf"))
    for title in (
        "Първи думи на романес",
        "Василица – ромската Нова година",
        "Хедерлез – празникът на пролетта",
        "Речник",
    ):
        assert title in module
    assert "Мостът на Свети Васил" in module["Василица – ромската Нова година"]
    assert "Загрявка: как посрещаме Новата година?" in module["Василица – ромската Нова година"]
    lesson = outline(base / "site/pdf/bg/lessons/vasilitsa.pdf")
    assert [title for title, _ in lesson] == ["Василица – ромската Нова година", "Мостът на Свети Васил"]
    assert "Бележки за учителя" in lesson[0][1]


def link_uris(path: Path) -> set[str]:
    """The addresses of a PDF's link annotations."""
    uris = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                action = annot.get("/A")
                if action is not None and "/URI" in action:
                    uris.add(str(action.URI))
    return uris


def link_destinations(path: Path) -> set[str]:
    """The named destinations of a PDF's internal link annotations."""
    names = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                if "/Dest" in annot:
                    names.add(str(annot.Dest))
    return names


def test_links_lead_to_the_online_pages_or_inside_the_module(site: tuple[Path, PdfReport]) -> None:
    base, _ = site
    uris = link_uris(base / "site/pdf/bg/lessons/vasilitsa.pdf")
    assert f"{SITE}lessons/vasilitsa/" in uris  # the QR code's address
    assert f"{SITE}glossary/#baxt" in uris  # a term of the panel, on the site
    assert f"{SITE}resources/bridge-legend/" in uris
    assert f"{SITE}lessons/vasilitsa/classroom/" in uris  # the classroom view online
    assert f"{SITE}pdf/bg/slides/vasilitsa.pdf" in uris  # and its slides
    line = words(pdftotext(base / "site/pdf/bg/lessons/vasilitsa.pdf", 1))
    assert "Изглед за класа (проектор, дъска): roma-folklore.example.org/lessons/vasilitsa/" in line
    assert "Слайдовете (PDF): roma-folklore.example.org/pdf/bg/slides/vasilitsa.pdf" in line
    module = build(
        load_or_fail(GOOD / "curriculum"), Planned("module", "bg", "holidays"), site_url=SITE, markdown=MARKDOWN
    )
    assert 'id="G--baxt"' in module.html
    # The module's lessons are the pages of their lesson PDFs: inside the module, the same term leads to its
    # appendix, while the lesson's QR code still gives its address online.
    inside = link_destinations(base / "site/pdf/bg/modules/holidays.pdf")
    assert "G--baxt" in inside
    assert f"{SITE}glossary/#baxt" not in link_uris(base / "site/pdf/bg/modules/holidays.pdf")
    assert f"{SITE}lessons/vasilitsa/" in link_uris(base / "site/pdf/bg/modules/holidays.pdf")


# --- the cache ---------------------------------------------------------------------------------------


def test_cache_reuses_unchanged_pdfs_and_renders_only_what_changed(
    site: tuple[Path, PdfReport], tmp_path: Path
) -> None:
    base, _ = site
    # A copy elsewhere: the cache keys do not depend on where the curriculum is.
    root = Path(shutil.copytree(base / "curriculum", tmp_path / "curriculum"))
    cache = Path(shutil.copytree(base / "cache", tmp_path / "cache"))
    again = make(root, tmp_path / "site", cache, ["bg", "rom"])
    assert (again.rendered, again.reused, again.errors) == (0, 10, [])
    for file in again.files:
        assert digest(tmp_path / "site" / file.path) == digest(base / "site" / file.path), file.path

    lesson = root / "lessons" / "herdelezi" / "lesson.bg.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Рисунки.", "Рисунки на пролетта."), encoding="utf-8")
    edited = make(root, tmp_path / "site", cache, ["bg", "rom"])
    assert edited.errors == []
    assert {f.path for f in edited.files if f.rendered} == {
        "pdf/bg/lessons/herdelezi.pdf",
        "pdf/bg/modules/holidays.pdf",
    }
    assert "Рисунки на пролетта." in words(pdftotext(tmp_path / "site/pdf/bg/lessons/herdelezi.pdf"))


def test_cache_notices_a_changed_image_and_survives_a_broken_manifest(tmp_path: Path, curriculum_copy) -> None:
    root = curriculum_copy()
    assert make(root, tmp_path / "site", tmp_path / "cache", ["en"]).rendered == 3  # lesson, handouts, slides
    flag = root / "lessons" / "vasilitsa" / "images" / "flag.svg"
    flag.write_text(flag.read_text(encoding="utf-8").replace("#c8102e", "#000000"), encoding="utf-8")
    changed = make(root, tmp_path / "site", tmp_path / "cache", ["en"])
    rendered = [f.path for f in changed.files if f.rendered]
    assert rendered == ["pdf/en/lessons/vasilitsa.pdf", "pdf/en/slides/vasilitsa.pdf"]  # the handout has no image
    stale = tmp_path / "site/pdf/en/lessons/.vasilitsa.pdf.999.0badf00d.tmp"  # left by a killed worker
    stale.write_bytes(b"%PDF-half")
    assert make(root, tmp_path / "site", tmp_path / "cache", ["en"]).rendered == 0
    assert not stale.exists()
    (tmp_path / "cache" / "manifest.json").write_text("{not json", encoding="utf-8")
    assert make(root, tmp_path / "site", tmp_path / "cache", ["en"]).rendered == 3


def test_rendering_is_reproducible(tmp_path: Path) -> None:
    """The same input gives the same bytes, so a cold build on another machine or day changes no PDF."""
    curriculum = load_or_fail(GOOD / "curriculum")
    document = build(curriculum, Planned("handouts", "en", "vasilitsa"), site_url=SITE, markdown=MARKDOWN)
    root = str(curriculum.root)
    outputs = []
    for name in ("one.pdf", "two.pdf"):
        job = Job(
            name,
            document.html,
            document.css,
            curriculum.root.as_uri() + "/",
            pdf_fonts.FONTS_DIR.as_uri() + "/",
            (root, str(pdf_fonts.FONTS_DIR)),
            str(tmp_path / name),
            root,
        )
        assert render(job).error == ""
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_one_process_rendering_in_turn_gives_the_bytes_of_two_processes(
    site: tuple[Path, PdfReport], tmp_path: Path
) -> None:
    """One process renders the PDFs one after the other, reusing the stylesheet and fonts it loaded for the
    first; the module fixture's two worker processes each loaded their own. The files are the same."""
    from drom.pdf import render as pdf_render

    base, report = site
    root = with_romani_sentence(Path(shutil.copytree(GOOD / "curriculum", tmp_path / "curriculum")))
    serial = make(root, tmp_path / "site", tmp_path / "cache", ["bg", "rom"], concurrency=1)
    assert not serial.errors and serial.rendered == len(report.files) > 3
    assert pdf_render._STYLES == {}  # dropped after the run, so a changed font file is read again next time
    for file in report.files:
        assert digest(tmp_path / "site" / file.path) == digest(base / "site" / file.path), file.path
    assert all(f.layout_cpu > 0 and f.write_cpu > 0 for f in serial.files)


# --- bad input ---------------------------------------------------------------------------------------


def test_missing_image_fails_that_pdf_only(tmp_path: Path, curriculum_copy) -> None:
    root = curriculum_copy()
    curriculum = load_or_fail(root)  # valid when loaded; the picture goes missing afterwards
    (root / "lessons" / "vasilitsa" / "images" / "flag.svg").unlink()
    out = tmp_path / "site"
    report = render_all(
        curriculum, out, site_url=SITE, cache_dir=tmp_path / "cache", languages=["en"], markdown=MARKDOWN, concurrency=2
    )
    assert [f.path for f in report.files] == ["pdf/en/handouts/vasilitsa.pdf"]
    error, slides = sorted(report.errors, key=lambda e: e.document)  # the slides show the picture too
    assert slides.document == "pdf/en/slides/vasilitsa.pdf" and slides.file == "lessons/vasilitsa/images/flag.svg"
    assert "slides of lesson 'vasilitsa'" in str(slides)
    assert error.document == "pdf/en/lessons/vasilitsa.pdf" and error.file == "lessons/vasilitsa/images/flag.svg"
    assert "lesson 'vasilitsa'" in str(error) and "lessons/vasilitsa/images/flag.svg" in str(error)
    assert not (out / "pdf/en/lessons/vasilitsa.pdf").exists() and leftovers(out) == []
    with pytest.raises(PdfError, match="2 PDFs could not be made"):
        report.raise_errors()


def test_unreadable_image_fails_with_the_file_named(tmp_path: Path, curriculum_copy) -> None:
    root = with_romani_sentence(curriculum_copy())
    (root / "lessons" / "vasilitsa" / "images" / "broken.png").write_bytes(b"this is not a PNG file")
    lesson = root / "lessons" / "vasilitsa" / "lesson.rom.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n![E bari](images/broken.png)\n", encoding="utf-8")
    out = tmp_path / "site"
    old = out / "pdf/rom/lessons/vasilitsa.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF- the last good build")
    report = make(root, out, tmp_path / "cache", ["rom"])
    [error] = report.errors
    assert error.file == "lessons/vasilitsa/images/broken.png" and "cannot be read" in str(error)
    assert "'pdf/rom/lessons/vasilitsa.pdf' of lesson 'vasilitsa'" in str(error)
    assert old.read_bytes() == b"%PDF- the last good build" and leftovers(out) == []


def test_missing_font_is_an_error_naming_it(tmp_path: Path, curriculum_copy, monkeypatch: pytest.MonkeyPatch) -> None:
    fonts = Path(shutil.copytree(pdf_fonts.FONTS_DIR, tmp_path / "fonts"))
    (fonts / "DejaVuSerif-Bold.ttf").unlink()
    monkeypatch.setattr(pdf_fonts, "FONTS_DIR", fonts)
    report = make(curriculum_copy(), tmp_path / "site", tmp_path / "cache", ["rom"])
    assert report.files == []
    [error] = report.errors
    assert error.file.endswith("DejaVuSerif-Bold.ttf") and "DejaVuSerif-Bold.ttf" in str(error)


def test_font_lost_while_rendering_fails_the_pdf(tmp_path: Path, curriculum_copy) -> None:
    curriculum = load_or_fail(curriculum_copy())
    document = build(curriculum, Planned("lesson", "rom", "vasilitsa"), site_url="", markdown=MARKDOWN)
    fonts = Path(shutil.copytree(pdf_fonts.FONTS_DIR, tmp_path / "fonts"))
    (fonts / "DejaVuSans.ttf").unlink()
    target = tmp_path / "out" / "x.pdf"
    outcome = render(
        Job(
            "x.pdf",
            document.html,
            document.css,
            curriculum.root.as_uri() + "/",
            fonts.as_uri() + "/",
            (str(curriculum.root), str(fonts)),
            str(target),
            str(curriculum.root),
        )
    )
    assert "DejaVuSans.ttf" in outcome.error and not target.exists()
    assert leftovers(tmp_path / "out") == []


def test_fetcher_refuses_the_network_and_files_outside(tmp_path: Path) -> None:
    inside = tmp_path / "inside"
    inside.mkdir()
    (inside / "a.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("no", encoding="utf-8")
    fetcher = LocalFetcher((str(inside),))
    assert fetcher.fetch((inside / "a.svg").as_uri()).content_type == "image/svg+xml"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for url in (
        "https://example.org/x.png",
        "http://127.0.0.1/",
        (tmp_path / "secret.txt").as_uri(),
        (inside / ".." / "secret.txt").as_uri(),
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_remote_image_in_a_document_is_refused(tmp_path: Path, curriculum_copy) -> None:
    curriculum = load_or_fail(curriculum_copy())
    document = build(curriculum, Planned("handouts", "en", "vasilitsa"), site_url="", markdown=MARKDOWN)
    html = document.html.replace("</h1>", '</h1><p><img src="https://example.org/spy.png" alt="x"></p>', 1)
    root = str(curriculum.root)
    outcome = render(
        Job(
            "x.pdf",
            html,
            document.css,
            curriculum.root.as_uri() + "/",
            pdf_fonts.FONTS_DIR.as_uri() + "/",
            (root, str(pdf_fonts.FONTS_DIR)),
            str(tmp_path / "x.pdf"),
            root,
        )
    )
    assert "https://example.org/spy.png" in outcome.error and not (tmp_path / "x.pdf").exists()


def test_pdf_error_survives_a_process_boundary() -> None:
    import pickle

    error = pickle.loads(pickle.dumps(PdfError("boom", document="pdf/bg/x.pdf", entity="lesson 'x'", file="a.png")))
    assert (str(error), error.document, error.entity, error.file) == ("boom", "pdf/bg/x.pdf", "lesson 'x'", "a.png")


# --- the print and the site render the same blocks ----------------------------------------------------


def _pdf_text(curriculum: object, document: object, out: Path) -> str:
    from drom.pdf.build import _job

    outcome = render(_job(curriculum, document, out))  # type: ignore[arg-type]
    assert not outcome.error, outcome.error
    return words(pdftotext(out / outcome.path))


def test_a_lesson_pdf_renders_admonitions_footnotes_and_headings_as_the_site(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    root = project / "curriculum"
    mark = subprocess.run(
        [sys.executable, "-m", "drom", "translations", "mark", "--all", str(root)], capture_output=True, text=True
    )
    assert mark.returncode == 0, mark.stdout + mark.stderr
    lesson = root / "lessons/vasilitsa/lesson.bg.md"
    text = lesson.read_text(encoding="utf-8")
    anchor = "*Очакван отговор: Свети Васил.*\n"
    assert anchor in text
    text = text.replace(
        anchor,
        anchor + "\n!!! note\n    Легендата има много варианти.[^1]\n\n[^1]: Записана в Сливен през 2019 г.\n",
    )
    text = text.replace("  - Назовава датата на Василица.", "  - Назовава *romano nevo breš* и датата на Василица.")
    lesson.write_text(text, encoding="utf-8")
    site = run_build(project)
    assert site.returncode == 0, site.output
    page = site.html("lessons/vasilitsa/index.html")
    curriculum = load_or_fail(root)
    markdown = from_mkdocs_yml(project / "mkdocs.yml")
    document = build(curriculum, Planned("lesson", "bg", "vasilitsa"), site_url=SITE, markdown=markdown)
    printed = BeautifulSoup(document.html, "html.parser")
    article = printed.select_one("article.drom-lesson")
    assert article is not None

    # The same heading ids (the print's carry the lesson's prefix), Cyrillic slugs included; the handouts are
    # their own parts of the PDF, so the lesson lists them instead of holding their headings.
    site_ids: list[str] = []
    in_handouts = False
    for heading in page.select("article h2[id], article h3[id], article h4[id]"):
        if heading.name == "h2":
            in_handouts = heading["id"] == "handouts"
        elif in_handouts:
            continue
        site_ids.append(heading["id"])
    print_ids = [h["id"].removeprefix("L-vasilitsa--") for h in article.select("h2[id], h3[id], h4[id]")]
    assert "въпроси-към-легендата" in site_ids
    assert print_ids == site_ids

    # The admonition and the footnote: the same text in the print HTML as on the site, and in the PDF.
    for selector in (".admonition", ".footnote li"):
        on_site = words(page.select_one(f"article {selector}").get_text(" ")).replace("↩", "").strip()
        in_print = words(article.select_one(selector).get_text(" ")).replace("↩", "").strip()
        assert on_site == in_print, selector
    assert article.select_one("a.footnote-ref")["href"] == "#L-vasilitsa--fn:1"
    pdf = _pdf_text(curriculum, document, tmp_path / "out")
    assert "Note Легендата има много варианти." in pdf
    assert "Записана в Сливен през 2019 г." in pdf
    assert "Назовава romano nevo breš и" in pdf  # the print hyphenates the rest
    assert "*" not in pdf

    # The English text is now outdated: the site says so, the PDF does not.
    assert site.html("en/lessons/vasilitsa/index.html").select_one(".drom-notice--outdated") is not None
    english = build(curriculum, Planned("lesson", "en", "vasilitsa"), site_url=SITE, markdown=markdown)
    assert "out of date" not in _pdf_text(curriculum, english, tmp_path / "out-en")
