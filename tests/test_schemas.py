"""JSON Schemas: the shipped files are what the model generates, every shipped YAML file passes its schema,
and the schema catches the mistakes the validator catches, so an editor underlines them while typing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from drom import schemas
from drom.cli import main

from .conftest import GOOD, REPO

SHIPPED = REPO / "schemas"
YAML_FILES = sorted(
    path
    for base in (REPO / "curriculum", GOOD / "curriculum")
    for path in base.rglob("*.yml")
    if schemas.kind_of(path)
)


def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads(schemas.schema_file(SHIPPED, kind).read_text(encoding="utf-8")))


def test_shipped_schemas_equal_freshly_generated_ones() -> None:
    assert sorted(p.name for p in SHIPPED.glob("*.schema.json")) == sorted(f"{k}.schema.json" for k in schemas.KINDS)
    assert schemas.stale_schemas(SHIPPED) == [], "run `curriculum schemas` and commit the result"


def test_check_flag_passes_on_the_repository() -> None:
    proc = subprocess.run(["curriculum", "schemas", "--check"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "match the model" in proc.stdout


@pytest.mark.parametrize("kind", list(schemas.KINDS))
def test_every_schema_is_a_valid_schema_that_forbids_unknown_keys(kind: str) -> None:
    schema = json.loads(schemas.schema_file(SHIPPED, kind).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["title"] == f"{kind}.yml"
    assert schema["description"]
    assert schema["additionalProperties"] is False
    for definition in schema.get("$defs", {}).values():
        assert definition["additionalProperties"] is False


def test_yaml_files_were_found() -> None:
    kinds = {schemas.kind_of(path) for path in YAML_FILES}
    assert kinds == set(schemas.KINDS)


@pytest.mark.parametrize("path", YAML_FILES, ids=[p.relative_to(REPO).as_posix() for p in YAML_FILES])
def test_every_shipped_yaml_file_validates_against_its_schema(path: Path) -> None:
    kind = schemas.kind_of(path)
    assert kind is not None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(kind).iter_errors(data)]
    assert errors == []


SHIPPED_YAML = [path for path in YAML_FILES if path.is_relative_to(REPO / "curriculum")]


@pytest.mark.parametrize("path", SHIPPED_YAML, ids=[p.relative_to(REPO).as_posix() for p in SHIPPED_YAML])
def test_a_schema_line_names_the_right_existing_schema(path: Path) -> None:
    """Every shipped file starts with the line that gives editors its schema (the test fixtures need none)."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server:"), f"{path}: no schema line"
    kind = schemas.kind_of(path)
    target = (path.parent / first.split("$schema=", 1)[1].strip()).resolve()
    assert target == schemas.schema_file(SHIPPED, str(kind)).resolve()
    assert first == schemas.modeline(path, REPO / "curriculum", str(kind))


LESSON = {"grades": [2], "duration": 40, "outcomes": ["P-HOL-1"], "activities": [{"id": "a", "minutes": 5}]}
MODULE = {"band": "primary", "grades": [2], "lessons": ["a"]}
TERM = {"id": "daj", "latin": "daj", "meaning": {"bg": "майка", "en": "mother"}}
EVENT = {"id": "x", "date": "01-14", "name": {"bg": "x"}, "description": {"bg": "y"}}
MISTAKES = [
    ("lesson", {**LESSON, "theme": ["x"]}, "('theme' was unexpected)"),
    ("lesson", {**LESSON, "duration": "forty"}, "'forty' is not of type 'integer'"),
    ("lesson", {**LESSON, "activities": [{"id": "a", "minutes": 5, "kind": "lecture"}]}, "'lecture' is not one of"),
    ("module", {"band": "primary", "grades": [2]}, "'lessons' is a required property"),
    ("module", {**MODULE, "band": "Primary"}, "'Primary' does not match"),
    ("resource", {"kind": "poem", "origin": "original", "licence": "CC0"}, "'poem' is not one of"),
    ("glossary", {"terms": [{**TERM, "meaning": {"bulgarian": "майка"}}]}, "'bulgarian' does not match"),
    ("calendar", {"events": [{**EVENT, "date": "14-01"}]}, "'14-01' does not match"),
    ("bibliography", {"sources": [{"id": "x", "citation": "c", "url": "ftp://example.org"}]}, "does not match"),
]


@pytest.mark.parametrize(
    ("kind", "data"),
    [("lesson", LESSON), ("module", MODULE), ("glossary", {"terms": [TERM]}), ("calendar", {"events": [EVENT]})],
)
def test_the_examples_that_are_broken_below_are_valid(kind: str, data: dict) -> None:
    assert list(validator(kind).iter_errors(data)) == []
    schemas.KINDS[kind].model_validate(data)


@pytest.mark.parametrize(("kind", "data", "words"), MISTAKES, ids=[f"{m[0]}-{i}" for i, m in enumerate(MISTAKES)])
def test_the_schema_catches_what_the_validator_catches(kind: str, data: dict, words: str) -> None:
    messages = [error.message for error in validator(kind).iter_errors(data)]
    for error in validator(kind).iter_errors(data):
        messages += [sub.message for sub in error.context or []]
    assert any(words in message for message in messages), messages
    model = schemas.KINDS[kind]
    with pytest.raises(ValueError):
        model.model_validate(data)


def test_check_fails_on_a_stale_file_and_writing_fixes_it(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "schemas"
    first = runner.invoke(main, ["schemas", "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert f"{len(schemas.KINDS)} of {len(schemas.KINDS)} schema files changed" in first.output
    assert runner.invoke(main, ["schemas", "--check", "--out", str(out)]).exit_code == 0

    lesson = out / "lesson.schema.json"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace('"Duration"', '"Length"'), encoding="utf-8")
    (out / "calendar.schema.json").unlink()
    stale = runner.invoke(main, ["schemas", "--check", "--out", str(out)])
    assert stale.exit_code == 1
    assert "lesson.schema.json: out of date" in stale.output
    assert "calendar.schema.json: out of date" in stale.output
    assert "Run `curriculum schemas`" in stale.output

    again = runner.invoke(main, ["schemas", "--out", str(out)])
    assert f"2 of {len(schemas.KINDS)} schema files changed" in again.output
    assert runner.invoke(main, ["schemas", "--check", "--out", str(out)]).exit_code == 0


def test_schema_reference_is_relative_to_the_yaml_file(tmp_path: Path) -> None:
    root = tmp_path / "curriculum"
    lesson = schemas.schema_reference(root / "lessons/x/lesson.yml", root, "lesson")
    assert lesson == "../../../schemas/lesson.schema.json"
    assert schemas.schema_reference(root / "glossary.yml", root, "glossary") == "../schemas/glossary.schema.json"
