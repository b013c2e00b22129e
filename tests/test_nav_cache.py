"""overrides/partials/nav-item.html and nav.html: Material's navigation, with the pruned sections' HTML and the
top-level items around the page's own kept per build."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import material
import pytest
from mkdocs.commands.build import get_context
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.theme import Theme

from drom.site.theme_cache import NavItems, first_page

from .conftest import REPO

MATERIAL = Path(material.__file__).resolve().parent / "templates" / "partials" / "nav-item.html"
OURS = REPO / "overrides" / "partials" / "nav-item.html"
MATERIAL_DIGEST = "89895208f22d68ce"
"""partials/nav-item.html of Material 9.8, which overrides/partials/nav-item.html copies."""
MATERIAL_NAV = MATERIAL.parent / "nav.html"
OUR_NAV = OURS.parent / "nav.html"
MATERIAL_NAV_DIGEST = "af33f6e032f632eb"
"""partials/nav.html of Material 9.8, which overrides/partials/nav.html copies."""


def test_the_override_is_materials_file_with_render_wrapped() -> None:
    material_source = MATERIAL.read_text(encoding="utf-8")
    assert hashlib.sha256(material_source.encode()).hexdigest()[:16] == MATERIAL_DIGEST, (
        "Material's nav-item.html changed: copy it again into overrides/partials/nav-item.html"
    )
    body = material_source.split("-#}\n", 1)[1].replace(
        "{% macro render(nav_item, path, level, parent) %}",
        "{% macro render_material(nav_item, path, level, parent) %}",
    )
    ours = OURS.read_text(encoding="utf-8")
    assert body.rstrip("\n") in ours
    assert ours.count("{% macro render(nav_item, path, level, parent) -%}") == 1


def test_the_nav_override_is_materials_file_with_the_loop_handed_over() -> None:
    material_source = MATERIAL_NAV.read_text(encoding="utf-8")
    assert hashlib.sha256(material_source.encode()).hexdigest()[:16] == MATERIAL_NAV_DIGEST, (
        "Material's nav.html changed: copy it again into overrides/partials/nav.html"
    )
    loop = material_source.split("{% for nav_item in nav.items %}", 1)[1].split("{% endfor %}", 1)[0]
    ours = OUR_NAV.read_text(encoding="utf-8")
    head, tail = material_source.split("-#}\n", 1)[1].split(loop, 1)
    assert ours.count(loop) == 1 and head.rsplit("{% for", 1)[0] in ours and tail.split("{% endfor %}", 1)[1] in ours


FRAME = (
    '{% import "partials/language.html" as lang with context %}'
    "{% set features = config.theme.features or [] %}"
    '{% include "partials/nav.html" %}'
)
"""What Material's base.html sets before it includes the navigation."""


def _site(tmp_path: Path, modules: int, lessons: int, directory_urls: bool = True) -> tuple[object, object, object]:
    docs = tmp_path / "docs"
    nav: list[object] = [{"Начало": "index.md"}]
    (docs / "lessons").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    # A page between the sections, a page under a lesson's URL (the first lesson's links to it differ from its
    # neighbours'), a page not in the navigation, a link elsewhere.
    (docs / "lessons" / "l0-0").mkdir()
    (docs / "about.md").write_text("# About\n", encoding="utf-8")
    (docs / "lessons" / "l0-0" / "extra.md").write_text("# Extra\n", encoding="utf-8")
    (docs / "orphan.md").write_text("# Orphan\n", encoding="utf-8")
    nav += [{"За нас": "about.md"}, {"Още": "lessons/l0-0/extra.md"}, {"Сайт": "https://example.org/"}]
    for m in range(modules):
        children = []
        for n in range(lessons):
            name = f"lessons/l{m}-{n}.md"
            (docs / name).write_text(f"# Урок {m}.{n}\n\n## Част\n\ntext\n", encoding="utf-8")
            children.append({f"Урок {m}.{n} &amp; <b>": name})
        nav.append({f"Модул {m}": children})
    nav.insert(2, nav.pop())  # a section between the pages
    config = load_config(
        str(REPO / "mkdocs.yml"),
        docs_dir=str(docs),
        site_dir=str(tmp_path / "site"),
        nav=nav,
        plugins=[],
        use_directory_urls=directory_urls,
    )
    files = get_files(config)
    return config, files, get_navigation(files, config)


def _navs(config: object, files: object, nav: object, overrides: bool, items: NavItems | None = None) -> list[str]:
    theme = config.theme  # type: ignore[attr-defined]
    dirs = list(theme.dirs)
    if not overrides:
        theme = Theme(name="material", language="bg", features=theme["features"])
    env = theme.get_env()
    if overrides:
        env.globals["drom_nav_cache"] = {}
        env.globals["drom_first_page"] = first_page
        env.globals["drom_nav_items"] = items or NavItems()
    assert (str(REPO / "overrides") in dirs) is True
    out = []
    orphan = next(f.page for f in files.documentation_pages() if f.src_uri == "orphan.md")  # type: ignore[attr-defined]
    for page in [*nav.pages, orphan, *nav.pages]:  # type: ignore[attr-defined]  # twice: kept, then reused
        page.read_source(config)
        page.render(config, files)
        page.active = True
        context = get_context(nav, files, config, page)  # type: ignore[arg-type]
        out.append(env.from_string(FRAME).render(context))
        page.active = False
    return out


@pytest.mark.parametrize(("modules", "lessons", "directory_urls"), [(1, 1, True), (4, 3, True), (4, 3, False)])
def test_pages_have_materials_navigation_byte_for_byte(
    tmp_path: Path, modules: int, lessons: int, directory_urls: bool
) -> None:
    config, files, nav = _site(tmp_path, modules, lessons, directory_urls)
    material_navs = _navs(config, files, nav, overrides=False)
    items = NavItems()
    our_navs = _navs(config, files, nav, overrides=True, items=items)
    assert our_navs == material_navs
    # The sample has what the caches are for: pruned sections, one expanded section per lesson page, and the
    # items around a lesson's module kept for the other lessons of the module (the pages are rendered twice).
    lesson_navs = [n for n in material_navs if "md-nav__item--active md-nav__item--section" in n or "Урок" in n]
    expanded = [n for n in lesson_navs if n.count("md-nav__item--pruned") == modules - 1]
    assert len(expanded) == 2 * modules * lessons or modules == 1
    assert all(re.search(r"&amp;amp; &lt;b&gt;|&amp; <b>", n) for n in expanded)
    # The second round reuses every page's list but the first lesson's (a page lies under it).
    assert items.kept_lists >= len(nav.pages) - 1  # type: ignore[attr-defined]
