"""Integration with mkdocs-static-i18n 1.3: three-letter language codes and generated pages.

Two upstream limits are handled here, in one place, with tests that pin them (tests/test_i18n_compat.py):

1. static-i18n validates `locale` against ISO 639-1 (two letters), while Romani is `rom` (ISO 639-2/3).
   `CurriculumI18n` is the upstream plugin with a config class that also accepts three-letter codes; it is
   registered as the `curriculum/i18n` plugin. Nothing else of upstream behaviour changes.
2. static-i18n rebuilds `Files` from disk in its `on_files` and drops (or crashes on) files it did not find in
   `docs/`. Our pages are therefore added *after* it, per language, and given the attributes it sets on its
   own files (`locale`, `alternates`, ...) so that its language switcher and sitemap treat them alike.

`CurriculumI18n` also builds some languages in a forked process (`drom.site.parallel`): its `on_post_build` is
upstream's, without the languages that process builds, and takes that process's results back.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from mkdocs import plugins
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import config_options
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs_static_i18n.config import I18nPluginConfig, I18nPluginLanguage
from mkdocs_static_i18n.plugin import I18n

from .parallel import Languages, Result, keep_folder, quiet_build_lines
from .release import Superseded

log = plugins.get_plugin_logger(__name__)

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

    def __init__(self) -> None:
        super().__init__()
        self.parallel = Languages()
        """The forked process building some languages of this build (drom.site.parallel), if any."""
        self.forked: Result | None = None
        """That process's results, once joined (the curriculum plugin adds its languages' states to its own)."""
        self._last_build: tuple[Any, Any] | None = None
        """(env, files) of the last language built here, with its navigation, to write the sitemap again."""
        self._nav: Any = None
        self.superseded: Callable[[], bool] | None = None
        """In the preview (`mkdocs serve --dirty`, set for each build): whether a newer edit waits for a build,
        so the languages not yet built this time are left to it (`drom.site.release`)."""
        self.joined: Callable[[Result], None] | None = None
        """Given each forked process's result as it comes back (the curriculum plugin writes its languages'
        search pieces while the other processes build)."""

    def on_env(self, env: Any, config: MkDocsConfig, files: Any) -> Any:
        self._last_build = (env, files)
        return super().on_env(env, config, files)

    @plugins.event_priority(-100)
    def on_nav(self, nav: Any, config: MkDocsConfig, files: Any) -> Any:
        nav = super().on_nav(nav, config, files)
        self._nav = nav
        return nav

    @plugins.event_priority(-100)
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.building or not (self.parallel.running or self.superseded is not None):  # type: ignore[has-type]
            super().on_post_build(config)
            return
        # Upstream's on_post_build (mkdocs-static-i18n 1.3) without with-pdf (neither a forked build nor the
        # preview is started with it), without the languages the forked process builds, and in the preview
        # without the languages left when a newer edit is waiting.
        self.extend_search_entries(config)
        self.building = True
        first: str = self.current_language  # type: ignore[has-type]
        entries: dict[str, list[Any]] = {first: list(self.search_entries)}
        build_logger = logging.getLogger("mkdocs.commands.build")
        build_logger.addFilter(quiet_build_lines)
        clean_directory = mkdocs_build.utils.clean_directory
        mkdocs_build.utils.clean_directory = keep_folder
        try:
            dirty = "--dirty" in sys.argv or "--dirtyreload" in sys.argv
            for locale in self.build_languages:
                if locale == first or locale in self.parallel.languages:
                    continue
                if self.superseded is not None and self.superseded():
                    # Their pages keep the digests of what they were last made from: the next build makes them.
                    log.debug("A newer edit is waiting: the languages from '%s' on are left to its build", locale)
                    break
                self.current_language = locale
                before = len(self.search_entries)
                try:
                    mkdocs_build.build(config, dirty=dirty)
                except Superseded:
                    log.debug("A newer edit is waiting: '%s' and the languages after it are left to its build", locale)
                    break
                entries[locale] = list(self.search_entries[before:])
            result = self.parallel.join(self.joined) if self.parallel.running else Result()
        except BaseException:
            self.parallel.stop()
            raise
        finally:
            mkdocs_build.utils.clean_directory = clean_directory
            build_logger.removeFilter(quiet_build_lines)
        if result.error is not None:
            raise result.error
        if result.error_text:
            raise PluginError(result.error_text)
        self.forked = result
        entries.update(result.search_entries)
        self.search_entries[:] = [entry for lang in self.build_languages for entry in entries.get(lang, [])]
        files_per_language = {**self.i18n_files_per_language, **result.sitemap}
        self.i18n_files_per_language.clear()
        self.i18n_files_per_language.update(
            {lang: files_per_language[lang] for lang in self.build_languages if lang in files_per_language}
        )
        if self._last_build is not None and "sitemap.xml" in config.theme.static_templates:
            # The sitemap of the last language built here, which lacked the forked languages' pages.
            env, files = self._last_build
            mkdocs_build._build_theme_template("sitemap.xml", env, files, config, self._nav)
        self.reconfigure_search_index(config)
        self.building = False


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


def reset_language_switcher(config: MkDocsConfig) -> None:
    """Undo static-i18n's last page's language switcher before a language's build.

    static-i18n sets each page's switcher as an attribute (`config.extra.alternate = ...`), which on MkDocs'
    `LegacyConfig` shadows the `extra["alternate"]` item it resets for each language: the next language's 404
    page (rendered before its pages) linked the previous language's last page. Without the attribute, the
    templates read the item again, the links to each language's home page.
    """
    vars(config.extra).pop("alternate", None)


def register_pages_for_sitemap(config: MkDocsConfig, lang: str, files: Any) -> None:
    """static-i18n's sitemap lists the pages it saw in `on_files`; add ours for this language."""
    plugin = find_i18n(config)
    if plugin is not None:
        plugin.i18n_files_per_language[lang] = files.documentation_pages()
