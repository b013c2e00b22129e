"""The `curriculum` command: validate the curriculum and report on it, for authors and CI."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .diagnostics import Severity
from .loader import load_curriculum


def _default_root() -> Path:
    return Path("curriculum")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="drom-curriculum")
def main() -> None:
    """Work with the Roma folklore curriculum kept in curriculum/."""


@main.command()
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default=None,
    help="Output: text for people, json for tools, github for workflow annotations (default on GitHub Actions).",
)
def validate(path: Path | None, output_format: str | None) -> None:
    """Report every problem in the curriculum with file:line:column, a code and a hint.

    Exits 1 when there is an error.
    """
    root = path or _default_root()
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    curriculum, diag = load_curriculum(root)
    problems = diag.problems
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if output_format == "json":
        click.echo(
            json.dumps(
                {
                    "root": str(root),
                    "errors": len(errors),
                    "warnings": len(problems) - len(errors),
                    "problems": [p.as_dict() for p in problems],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        color = sys.stdout.isatty()
        for problem in problems:
            if output_format == "github":
                click.echo(problem.github_annotation())
            where = f"{problem.file}:{problem.line}:{problem.column}" if problem.line else problem.file
            label = click.style(f"{problem.severity.value} {problem.code}", fg="red" if problem.severity is Severity.ERROR else "yellow", bold=True) if color else f"{problem.severity.value} {problem.code}"
            click.echo(f"{click.style(where, bold=True) if color else where}: {label}: {problem.message}")
            if problem.hint:
                click.echo(f"    hint: {problem.hint}")
        if curriculum is not None and not errors:
            click.echo(
                f"OK: {len(curriculum.modules)} modules, {len(curriculum.lessons)} lessons, "
                f"{len(curriculum.resources)} resources, {len(curriculum.terms)} glossary terms."
            )
        click.echo(f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s).")
    sys.exit(1 if errors or curriculum is None else 0)


@main.command()
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def stats(path: Path | None, output_format: str) -> None:
    """Counts of modules, lessons, resources and terms per language; minutes of teaching per module."""
    root = path or _default_root()
    curriculum, diag = load_curriculum(root)
    if curriculum is None or diag.errors:
        click.echo(diag.report(), err=True)
        sys.exit(1)
    languages = curriculum.languages
    report: dict[str, object] = {
        "modules": len(curriculum.modules),
        "lessons": len(curriculum.lessons),
        "resources": len(curriculum.resources),
        "terms": len(curriculum.terms),
        "lessons_with_handouts": sum(1 for lesson in curriculum.lessons.values() if lesson.handouts),
        "per_language": {
            lang: {
                "lessons_complete": sum(
                    1 for x in curriculum.lessons.values() if lang in x.texts and x.texts[lang].complete
                ),
                "lessons_titled": sum(1 for x in curriculum.lessons.values() if lang in x.texts),
                "resources_complete": sum(
                    1 for x in curriculum.resources.values() if lang in x.texts and x.texts[lang].complete
                ),
                "terms_with_meaning": sum(1 for t in curriculum.terms.values() if lang in t.meaning),
            }
            for lang in languages
        },
        "minutes_per_module": {
            module.id: sum(lesson.spec.duration for lesson in curriculum.module_lessons(module))
            for module in curriculum.ordered_modules()
        },
    }
    if output_format == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"modules {report['modules']}, lessons {report['lessons']} "
        f"({report['lessons_with_handouts']} with handouts), resources {report['resources']}, "
        f"glossary terms {report['terms']}"
    )
    click.echo(f"{'language':<10}{'lessons':>10}{'titled':>10}{'resources':>11}{'terms':>8}")
    for lang, row in report["per_language"].items():  # type: ignore[union-attr]
        click.echo(
            f"{lang:<10}{row['lessons_complete']:>10}{row['lessons_titled']:>10}"
            f"{row['resources_complete']:>11}{row['terms_with_meaning']:>8}"
        )
    for module_id, minutes in report["minutes_per_module"].items():  # type: ignore[union-attr]
        click.echo(f"module {module_id}: {minutes} minutes of teaching")
