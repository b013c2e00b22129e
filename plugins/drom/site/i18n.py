"""Integration with mkdocs-static-i18n 1.3: three-letter language codes and generated pages.

Two upstream limits are handled here, in one place, with tests that pin them (tests/test_i18n_compat.py):

1. static-i18n validates `locale` against ISO 639-1 (two letters), while Romani is `rom` (ISO 639-2/3).
   `CurriculumI18n` is the upstream plugin with a config class that also accepts three-letter codes; it is
   registered as the `curriculum/i18n` plugin. Nothing else of upstream behaviour changes.
2. static-i18n rebuilds `Files` from disk in its `on_files` and drops (or crashes on) files it did not find in
   `docs/`. Our pages are therefore added *after* it, per language, and given the attributes it sets on its
   own files (`locale`, `alternates`, ...) so that its language switcher and sitemap treat them alike.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs_static_i18n.config import I18nPluginConfig, I18nPluginLanguage
from mkdocs_static_i18n.plugin import I18n

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{4})?(?:[-_](?:[A-Z]{2}|[0-9]{3}))?$")
"""A BCP 47 language tag of the forms we use: `bg`, `rom`, `sr-Latn`, `en_GB`."""


class LanguageTag(config_options.Type):
    """Like static-i18n's `Locale`, but accepting ISO 639-2/3 three-letter codes such as `rom`."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        if not LANGUAGE_TAG.match(text) and text.lower() != "null":
            raise ValidationError(f"'{text}' is not a language code: use an ISO 639 code such as 'bg', 'en' or 'rom'.")
        return text


class CurriculumI18nLanguage(I18nPluginLanguage):
    locale = LanguageTag()


class CurriculumI18nConfig(I18nPluginConfig):
    build_only_locale = config_options.Optional(LanguageTag())
    languages = config_options.ListOfItems(config_options.SubConfig(CurriculumI18nLanguage, validate=True))


class CurriculumI18n(I18n):
    """mkdocs-static-i18n, accepting three-letter language codes."""

    config_class = CurriculumI18nConfig


def find_i18n(config: MkDocsConfig) -> I18n | None:
    for plugin in config.plugins.values():
        if isinstance(plugin, I18n):
            return plugin
    return None


def current_language(config: MkDocsConfig, default: str) -> str:
    plugin = find_i18n(config)
    if plugin is None or plugin.current_language is None:
        return default
    return str(plugin.current_language)


def built_languages(config: MkDocsConfig, curriculum_languages: list[str]) -> list[str]:
    """The languages this build produces: static-i18n's `build: true` ones that the curriculum has."""
    plugin = find_i18n(config)
    if plugin is None:
        return curriculum_languages[:1]
    return [lang for lang in plugin.build_languages if lang in curriculum_languages]


def mark_generated(file: File, lang: str, alternates: dict[str, str]) -> None:
    """Give a generated page the attributes static-i18n puts on the files it manages.

    `alternates` maps each language to the page's URL in that language.
    """
    links: dict[str, Any] = {}
    for other, url in alternates.items():
        links[other] = file if other == lang else SimpleNamespace(url=url, page=None, locale=other)
    file.alternates = links  # type: ignore[attr-defined]
    file.locale = lang  # type: ignore[attr-defined]
    file.locale_alternate_of = lang  # type: ignore[attr-defined]
    file.localization = lang  # type: ignore[attr-defined]
    file.norm_src_uri = file.src_uri  # type: ignore[attr-defined]


def register_pages_for_sitemap(config: MkDocsConfig, lang: str, files: Any) -> None:
    """static-i18n's sitemap lists the pages it saw in `on_files`; add ours for this language."""
    plugin = find_i18n(config)
    if plugin is not None:
        plugin.i18n_files_per_language[lang] = files.documentation_pages()
