"""The `curriculum` command: validate the curriculum, report on it and start new content, for authors and CI."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from . import scaffold, schemas
from . import spelling as sp
from . import translations as tr
from .diagnostics import Diagnostics, Problem, Severity
from .loader import load_curriculum
from .model import Curriculum

DEFAULT_ROOT = Path("curriculum")


def _color() -> bool:
    """Colour only for a person at a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _relative(path: Path, root: Path) -> str:
    """A path as the author sees it, as problems show it: from the folder that holds the curriculum."""
    return Diagnostics(root).relative(path)


def _fail(message: str, hint: str = "") -> click.ClickException:
    return click.ClickException(f"{message}\n    hint: {hint}" if hint else message)


def _load(root: Path) -> Curriculum:
    """The curriculum, or exit 1 with the problems when it cannot be loaded at all."""
    curriculum, diag = load_curriculum(root)
    if curriculum is None:
        click.echo(diag.report(), err=True)
        sys.exit(1)
    if diag.errors:
        click.echo(
            f"note: the curriculum has {len(diag.errors)} error(s); `curriculum validate` lists them.", err=True
        )
    return curriculum


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="drom-curriculum")
def main() -> None:
    """Work with the Roma folklore curriculum kept in curriculum/."""


# --- validate ----------------------------------------------------------------------------------------


def _problem_line(problem: Problem, color: bool) -> str:
    where = f"{problem.file}:{problem.line}:{problem.column}" if problem.line else problem.file
    label = f"{problem.severity.value} {problem.code}"
    if color:
        where = click.style(where, bold=True)
        label = click.style(label, fg="red" if problem.severity is Severity.ERROR else "yellow", bold=True)
    text = f"{where}: {label}: {problem.message}"
    return f"{text}\n    hint: {problem.hint}" if problem.hint else text


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
    root = path or DEFAULT_ROOT
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    curriculum, diag = load_curriculum(root)
    if curriculum is not None and (curriculum.root / sp.WORDS_FILE).is_file():
        # The spelling check (warnings) runs where the curriculum keeps a Romani word list.
        for note in sp.check_spelling(curriculum, diag).skipped:
            click.echo(f"note: {note}", err=True)
    problems = diag.problems
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if output_format == "json":
        report = {
            "root": str(root),
            "errors": len(errors),
            "warnings": len(problems) - len(errors),
            "problems": [p.as_dict() for p in problems],
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        color = _color()
        for problem in problems:
            if output_format == "github":
                click.echo(problem.github_annotation())
            click.echo(_problem_line(problem, color))
        if curriculum is not None and not errors:
            click.echo(
                f"OK: {len(curriculum.modules)} modules, {len(curriculum.lessons)} lessons, "
                f"{len(curriculum.resources)} resources, {len(curriculum.terms)} glossary terms."
            )
        click.echo(f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s).")
    sys.exit(1 if errors or curriculum is None else 0)


# --- spell -------------------------------------------------------------------------------------------


@main.command()
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--strict", is_flag=True, help="Spelling problems are errors: exit 1 when there is any.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default=None,
    help="Output: text for people, json for tools, github for workflow annotations (default on GitHub Actions).",
)
def spell(path: Path | None, strict: bool, output_format: str | None) -> None:
    """Check the spelling: Romani against the word list and the doublets, Bulgarian and English with Hunspell.

    Every problem has file:line:column; they are warnings, errors with --strict (exit 1).
    """
    root = path or DEFAULT_ROOT
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    curriculum = _load(root)
    diag = Diagnostics(curriculum.root)
    run = sp.check_spelling(curriculum, diag)
    problems = [
        Problem(p.file, p.line, p.column, p.code, p.message, p.hint, Severity.ERROR if strict else p.severity)
        for p in diag.problems
    ]
    for note in run.skipped:
        click.echo(f"note: {note}", err=True)
    if output_format == "json":
        report = {"root": str(root), "files": run.files, "words": run.words, "skipped": run.skipped,
                  "problems": [p.as_dict() for p in problems]}
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        color = _color()
        for problem in problems:
            if output_format == "github":
                click.echo(problem.github_annotation())
            click.echo(_problem_line(problem, color))
        click.echo(f"{run.words} words in {run.files} files: {len(problems)} spelling problem(s).")
    # A strict check that could not run whole does not pass.
    sys.exit(1 if strict and (problems or run.skipped) else 0)


# --- stats -------------------------------------------------------------------------------------------


