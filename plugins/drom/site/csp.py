"""The site's Content-Security-Policy: scripts from the site itself, and inline ones only by their hash.

Every page carries the policy as `<meta http-equiv="Content-Security-Policy">` (for hosts that send no
headers, such as a plain folder on a school server), with the hashes of its own inline scripts: the theme's
few start-up lines, our `drom-js` class and light/dark switch. `_headers` (Netlify and Cloudflare Pages syntax)
gives hosts that send headers one policy for every page, with the hashes of all pages, and adds what a
`<meta>` cannot say (frame-ancestors). Nothing may come from another origin. Styles may be inline (the
theme and the time plan's bars set style attributes); scripts may not.

The offline pack, opened from a folder, has the same policy with `file:` for the site's own files (a file://
page has no origin of its own), and the hash of the one inline script the iframe-worker shim writes into the
frame that runs search (`shim_frame_script`).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import re
from collections.abc import Collection, Iterable
from pathlib import Path

from markupsafe import Markup

from ..pages.templating import render

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
_HEAD = re.compile(r"<meta charset=[^>]*>|<head>", re.IGNORECASE)

DIRECTIVES = (
    ("default-src", "'none'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("media-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
HEADER_ONLY = (("frame-ancestors", "'self'"),)
"""Directives a <meta> policy may not carry (browsers ignore them there)."""


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run (not data blocks such as JSON-LD)."""
    found = []
    for match in _SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        if re.search(r"\bsrc\s*=", attributes, re.IGNORECASE):
            continue
        kind = _TYPE.search(attributes)
        value = next((g for g in kind.groups() if g is not None), "") if kind else ""
        if value.strip().lower() in _SCRIPT_TYPES:
            found.append(body)
    return found


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(hashes: Iterable[str], *, header: bool = False, files: bool = False) -> str:
    """The policy; `files` for pages opened from a folder (file://), where 'self' names nothing."""
    sources = sorted(set(hashes))
    parts = []
    for name, value in DIRECTIVES + (HEADER_ONLY if header else ()):
        if files:
            value = value.replace("'self'", "file:")
        if name == "script-src" and sources:
            value = " ".join([value, *sources])
        parts.append(f"{name} {value}")
    return "; ".join(parts)


_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)
_FRAME_TEMPLATE = re.compile(r"<script>(postMessage=\$\{c\};.*?)<\\/script>")


def _function(source: str, name: str) -> str:
    """The source text of `function name(...) {...}` in minified JavaScript (what its toString() gives)."""
    start = source.index(f"function {name}(")
    depth = 0
    for index in range(source.index("{", start), len(source)):
        depth += {"{": 1, "}": -1}.get(source[index], 0)
        if depth == 0:
            return source[start : index + 1]
    raise ValueError(f"function {name} is not closed")


def shim_frame_script(shim: str, worker_url: str) -> str:
    """The inline script the iframe-worker shim writes into its frame for `worker_url`, exactly."""
    template = _FRAME_TEMPLATE.search(shim)
    if template is None:
        raise ValueError("the iframe-worker shim no longer writes the frame script this policy hashes")
    return (
        template.group(1)
        .replace("${c}", _function(shim, "c"))
        .replace("${d}", _function(shim, "d"))
        .replace("${e}", worker_url)
    )


def with_policy(html: str, *, shim: str | None = None, scripts: set[str] | None = None) -> str:
    """The page with its policy as the first thing in <head>, so that it covers every script after it.

    `shim`: the iframe-worker shim's source, for a page of the offline pack. `scripts`: a set the hashes of the
    page's own inline scripts are added to (what `headers_file` would read back from the written page)."""
    hashes = [script_hash(body) for body in inline_scripts(html)]
    if scripts is not None:
        scripts.update(hashes)
    if shim is not None:
        config = _CONFIG.search(html)
        worker = json.loads(config.group(1)).get("search") if config else None
        if worker:
            hashes.append(script_hash(shim_frame_script(shim, worker)))
    # The policy is ours (directives and base64 hashes): its single quotes stay as they are, as browsers and
    # the checkers that read the tag expect them; a double quote could not occur, and would be escaped.
    text = policy(hashes, files=shim is not None).replace("&", "&amp;").replace('"', "&quot;")
    tag = _tag(text)
    match = _HEAD.search(html)
    if match is None:
        return html
    return html[: match.end()] + "\n    " + tag + html[match.end() :]


@functools.lru_cache(maxsize=64)
def _tag(policy_text: str) -> str:
    """The `<meta>` of a policy (most pages have the same inline scripts, so the same policy)."""
    return render("partials/csp.html", policy=Markup(policy_text))


def headers_file(site_dir: Path, *, known: Collection[str] = (), hashes: Iterable[str] = ()) -> str:
    """`_headers` for the whole site: one policy with the inline scripts of every page.

    `known`: the site-relative paths of pages whose script hashes are given (`hashes`, gathered by `with_policy`
    as each page was written, in whichever process built it); every other page is read here."""
    found: set[str] = set(hashes)
    files = _site_files(site_dir)
    for name in files:
        if name.endswith(".html") and name not in known:
            text = (site_dir / name).read_text(encoding="utf-8")
            found.update(script_hash(body) for body in inline_scripts(text))
    return (
        "# Written by the curriculum plugin (drom/site/csp.py) for hosts that read it (Netlify, Cloudflare Pages).\n"
        "/*\n"
        f"  Content-Security-Policy: {policy(found, header=True)}\n"
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: strict-origin-when-cross-origin\n"
        "/media/*\n"
        "  Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox\n"
        + cache_rules(files)
    )


def _site_files(site_dir: Path) -> list[str]:
    """Every file of the site, site-relative with forward slashes, sorted (one walk of the folder)."""
    names: list[str] = []
    for folder, _, files in os.walk(site_dir):
        relative = Path(folder).relative_to(site_dir).as_posix()
        prefix = "" if relative == "." else f"{relative}/"
        names.extend(prefix + name for name in files)
    return sorted(names)


_FINGERPRINTED = re.compile(r"^assets/(?:javascripts|stylesheets)/(?:.+/)?[\w-]+\.[0-9a-f]{8,}\.min\.(?:js|css)$")
"""The theme's files whose names change with their content (bundle.<hash>.min.js): safe to cache for a year."""


def cache_rules(files: list[str]) -> str:
    """A year's cache for each fingerprinted file of `files` (the site's, sorted), one rule per file so that no
    other rule's Cache-Control is merged into it; pages and every other file keep the host's default
    (revalidated on every visit)."""
    year = "  Cache-Control: public, max-age=31536000, immutable\n"
    rules = [f"/{name}\n{year}" for name in files if _FINGERPRINTED.match(name)]
    return "# Fingerprinted theme files: a year. Pages and other files: the host's default.\n" + "".join(rules)
