"""Every private name and internal of MkDocs, Material and mkdocs-static-i18n that drom relies on, one test each.

The versions are ranges in pyproject.toml, not pins; an upgrade that renames or removes one of these fails the
test that names it, instead of a build that breaks in a subtle way (a cache that never hits, a preview that
rebuilds everything, a language switcher that drops our pages).
"""

from __future__ import annotations

import inspect
import logging
from pathlib import Path

import jinja2
import material
import mkdocs_static_i18n
import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.theme import Theme
from mkdocs.utils import CountHandler
from mkdocs_static_i18n.plugin import I18n

from .conftest import REPO

MATERIAL_TEMPLATES = Path(material.__file__).resolve().parent / "templates"
STATIC_I18N = Path(mkdocs_static_i18n.__file__).resolve().parent


# --- MkDocs -----------------------------------------------------------------------------------------


def test_mkdocs_count_handler_counts_warnings() -> None:
    """site/plugin.py `_warnings_counted`: MkDocs' strict mode counts warnings in a CountHandler."""
    handler = CountHandler()
    handler.setLevel(logging.WARNING)
    handler.handle(logging.LogRecord("mkdocs", logging.WARNING, __file__, 1, "x", None, None))
    assert handler.get_counts() == [("WARNING", 1)]


def test_mkdocs_file_is_modified_is_a_method_dirty_builds_call() -> None:
    """site/preview.py replaces `File.is_modified` on generated files; MkDocs' dirty build calls it."""
    assert callable(File.is_modified)
    from mkdocs.commands import build

    assert "is_modified()" in inspect.getsource(build)


def test_mkdocs_theme_get_env_gives_a_jinja_environment_with_list_templates() -> None:
    """site/theme_cache.py wraps `Theme.get_env` and replaces `env.list_templates` and `env.bytecode_cache`."""
    theme = Theme(name="mkdocs")
    env = theme.get_env()
    assert isinstance(env, jinja2.Environment)
    assert hasattr(env, "bytecode_cache") and callable(env.list_templates)
    assert "static_templates" in vars(theme) or hasattr(theme, "static_templates")


def test_mkdocs_lists_theme_files_through_list_templates_with_a_filter() -> None:
    """site/theme_cache.py keys its cache on the filter's code: MkDocs must call `list_templates(filter_func=...)`."""
    source = inspect.getsource(Files.add_files_from_theme)
    assert "list_templates(filter_func=" in source


def test_mkdocs_generated_files_and_markdown_config() -> None:
    """`File.generated` adds our pages; `markdown_extensions`/`mdx_configs` are the Markdown configuration."""
    assert isinstance(inspect.getattr_static(File, "generated"), classmethod)
    config = load_config(str(REPO / "mkdocs.yml"))
    assert isinstance(config, MkDocsConfig)
    assert "toc" in config.markdown_extensions and callable(config.mdx_configs["toc"]["slugify"])


# --- Material ---------------------------------------------------------------------------------------


def test_material_search_plugin_has_is_dirty() -> None:
    """site/preview.py turns off Material search's `is_dirty` merging in the preview."""
    from material.plugins.search.plugin import SearchPlugin

    plugin = SearchPlugin()
    plugin.on_startup(command="serve", dirty=True)
    assert plugin.is_dirty is True


@pytest.mark.parametrize(
    "path", sorted(p.relative_to(REPO / "overrides").as_posix() for p in (REPO / "overrides").rglob("*.html"))
)
def test_material_has_every_template_we_override(path: str) -> None:
    """An override of a partial Material no longer has would be silently ignored."""
    if path == "main.html":
        assert (MATERIAL_TEMPLATES / "main.html").is_file()
        blocks = {"extrahead", "config", "scripts"}
        base = (MATERIAL_TEMPLATES / "base.html").read_text(encoding="utf-8")
        assert all(f"{{% block {name} %}}" in base for name in blocks)
        return
    if path.startswith("partials/languages/"):
        assert (MATERIAL_TEMPLATES / "partials" / "languages").is_dir()
        return
    assert (MATERIAL_TEMPLATES / path).is_file()


def test_material_bundle_name() -> None:
    """site/theme_cache.material_bundle finds Material's script by `assets/javascripts/bundle.<hash>.min.js`."""
    from drom.site.theme_cache import _BUNDLE

    bundles = [
        p.relative_to(MATERIAL_TEMPLATES).as_posix() for p in (MATERIAL_TEMPLATES / "assets" / "javascripts").glob("*")
    ]
    assert any(_BUNDLE.fullmatch(name) for name in bundles)


def test_material_writes_navigation_titles_unescaped() -> None:
    """Why site/plugin.py escapes navigation titles: Material's nav item prints `nav_item.title` as is, and
    MkDocs' Jinja environment does not autoescape."""
    assert "{{ nav_item.title }}" in (MATERIAL_TEMPLATES / "partials" / "nav-item.html").read_text(encoding="utf-8")
    assert not Theme(name="material").get_env().autoescape


# --- mkdocs-static-i18n -----------------------------------------------------------------------------


def test_static_i18n_plugin_state_we_read() -> None:
    """site/i18n.py reads `current_language`, `building`, `build_languages` and sets `i18n_files_per_language`."""
    plugin = I18n()
    for name in ("current_language", "building", "i18n_files_per_language"):
        assert hasattr(plugin, name), name
    assert isinstance(inspect.getattr_static(I18n, "build_languages"), property)