def _language_counts(curriculum: Curriculum, lang: str) -> dict[str, int]:
    lessons = curriculum.lessons.values()
    resources = curriculum.resources.values()
    return {
        "lessons_complete": sum(1 for x in lessons if lang in x.texts and x.texts[lang].complete),
        "lessons_titled": sum(1 for x in lessons if lang in x.texts),
        "resources_complete": sum(1 for x in resources if lang in x.texts and x.texts[lang].complete),
        "terms_with_meaning": sum(1 for t in curriculum.terms.values() if lang in t.meaning),
    }


@main.command()
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def stats(path: Path | None, output_format: str) -> None:
    """Counts of modules, lessons, resources and terms per language; minutes of teaching per module."""
    root = path or DEFAULT_ROOT
    curriculum, diag = load_curriculum(root)
    if curriculum is None or diag.errors:
        click.echo(diag.report(), err=True)
        sys.exit(1)
    per_language = {lang: _language_counts(curriculum, lang) for lang in curriculum.languages}
    minutes = {
        module.id: sum(lesson.spec.duration for lesson in curriculum.module_lessons(module))
        for module in curriculum.ordered_modules()
    }
    with_handouts = sum(1 for lesson in curriculum.lessons.values() if lesson.handouts)
    movable = sum(1 for event in curriculum.events if not isinstance(event.date, str))
    if output_format == "json":
        report = {
            "modules": len(curriculum.modules),
            "lessons": len(curriculum.lessons),
            "resources": len(curriculum.resources),
            "terms": len(curriculum.terms),
            "lessons_with_handouts": with_handouts,
            "calendar_events": len(curriculum.events),
            "movable_events": movable,
            "per_language": per_language,
            "minutes_per_module": minutes,
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"modules {len(curriculum.modules)}, lessons {len(curriculum.lessons)} ({with_handouts} with handouts), "
        f"resources {len(curriculum.resources)}, glossary terms {len(curriculum.terms)}"
    )
    click.echo(f"{'language':<10}{'lessons':>10}{'titled':>10}{'resources':>11}{'terms':>8}")
    for lang, row in per_language.items():
        click.echo(
            f"{lang:<10}{row['lessons_complete']:>10}{row['lessons_titled']:>10}"
            f"{row['resources_complete']:>11}{row['terms_with_meaning']:>8}"
        )
    for module_id, total in minutes.items():
        click.echo(f"module {module_id}: {total} minutes of teaching")
    click.echo(f"calendar events {len(curriculum.events)} ({movable} movable)")


# --- schemas -----------------------------------------------------------------------------------------


@main.command("schemas")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(schemas.SCHEMA_FOLDER),
    show_default=True,
    help="Folder of the schema files.",
)
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a schema file is missing or out of date.")
def schemas_command(out: Path, check: bool) -> None:
    """Write the JSON Schemas of the YAML files, generated from the model, for editors' completion and checks."""
    if check:
        stale = schemas.stale_schemas(out)
        for path in stale:
            click.echo(f"{path.as_posix()}: out of date with the model", err=True)
        if stale:
            raise _fail(
                f"{len(stale)} schema file(s) out of date.", "Run `curriculum schemas` and commit the changed files."
            )
        click.echo(f"The {len(schemas.KINDS)} schema files in {out.as_posix()}/ match the model.")
        return
    changed = schemas.write_schemas(out)
    for path in changed:
        click.echo(f"wrote {path.as_posix()}")
    click.echo(f"{len(changed)} of {len(schemas.KINDS)} schema files changed.")


# --- new ---------------------------------------------------------------------------------------------

_root_option = click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_ROOT,
    show_default=True,
    help="The curriculum folder.",
)


def _scaffold(root: Path, make: Callable[[], scaffold.Scaffold]) -> None:
    try:
        done = make()
    except scaffold.ScaffoldError as exc:
        raise _fail(str(exc), exc.hint) from exc
    for path in done.created:
        click.echo(f"created {_relative(path, root)}")
    for path in done.changed:
        click.echo(f"changed {_relative(path, root)}")
    for note in done.notes:
        click.echo(note)
    click.echo("Next: replace every TODO with real text, then run `curriculum validate` (it lists them as CUR022).")


@main.group()
def new() -> None:
    """Start a lesson, module, resource or glossary term from a template with TODO placeholders."""


@new.command("lesson")
@click.argument("module_id", metavar="MODULE")
@click.argument("lesson_id", metavar="ID")
@_root_option
def new_lesson(module_id: str, lesson_id: str, root: Path) -> None:
    """A lesson ID at the end of the module MODULE, with its text in every language of the curriculum."""
    _scaffold(root, lambda: scaffold.new_lesson(root, module_id, lesson_id))


