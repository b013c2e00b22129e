"""JSON Schemas for the curriculum's YAML files, generated from the pydantic models in `model`.

Editors with the YAML language server read the schema named on a file's first line
(`# yaml-language-server: $schema=...`) and then complete keys, show descriptions and underline mistakes as
the author types. The schemas are generated, never edited by hand: `curriculum schemas` writes them and
`curriculum schemas --check` fails when the shipped files no longer match the models.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import model as m

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FOLDER = "schemas"
"""The folder of schemas, next to the curriculum folder (both at the top of the repository)."""

KINDS: dict[str, type[BaseModel]] = {
    "curriculum": m.CurriculumFile,
    "module": m.ModuleFile,
    "lesson": m.LessonFile,
    "resource": m.ResourceFile,
    "glossary": m.GlossaryFile,
    "bibliography": m.BibliographyFile,
    "calendar": m.CalendarFile,
    "school-year": m.SchoolYearFile,
    "year-plan": m.YearPlanFile,
    "romani-words": m.RomaniWordsFile,
}
"""Every kind of YAML file; `<kind>.yml` is the file's name (a school year's is `school-years/<years>.yml`) and
`<kind>.schema.json` its schema's."""

GUIDE = "See docs/authoring.en.md for an example of every file."


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of YAML file."""
    model = KINDS[kind]
    generated = model.model_json_schema(mode="validation")
    _forbid_unknown_keys(generated)
    where = (model.__doc__ or "").strip()
    return {
        "$schema": SCHEMA_DIALECT,
        "title": f"{kind}.yml",
        "description": f"{where}. {GUIDE}" if where else GUIDE,
        **{key: value for key, value in generated.items() if key not in {"title", "description"}},
    }


def _forbid_unknown_keys(node: Any) -> None:
    """`additionalProperties: false` on every object that lists its keys, as the models forbid extra keys.

    pydantic already writes it for models with `extra="forbid"`; this also covers language maps, whose keys
    the model restricts to language codes.
    """
    if isinstance(node, dict):
        if node.get("type") == "object" and ("properties" in node or "patternProperties" in node):
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _forbid_unknown_keys(value)
    elif isinstance(node, list):
        for item in node:
            _forbid_unknown_keys(item)


def render(kind: str) -> str:
    """The schema as the shipped file holds it: stable key order, UTF-8, a final newline."""
    return json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n"


def schema_file(folder: Path, kind: str) -> Path:
    return folder / f"{kind}.schema.json"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`; the files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = stale_schemas(folder)
    for path in changed:
        path.write_text(render(path.name.removesuffix(".schema.json")), encoding="utf-8", newline="\n")
    return changed


def stale_schemas(folder: Path) -> list[Path]:
    """Schema files that are missing or differ from what the models generate now."""
    stale = []
    for kind in KINDS:
        path = schema_file(folder, kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != render(kind):
            stale.append(path)
    return stale


def schema_folder(root: Path) -> Path:
    """Where the schemas of the curriculum in `root` live: `schemas/` beside it."""
    return root.resolve().parent / SCHEMA_FOLDER


def schema_reference(yaml_file: Path, root: Path, kind: str) -> str:
    """The relative path from a YAML file to its schema, as its first-line comment names it."""
    target = schema_file(schema_folder(root), kind)
    return Path(os.path.relpath(target, yaml_file.resolve().parent)).as_posix()


def modeline(yaml_file: Path, root: Path, kind: str) -> str:
    """The first line of a YAML file that tells the editor which schema applies."""
    return f"# yaml-language-server: $schema={schema_reference(yaml_file, root, kind)}"


def kind_of(path: Path) -> str | None:
    """The kind of a curriculum YAML file from its name (`lesson.yml` is a lesson), or None."""
    if path.suffix == ".yml" and path.parent.name == "school-years":
        return "school-year"
    kind = path.name.removesuffix(".yml")
    return kind if path.suffix == ".yml" and kind in KINDS else None
