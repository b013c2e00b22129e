"""The downloads page: the offline school pack, then every printable file of the language, module by module."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Context, DownloadLink, Head, Page
from .inline import plain


@dataclass(frozen=True)
class ModuleFiles:
    id: str
    title: str
    files: tuple[DownloadLink, ...]


def downloads_page(ctx: Context) -> Page:
    src = ctx.map.downloads(ctx.lang)
    offline = ctx.download(src, "offline", "")
    others = any(kind != "offline" and lang == ctx.lang for kind, lang, _ in ctx.downloads)
    modules = []
    for module in ctx.c.ordered_modules():
        title = plain(module.text(ctx.lang, ctx.default).title)
        rows = [("module", module.id, title), ("module_zip", module.id, title)]
        for lesson in ctx.c.module_lessons(module):
            lesson_title = plain(lesson.text(ctx.lang, ctx.default).title)
            rows += [("lesson", lesson.id, lesson_title), ("handouts", lesson.id, lesson_title)]
        files = tuple(link for kind, ident, name in rows if (link := ctx.download(src, kind, ident, name)))
        if files:
            modules.append(ModuleFiles(module.id, title, files))
    head = Head(src, ctx.t("downloads"))
    return ctx.page("downloads", "downloads.md", head, offline=offline, others=others, modules=modules)
