"""Teacher resources: the index by kind, and each resource's page (facts, text, words, lessons, sources)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as m
from .base import Context, Head, Label, Link, Page, SourceItem, TermLink, licence
from .seo import json_ld


@dataclass(frozen=True)
class KindGroup:
    kind: str
    name: str
    resources: tuple[tuple[Link, Label], ...]
    """Each resource's link and summary."""


@dataclass(frozen=True)
class ResourceView:
    id: str
    head: Head
    summary: Label
    kind: str
    origin: str
    licence: Link
    attribution: str
    body: str
    body_lang: str
    terms: tuple[TermLink, ...]
    used_in: tuple[Link, ...]
    sources: tuple[SourceItem, ...]
    json_ld: dict[str, object] | None


def sorted_resources(c: m.Curriculum) -> list[m.Resource]:
    return [c.resources[k] for k in sorted(c.resources)]


def resources_index(ctx: Context) -> Page:
    src = ctx.map.resources(ctx.lang)
    by_kind: dict[str, list[m.Resource]] = {}
    for resource in sorted_resources(ctx.c):
        by_kind.setdefault(resource.spec.kind, []).append(resource)
    groups = []
    for kind in sorted(by_kind, key=lambda k: ctx.t("rk_" + k)):
        items = []
        for resource in by_kind[kind]:
            text = resource.text(ctx.lang, ctx.default)
            items.append((ctx.entity_link(src, "resource", resource), Label(text.summary, ctx.other(text.lang))))
        groups.append(KindGroup(kind, ctx.t("rk_" + kind), tuple(items)))
    head = Head(src, ctx.t("resources"))
    return ctx.page("resources", "resources.md", head, groups=groups)


def resource_view(ctx: Context, resource: m.Resource) -> ResourceView:
    src = ctx.map.resource(ctx.lang, resource.id)
    head, body = ctx.head(src, resource, "resource")
    text = resource.text(ctx.lang, ctx.default)
    spec = resource.spec
    return ResourceView(
        id=resource.id,
        head=head,
        summary=Label(text.summary, ctx.other(text.lang)),
        kind=ctx.t("rk_" + spec.kind),
        origin=ctx.t("or_" + spec.origin),
        licence=licence(spec.licence),
        attribution=spec.attribution or "",
        body=ctx.rewrite_media(body.body, src, "resources", resource.id),
        body_lang=ctx.other(body.lang),
        terms=tuple(ctx.terms(spec.terms, src)),
        used_in=tuple(ctx.entity_link(src, "lesson", x) for x in ctx.c.lessons_using.get(resource.id, [])),
        sources=tuple(ctx.sources(spec.sources)),
        json_ld=json_ld(ctx, resource, src),
    )


def resource_page(ctx: Context, resource: m.Resource) -> Page:
    view = resource_view(ctx, resource)
    return ctx.page("resource", "resource.md", view.head, resource.id, resource=view)
