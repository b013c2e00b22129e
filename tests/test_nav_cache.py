"""overrides/partials/nav-item.html: Material's navigation item, with the pruned sections' HTML kept per build."""

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

from drom.site.theme_cache import first_page

from .conftest import REPO

MATERIAL = Path(material.__file__).resolve().parent / "templates" / "partials" / "nav-item.html"
OURS = REPO / "overrides" / "partials" / "nav-item.html"
MATERIAL_DIGEST = "89895208f22d68ce"
"""partials/nav-item.html of Material 9.8, which overrides/partials/nav-item.html copies."""


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


FRAME = (
    '{% import "partials/language.html" as lang with context %}'
    "{% set features = config.theme.features or [] %}"
    '{% include "partials/nav.html" %}'
)
"""What Material's base.html sets before it includes the navigation."""


def _site(tmp_path: Path, modules: int, lessons: int) -> tuple[object, object, object]:
    docs = tmp_path / "docs"
    nav: list[object] = [{"Начало": "index.md"}]
    (docs / "lessons").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    for m in range(modules):
        children = []
        for n in range(lessons):
            name = f"lessons/l{m}-{n}.md"
            (docs / name).write_text(f"# Урок {m}.{n}\n\n## Част\n\ntext\n", encoding="utf-8")
            children.append({f"Урок {m}.{n} &amp; <b>": name})
        nav.append({f"Модул {m}": children})
    config = load_config(
        str(REPO / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "site"), nav=nav, plugins=[]
    )
    files = get_files(config)
    return config, files, get_navigation(files, config)


def _navs(config: object, files: object, nav: object, overrides: bool) -> list[str]:
    theme = config.theme  # type: ignore[attr-defined]
    dirs = list(theme.dirs)
    if not overrides:
        theme = Theme(name="material", language="bg", features=theme["features"])
    env = theme.get_env()
    if overrides:
        env.globals["drom_nav_cache"] = {}
        env.globals["drom_first_page"] = first_page
    assert (str(REPO / "overrides") in dirs) is True
    out = []
    for page in nav.pages:  # type: ignore[attr-defined]
        page.read_source(config)
        page.render(config, files)
        page.active = True
        context = get_context(nav, files, config, page)  # type: ignore[arg-type]
        out.append(env.from_string(FRAME).render(context))
        page.active = False
    return out


@pytest.mark.parametrize(("modules", "lessons"), [(1, 1), (4, 3)])
def test_pages_have_materials_navigation_byte_for_byte(tmp_path: Path, modules: int, lessons: int) -> None:
    config, files, nav = _site(tmp_path, modules, lessons)
    material_navs = _navs(config, files, nav, overrides=False)
    our_navs = _navs(config, files, nav, overrides=True)
    assert our_navs == material_navs
    # The sample has what the cache is for: pruned sections, one expanded section per lesson page.
    assert modules == 1 or all(n.count("md-nav__item--pruned") == modules - 1 for n in material_navs[1:])
    assert all(re.search(r"&amp;amp; &lt;b&gt;|&amp; <b>", n) for n in material_navs[1:])