@pytest.mark.parametrize("name", ["alternates", "locale", "locale_alternate_of", "localization", "norm_src_uri"])
def test_static_i18n_reads_the_file_attributes_we_set(name: str) -> None:
    """site/i18n.mark_generated gives our pages the attributes static-i18n puts on its own files."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in STATIC_I18N.rglob("*.py"))
    source += "\n".join(p.read_text(encoding="utf-8") for p in STATIC_I18N.rglob("*.html"))
    assert f".{name}" in source, name


def test_static_i18n_post_build_is_the_loop_curriculum_i18n_repeats() -> None:
    """drom.site.i18n.CurriculumI18n.on_post_build repeats upstream's loop over the languages (skipping those a
    forked process builds): it stacks search entries, patches clean_directory, calls build() per language and
    rebuilds the search index; a new upstream loop must be read again before it is trusted."""
    source = inspect.getsource(I18n.on_post_build)
    for needle in (
        "self.extend_search_entries(config)",
        "utils.clean_directory = lambda x: x",
        "build(config, dirty=dirty)",
        "self.reconfigure_search_index(config)",
    ):
        assert needle in source, needle
    assert "i18n_alternates" in (STATIC_I18N / "plugin.py").read_text(encoding="utf-8")


def test_mkdocs_writes_the_sitemap_with_build_theme_template() -> None:
    """The sitemap is written again after a forked language build with MkDocs' own function."""
    from mkdocs.commands import build

    assert list(inspect.signature(build._build_theme_template).parameters) == [
        "template_name",
        "env",
        "files",
        "config",
        "nav",
    ]


def test_mkdocs_starts_each_build_with_pre_build_before_anything_is_written() -> None:
    """CurriculumPlugin.on_pre_build gives each language's build a fresh LanguageState (drom.site.state): MkDocs'
    build(), which static-i18n calls once per language, must run pre_build before files, navigation, the
    static templates (the 404 page) and the pages that fill it."""
    from mkdocs.commands import build

    source = inspect.getsource(build.build)
    steps = [
        "plugins.on_pre_build(",
        "plugins.on_files(",
        "plugins.on_nav(",
        "for template in config.theme.static_templates:",
        "_build_page(",
    ]
    assert all(step in source for step in steps), [step for step in steps if step not in source]
    assert [source.index(step) for step in steps] == sorted(source.index(step) for step in steps)


def test_mkdocs_writes_pages_through_build_page_after_on_env_and_then_checks_their_anchors() -> None:
    """`parallel.RenderHalves` forks in on_env (every page converted), before the other files are copied, and
    replaces the module's `_build_page`,
    which build() must look up when it writes each page; a page it does not write has `links_to_anchors` None,
    which validate_anchor_links must skip (its links are checked where it is written)."""
    from mkdocs.commands import build
    from mkdocs.structure.pages import Page

    source = inspect.getsource(build.build)
    steps = [
        "_populate_page(file.page",
        "plugins.on_env(",
        "files.copy_static_files(",  # the sibling's Files copies nothing: the other process does
        "_build_page(\n",
        "file.page.validate_anchor_links(",
    ]
    assert all(step in source for step in steps), [step for step in steps if step not in source]
    assert [source.index(step) for step in steps] == sorted(source.index(step) for step in steps)
    assert list(inspect.signature(build._build_page).parameters)[:5] == ["page", "config", "doc_files", "nav", "env"]
    assert "if not self.links_to_anchors:\n            return" in inspect.getsource(Page.validate_anchor_links)


def test_static_i18n_sets_the_language_switcher_as_an_attribute() -> None:
    """Why drom.site.i18n.reset_language_switcher pops `alternate` from config.extra's attributes."""
    from mkdocs_static_i18n.reconfigure import ExtendedPlugin

    assert "config.extra.alternate = deepcopy(self.extra_alternate)" in inspect.getsource(
        ExtendedPlugin.reconfigure_page_context
    )


# --- WeasyPrint and pydyf (drom/pdf/render.py) ------------------------------------------------------


def test_weasyprint_internals_the_print_relies_on() -> None:
    """`tag_languages` wraps `weasyprint.pdf.tags._build_box_tree`; the page-reference cache replaces pydyf's
    `PDF.page_references`; a module built from its lessons' pages (`compose`, `_renumber`,
    `_forget_annotations`) reads and replaces a laid-out page's `_page_box`, its margin boxes (`at_keyword`,
    `is_generated`), link boxes' `link_annotation` and pseudo-elements' `element_tag`, and joins pages with
    `Document.copy`."""
    import pydyf
    from weasyprint import HTML
    from weasyprint.pdf import tags

    assert callable(tags._build_box_tree)
    assert "page_references" in pydyf.PDF.__dict__
    html = (
        "<style>@page { @bottom-right { content: counter(page) ' / ' counter(pages) } }"
        " a.ref::after { content: ' p. 1' }</style>"
        '<p><a class="ref" href="#x">link</a></p><p id="x" style="break-before: page">two</p>'
    )
    document = HTML(string=html).render()
    assert len(document.pages) == 2
    document.write_pdf()  # writing a PDF leaves each link box its annotation (what `_forget_annotations` drops)
    page = document.pages[0]
    margin = [box for box in page._page_box.children if getattr(box, "at_keyword", None) == "@bottom-right"]
    assert margin and margin[0].is_generated
    boxes, stack = [], [page._page_box]
    while stack:
        box = stack.pop()
        boxes.append(box)
        stack.extend(getattr(box, "children", None) or ())
    assert any(getattr(box, "link_annotation", None) is not None for box in boxes)
    assert any((getattr(box, "element_tag", None) or "").endswith("::after") for box in boxes)
    joined = document.copy([document.pages[1], document.pages[0]])
    assert [len(p.anchors) for p in joined.pages] == [1, 0] and joined.write_pdf().startswith(b"%PDF")
