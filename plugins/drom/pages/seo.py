"""schema.org metadata (JSON-LD) of lesson and resource pages, built as data.

The templates serialise it with `script_json` (json.dumps, then `<`, `>` and `&` escaped for `<script>`). Text
from the content is plain here: inline Markdown is rendered to plain text, never shown as asterisks.
"""

from __future__ import annotations

from typing import Any

from .. import model as m
from ..i18n import t
from ..licences import licence_name
from .base import Context, curriculum_title
from .inline import plain


def json_ld(ctx: Context, entity: m.Lesson | m.Resource, src: str) -> dict[str, object] | None:
    """A LearningResource: name, description, URL, language, publisher, licence, translations, and for a
    lesson its level, time and objectives, for a resource its kind and themes.

    `inLanguage` is the language of the text the page shows: a fallback page (not yet translated) says the
    default language's. Translation links join only real texts, both ways: the original lists each complete
    translation (`workTranslation`), each of those names the original (`translationOfWork`); a fallback
    page is neither."""
    if not ctx.site_url:
        return None
    head = entity.text(ctx.lang, ctx.default)
    body_lang = entity.body(ctx.lang, ctx.default).lang
    others = {
        lang: ctx.map.absolute(ctx.site_url, ctx.map.in_language(src, ctx.lang, lang))
        for lang in ctx.c.languages
        if lang != ctx.lang and entity.available_in(lang, ctx.default)
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "name": plain(head.title),
        "description": plain(head.summary),
        "url": ctx.map.absolute(ctx.site_url, src),
        "inLanguage": body_lang,
        "publisher": {"@type": "Organization", "name": ctx.label(ctx.c.spec.organisation)},
    }
    if isinstance(entity, m.Lesson):
        spec = entity.spec
        objectives, objectives_lang = entity.objectives(ctx.lang, ctx.default)
        data.update(
            {
                "learningResourceType": "lesson plan",
                "educationalLevel": ctx.grades(spec.grades),
                "timeRequired": f"PT{spec.duration}M",
                "teaches": [plain(x) for x in objectives] if objectives_lang == head.lang else [],
            }
        )
        module = ctx.c.modules.get(entity.module_id)
        if module:
            data["isPartOf"] = {
                "@type": "Course",
                "name": plain(module.text(ctx.lang, ctx.default).title),
                "url": ctx.map.absolute(ctx.site_url, ctx.map.module(ctx.lang, module.id)),
            }
        licence_id = ctx.c.spec.licence
    else:
        users = ctx.c.lessons_using.get(entity.id, [])
        data["learningResourceType"] = t("en", "rk_" + entity.spec.kind).lower()
        if users:
            data["educationalLevel"] = ctx.grades({g for lesson in users for g in lesson.spec.grades})
        data["teaches"] = [label.text for label in ctx.themes(entity.spec.themes)]
        data["isPartOf"] = {
            "@type": "Course",
            "name": curriculum_title(ctx.c, ctx.lang),
            "url": ctx.map.absolute(ctx.site_url, ctx.map.home(ctx.lang)),
        }
        licence_id = entity.spec.licence
    name, url = licence_name(licence_id)
    data["license"] = url or name
    if ctx.lang == ctx.default:
        if others:
            data["workTranslation"] = [{"@id": url} for url in others.values()]
    elif body_lang == ctx.lang:
        data["translationOfWork"] = {"@id": others[ctx.default]}
    return data