@new.command("module")
@click.argument("module_id", metavar="ID")
@click.option("--band", required=True, help="The grade band, an id from curriculum.yml, e.g. primary.")
@click.option("--lesson", "lesson_id", help="Also start the module's first lesson, with this id.")
@_root_option
def new_module(module_id: str, band: str, lesson_id: str | None, root: Path) -> None:
    """A module ID at the end of curriculum.yml's modules, with its text in every language."""
    _scaffold(root, lambda: scaffold.new_module(root, module_id, band, lesson_id))


@new.command("resource")
@click.argument("resource_id", metavar="ID")
@click.option("--kind", required=True, type=click.Choice(scaffold.RESOURCE_KINDS), help="What the resource is.")
@click.option(
    "--origin",
    type=click.Choice(scaffold.RESOURCE_ORIGINS),
    default="original",
    show_default=True,
    help="Where the text comes from.",
)
@_root_option
def new_resource(resource_id: str, kind: str, origin: str, root: Path) -> None:
    """A teacher resource ID, with its text in every language."""
    _scaffold(root, lambda: scaffold.new_resource(root, resource_id, kind, origin))


@new.command("term")
@click.argument("term_id", metavar="ID")
@click.option("--latin", required=True, help="The ROMLEX unified Latin spelling, e.g. čhavo.")
@_root_option
def new_term(term_id: str, latin: str, root: Path) -> None:
    """A glossary term ID at the end of glossary.yml."""
    _scaffold(root, lambda: scaffold.new_term(root, term_id, latin))


# --- translations ------------------------------------------------------------------------------------


