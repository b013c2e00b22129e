"""Pins the two mkdocs-static-i18n 1.3 limits that drom.site.i18n works around.

If an upstream release lifts one of them, the matching `upstream_*` test fails: that is the signal to
simplify our integration layer rather than keep a workaround that is no longer needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config.base import load_config
from mkdocs.structure.files import File, Files
from mkdocs_static_i18n.config import I18nPluginConfig
from mkdocs_static_i18n.plugin import I18n

from drom.site.i18n import CurriculumI18n, CurriculumI18nConfig

LANGUAGES = [
    {"locale": "bg", "name": "Български", "default": True},
    {"locale": "en", "name": "English"},
    {"locale": "rom", "name": "Romanes"},
]


def validate(config_class: type, languages: list[dict]) -> list:
    config = config_class()
    config.load_dict({"languages": languages})
    failed, _ = config.validate()
    return failed


def test_upstream_rejects_three_letter_locales() -> None:
    failed = validate(I18nPluginConfig, LANGUAGES)
    assert failed, "static-i18n now accepts 'rom': drop CurriculumI18nConfig"
    assert "rom" in str(failed)


def test_our_config_accepts_rom_and_still_rejects_nonsense() -> None:
    assert validate(CurriculumI18nConfig, LANGUAGES) == []
    failed = validate(CurriculumI18nConfig, [{"locale": "Romani!", "name": "x", "default": True}])
    assert failed and "is not a language code" in str(failed)


def test_the_sites_i18n_plugin_is_ours_and_takes_rom(tmp_path: Path) -> None:
    """mkdocs.yml's `curriculum/i18n` resolves, through the installed entry point, to our subclass of
    static-i18n's plugin, and the config it loads keeps Romani as a language."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - curriculum/i18n:\n      docs_structure: suffix\n      languages:\n"
        + "".join(
            f"        - {{locale: {lang['locale']}, name: {lang['name']}, default: {str(lang.get('default', False)).lower()}}}\n"
            for lang in LANGUAGES
        ),
        encoding="utf-8",
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    plugin = config.plugins["curriculum/i18n"]
    assert type(plugin) is CurriculumI18n and isinstance(plugin, I18n)
    assert isinstance(plugin.config, CurriculumI18nConfig)
    assert [lang.locale for lang in plugin.config.languages] == ["bg", "en", "rom"]


def test_upstream_drops_generated_files_registered_before_it(tmp_path: Path) -> None:
    """static-i18n 1.3 rebuilds Files from docs/: a generated page handed to it does not survive."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    plugin = I18n()
    plugin.load_config({"languages": [{"locale": "bg", "name": "bg", "default": True}]})
    plugin.current_language = "bg"
    files = Files([File("index.md", str(docs), str(tmp_path / "site"), True)])
    config.plugins._current_plugin = "curriculum"  # File.generated records which plugin made the file
    files.append(File.generated(config, "lessons/x.md", content="# X\n"))
    try:
        result = plugin.reconfigure_files(files, config)
    except (TypeError, AttributeError):
        return  # it crashes on the generated file: the limit holds
    assert result.get_file_from_path("lessons/x.md") is None, (
        "static-i18n now keeps generated files: our files could be registered before it"
    )


@pytest.mark.parametrize("lang", ["bg", "en", "rom"])
def test_material_has_interface_strings_for_each_language(lang: str) -> None:
    """Material ships bg and en; the Romani strings are ours, in overrides/."""
    import material

    shipped = Path(material.__file__).parent / "templates/partials/languages" / f"{lang}.html"
    ours = Path(__file__).resolve().parent.parent / "overrides/partials/languages" / f"{lang}.html"
    assert shipped.is_file() or ours.is_file()
    if lang == "rom":
        assert not shipped.is_file(), "Material now ships Romani strings: compare them with ours"
        assert '"language": "rom"' in ours.read_text(encoding="utf-8")