class _ReportByDefault(click.Group):
    """`curriculum translations [PATH]` reports (the `status` command); `... mark FILE` marks."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = ["status", *args]
        return super().parse_args(ctx, args)


@main.group(cls=_ReportByDefault)
def translations() -> None:
    """Which translations are up to date, outdated, of unknown state, partial (title only) or missing, and the
    review state of each (draft, machine-assisted, reviewed).

    `curriculum translations [PATH]` reports; `curriculum translations mark FILE...` records that a
    translation matches its current Bulgarian source.
    """


_STATE_COLOURS = {
    tr.State.UP_TO_DATE: "green",
    tr.State.OUTDATED: "red",
    tr.State.UNKNOWN: "yellow",
    tr.State.PARTIAL: "cyan",
    tr.State.MISSING: "magenta",
}


def _name(status: tr.Status) -> str:
    if status.kind == "curriculum":
        return "curriculum introduction"
    ident = f"{status.parent}/{status.id}" if status.parent else status.id
    return f"{status.kind} {ident}"


def _print_statuses(statuses: list[tr.Status], changes: dict[tr.Status, list[str] | None], root: Path) -> None:
    color = _color()
    counts = tr.summary(statuses)
    width = max((len(_name(s)) for s in statuses), default=0)
    reviews = tr.review_summary(statuses)
    for lang, row in counts.items():
        click.echo(f"{lang}: " + ", ".join(f"{n} {state.replace('-', ' ')}" for state, n in row.items()))
        click.echo(f"{lang} review: " + ", ".join(f"{n} {state}" for state, n in reviews[lang].items()))
        for status in statuses:
            reviewed = status.review == "reviewed" or status.state is tr.State.MISSING
            if status.lang != lang or (status.state is tr.State.UP_TO_DATE and reviewed):
                continue
            state = f"{status.state.value:<10}"
            if color:
                state = click.style(state, fg=_STATE_COLOURS[status.state])
            review = status.review or ("" if status.state is tr.State.MISSING else "not stated")
            click.echo(f"  {state} {review:<16} {_name(status):<{width}}  {_relative(status.path, root)}")
            changed = changes.get(status)
            if changed:
                click.echo(f"  {'':<9} changed in the source since: {'; '.join(changed)}")
    states = {s.state for s in statuses}
    if tr.State.OUTDATED in states:
        click.echo("Outdated: update the translation, then run `curriculum translations mark FILE`.")
    if any(s.review != "reviewed" and s.state is not tr.State.MISSING for s in statuses):
        click.echo(
            "Review: no fluent speaker has checked a text that is not `reviewed`. When one has, write "
            '`review: {state: reviewed, by: "Name Surname", date: YYYY-MM-DD}` in its front matter.'
        )
    if tr.State.UNKNOWN in states:
        click.echo(
            "Unknown: the translation records no source version. Check it against the source, then run "
            "`curriculum translations mark FILE` (or `mark --all` for every such file)."
        )


@translations.command("status")
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option("--strict", is_flag=True, help="Exit 1 when a translation is outdated or of unknown state.")
@click.option(
    "--changes/--no-changes",
    default=True,
    show_default=True,
    help="Look in git history for what changed in the sources of outdated translations.",
)
def translations_status(path: Path | None, output_format: str, strict: bool, changes: bool) -> None:
    """Report the state of every translation (PATH: the curriculum folder)."""
    root = path or DEFAULT_ROOT
    statuses = tr.translation_status(_load(root))
    found = {s: tr.source_changes(s) for s in statuses if s.state is tr.State.OUTDATED} if changes else {}
    if output_format == "json":
        rows = [{**s.as_dict(root), "changes": found.get(s)} for s in statuses]
        click.echo(json.dumps({"summary": tr.summary(statuses), "translations": rows}, ensure_ascii=False, indent=2))
    else:
        _print_statuses(statuses, found, root)
    if strict and any(s.state in (tr.State.OUTDATED, tr.State.UNKNOWN) for s in statuses):
        sys.exit(1)


@translations.command("mark")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--all",
    "mark_all",
    is_flag=True,
    help="Mark every complete translation that records no source version; PATHS are then curriculum folders.",
)
def translations_mark(paths: tuple[Path, ...], mark_all: bool) -> None:
    """Record in each translation FILE that it matches its current Bulgarian source (`source_hash`)."""
    if mark_all:
        for root in paths or (DEFAULT_ROOT,):
            marked = tr.mark_unknown(_load(root))
            for path in marked:
                click.echo(f"marked {_relative(path, root)}")
            click.echo(f"{len(marked)} translation(s) marked in {root.as_posix()}/.")
        return
    if not paths:
        raise click.UsageError("Name the translation files to mark, or use --all.")
    for path in paths:
        try:
            value = tr.mark(path)
        except tr.TranslationError as exc:
            raise _fail(str(exc), exc.hint) from exc
        click.echo(f"marked {path.as_posix()} (source_hash {value})")


# --- plan --------------------------------------------------------------------------------------------


@main.command("plan")
@click.option("--grade", type=click.IntRange(1, 12), required=True, help="The grade, e.g. 3.")
@click.option(
    "--school-year",
    "school_year",
    required=True,
    help="The school year, e.g. 2026/2027: a file curriculum/school-years/2026-2027.yml.",
)
@click.option("--hours", type=click.IntRange(1, 4), default=1, show_default=True, help="Hours a week.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The file to write; its suffix names the format unless --format is given.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["docx", "pdf", "html", "csv"]),
    default=None,
    help="docx (editable, default for .docx), pdf (printable), html (a page) or csv (a table).",
)
@click.option("--lang", type=click.Choice(["bg", "en"]), default="bg", show_default=True, help="Language of the plan.")
@_root_option
def plan_command(
    grade: int, school_year: str, hours: int, output: Path, output_format: str | None, lang: str, root: Path
) -> None:
    """Write the year plan (годишно тематично разпределение) of a grade for a school year.

    Example: curriculum plan --grade 3 --school-year 2026/2027 --hours 1 -o plan.docx
    """
    from .yearplan import PlanError, plan_year, write_plan

    curriculum, diag = load_curriculum(root)
    if curriculum is None or diag.errors:
        click.echo(diag.report(), err=True)
        raise _fail("The curriculum has errors, so no plan is made.", "Fix them first: `curriculum validate`.")
    if output_format is None and output.suffix.lstrip(".").lower() not in ("docx", "pdf", "html", "csv"):
        raise _fail(
            f"'{output.name}' has no plan format as its suffix.", "Use .docx, .pdf, .html or .csv, or --format."
        )
    try:
        plan = plan_year(curriculum, grade, school_year.replace("-", "/"), hours)
        written = write_plan(plan, output, lang, output_format)
    except PlanError as exc:
        raise _fail(exc.message, exc.hint) from exc
    lessons = len(plan.lesson_rows())
    click.echo(
        f"wrote {written.as_posix()}: grade {grade}, {plan.school_year.id}, {hours} hour(s) a week, "
        f"{len(plan.weeks)} teaching weeks, {len(plan.rows)} hours ({lessons} lesson hours), "
        f"{plan.period_minutes}-minute periods."
    )
    if plan.school_year.unconfirmed(grade):
        click.echo(
            f"note: some dates of {plan.school_year.id} are not confirmed (confirmed: false in "
            f"{_relative(plan.school_year.path, root)}); the plan says which.",
            err=True,
        )
