"""The `curriculum` command: validate the curriculum, report on it and start new content, for authors and CI."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import typing
from collections.abc import Callable
from pathlib import Path

import click
import yaml

from . import messages, scaffold, schemas
from . import spelling as sp
from . import translations as tr
from .diagnostics import Diagnostics, Problem, Severity
from .loader import load_curriculum
from .messages import Text, ui, ui_text
from .model import Curriculum

DEFAULT_ROOT = Path("curriculum")
"""The curriculum folder's name inside the project."""


def find_root(start: Path | None = None) -> Path:
    """The curriculum folder for a command run in `start` (the working folder) or any folder below the project.

    Looking upwards: a folder that holds curriculum.yml is inside the curriculum; one that holds
    curriculum/curriculum.yml is the project. Nowhere: `curriculum`, so that the problem names it.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / DEFAULT_ROOT / "curriculum.yml").is_file():
            return _shown(folder / DEFAULT_ROOT)
        if (folder / "curriculum.yml").is_file():
            return _shown(folder)
    return DEFAULT_ROOT


def _shown(path: Path) -> Path:
    """`path` relative to the working folder when it is below it (as an author would type it)."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _root(path: Path | None) -> Path:
    return path if path is not None else find_root()


def _default_language(root: Path) -> str:
    """The curriculum's default language, read loosely (the file may have errors); bg when unreadable."""
    try:
        data = yaml.safe_load((root / "curriculum.yml").read_text(encoding="utf-8-sig"))
        return str(data["languages"][0])
    except (OSError, UnicodeDecodeError, yaml.YAMLError, TypeError, KeyError, IndexError):
        return "bg"


def _lang(root: Path | None = None) -> str:
    """The language of this run's messages: --lang, else the locale, else the curriculum's default language."""
    ctx = click.get_current_context(silent=True)
    requested = ctx.find_root().meta.get("drom.lang") if ctx else None
    return messages.choose(requested, _default_language(root if root is not None else find_root()))


def _set_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.find_root().meta["drom.lang"] = value


_lang_option = click.option(
    "--lang",
    type=click.Choice(messages.LANGUAGES),
    expose_value=False,
    is_eager=True,
    callback=_set_lang,
)


def _help(key: str, lang: str) -> str | None:
    """A help text of the catalogue (`help_<command>`, `opt_...`) in `lang`, as it stands: no placeholders."""
    if key not in messages.CATALOGUE:
        return None
    en, bg = messages.CATALOGUE[key]
    # A line `\b` keeps the lines after it unwrapped, as click's own marker does.
    return (bg if lang == "bg" else en).replace("\\b\n", "\b\n")


class _Spoken(click.Command):
    """A command whose help is in the language of the messages (`help_<name>`, `opt_<name>_<option>` or
    `opt_<option>` in catalogue/help.yml), and whose one-line description in a list of commands is its whole
    first paragraph.

    Click's own headings (usage, options, commands, default, required) are written here in that language too;
    its error messages for a command line it cannot read (a missing option) stay in English.
    """

    def text_in(self, lang: str) -> str:
        return _help(f"help_{self.name}", lang) or self.help or ""

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.text_in(_lang()).split("\n\n", 1)[0].replace("\n", " ").strip()

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = self.text_in(_lang())
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))
        formatter.write_usage(ctx.command_path, pieces, prefix=ui(_lang(), "usage_heading") + " ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = _lang()
        rows = []
        for param in self.get_params(ctx):
            if not isinstance(param, click.Option):
                continue
            name = "help" if param is self.get_help_option(ctx) else param.name
            said = _help(f"opt_{self.name}_{name}", lang) or _help(f"opt_{name}", lang)
            original, param.help = param.help, said or param.help
            try:
                record = param.get_help_record(ctx)
            finally:
                param.help = original
            if record is not None:
                extra = record[1].replace("[default: ", f"[{ui(lang, 'default_label')}: ")
                rows.append((record[0], extra.replace("required]", f"{ui(lang, 'required_label')}]")))
        if rows:
            with formatter.section(ui(lang, "options_heading")):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            rows = []
            for name in self.list_commands(ctx):
                command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str()))
            if rows:
                with formatter.section(ui(lang, "commands_heading")):
                    formatter.write_dl(rows)


class _Command(_Spoken):
    pass


class _Group(_Spoken, click.Group):
    command_class = _Command
    group_class = type  # subgroups are _Group too


def _color() -> bool:
    """Colour only for a person at a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _relative(path: Path, root: Path) -> str:
    """A path as the author sees it, as problems show it: from the folder that holds the curriculum."""
    return Diagnostics(root).relative(path)


class _Failure(click.ClickException):
    """A command that cannot do what was asked: the reason and what to do, in the language of the messages."""

    def __init__(self, message: str | Text, hint: str | Text = "") -> None:
        lang = _lang()
        message = message.get(lang) if isinstance(message, Text) else message
        hint = hint.get(lang) if isinstance(hint, Text) else hint
        self.lang = lang
        super().__init__(f"{message}\n    {ui(lang, 'hint')}: {hint}" if hint else message)

    def show(self, file: typing.IO[typing.Any] | None = None) -> None:
        click.echo(ui(self.lang, "failed", message=self.format_message()), file=file or sys.stderr)


def _fail(message: str | Text, hint: str | Text = "") -> click.ClickException:
    return _Failure(message, hint)


def _load(root: Path) -> Curriculum:
    """The curriculum, or exit 1 with the problems when it cannot be loaded at all."""
    curriculum, diag = load_curriculum(root)
    if curriculum is None:
        click.echo(diag.report(_lang(root)), err=True)
        sys.exit(1)
    if diag.errors:
        click.echo(ui(_lang(root), "note_errors", n=len(diag.errors)), err=True)
    return curriculum


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="drom-curriculum")
@_lang_option
def main() -> None:
    """The command's help is `help_main` in catalogue/help.yml, in English and Bulgarian."""


# --- validate ----------------------------------------------------------------------------------------


def _problem_line(problem: Problem, color: bool, lang: str = "en") -> str:
    title, message, hint = problem.text(lang)
    where = f"{problem.file}:{problem.line}:{problem.column}" if problem.line else problem.file
    label = f"{ui(lang, problem.severity.value)} {problem.code}"
    if lang == "bg" and not problem.message_bg:
        label += f" ({title})"  # an English message under its Bulgarian title
    if color:
        where = click.style(where, bold=True)
        label = click.style(label, fg="red" if problem.severity is Severity.ERROR else "yellow", bold=True)
    text = f"{where}: {label}: {message}"
    return f"{text}\n    {ui(lang, 'hint')}: {hint}" if hint else text


@main.command()
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default=None,
)
@_lang_option
def validate(path: Path | None, output_format: str | None) -> None:
    """The command's help is `help_validate` in catalogue/help.yml, in English and Bulgarian."""
    root = _root(path)
    lang = _lang(root)
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    curriculum, diag = load_curriculum(root)
    if curriculum is not None and (curriculum.root / sp.WORDS_FILE).is_file():
        # The spelling check (warnings) runs where the curriculum keeps a Romani word list.
        for note in sp.check_spelling(curriculum, diag).skipped:
            click.echo(ui(lang, "note", text=note.get(lang)), err=True)
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
                click.echo(problem.github_annotation(lang))
            click.echo(_problem_line(problem, color, lang))
        if curriculum is not None and not errors:
            c = curriculum
            counts = {"modules": len(c.modules), "lessons": len(c.lessons), "resources": len(c.resources)}
            click.echo(ui(lang, "ok", **counts, terms=len(c.terms)))
        click.echo(ui(lang, "summary", errors=len(errors), warnings=len(problems) - len(errors)))
    sys.exit(1 if errors or curriculum is None else 0)


# --- build and serve -----------------------------------------------------------------------------------

_PASS_ON = {"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}


def _mkdocs(command: str, args: tuple[str, ...]) -> None:
    """Run `mkdocs COMMAND` on the project from any folder inside it.

    In this process, MkDocs and Material know they are not run as `mkdocs`: Material's end-of-life banner
    stays away, and the plugin silences the other routine lines.
    """
    if "--help" in args or "-h" in args:
        click.echo(click.get_current_context().get_help())
        click.echo("\n" + ui(_lang(), "mkdocs_options", command=command) + "\n")
        args = ("--help",)
    root = find_root().resolve()
    project = root.parent
    if args == ("--help",):
        project = Path.cwd()
    elif not (project / "mkdocs.yml").is_file():
        raise _fail(ui(_lang(root), "no_project"), ui(_lang(root), "no_project_fix"))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.chdir(project)
    from mkdocs.__main__ import cli as mkdocs_cli

    mkdocs_cli.main(args=[command, *args], prog_name="curriculum")


@main.command(context_settings=_PASS_ON)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def build(args: tuple[str, ...]) -> None:
    """The command's help is `help_build` in catalogue/help.yml, in English and Bulgarian."""
    _mkdocs("build", ("--strict", *args) if "--strict" not in args and "-s" not in args else args)


@main.command(context_settings=_PASS_ON)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def serve(args: tuple[str, ...]) -> None:
    """The command's help is `help_serve` in catalogue/help.yml, in English and Bulgarian."""
    _mkdocs("serve", args if "--dirty" in args or "--clean" in args else ("--dirty", *args))


# --- spell -------------------------------------------------------------------------------------------


@main.command()
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--strict", is_flag=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default=None,
)
@_lang_option
def spell(path: Path | None, strict: bool, output_format: str | None) -> None:
    """The command's help is `help_spell` in catalogue/help.yml, in English and Bulgarian."""
    root = _root(path)
    lang = _lang(root)
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    curriculum = _load(root)
    diag = Diagnostics(curriculum.root)
    run = sp.check_spelling(curriculum, diag)
    problems = [dataclasses.replace(p, severity=Severity.ERROR if strict else p.severity) for p in diag.problems]
    for note in run.skipped:
        click.echo(ui(lang, "note", text=note.get(lang)), err=True)
    if output_format == "json":
        skipped = [note.get(lang) for note in run.skipped]
        report = {"root": str(root), "files": run.files, "words": run.words, "skipped": skipped,
                  "problems": [p.as_dict() for p in problems]}
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        color = _color()
        for problem in problems:
            if output_format == "github":
                click.echo(problem.github_annotation(lang))
            click.echo(_problem_line(problem, color, lang))
        click.echo(ui(lang, "spell_summary", words=run.words, files=run.files, problems=len(problems)))
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
@_lang_option
def stats(path: Path | None, output_format: str) -> None:
    """The command's help is `help_stats` in catalogue/help.yml, in English and Bulgarian."""
    root = _root(path)
    lang = _lang(root)
    curriculum, diag = load_curriculum(root)
    if curriculum is None or diag.errors:
        click.echo(diag.report(lang), err=True)
        sys.exit(1)
    per_language = {lang: _language_counts(curriculum, lang) for lang in curriculum.languages}
    minutes = {
        module.id: curriculum.lesson_minutes(module) for module in curriculum.ordered_modules()
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
    c = curriculum
    totals = {"modules": len(c.modules), "lessons": len(c.lessons), "resources": len(c.resources)}
    click.echo(ui(lang, "stats_totals", **totals, handouts=with_handouts, terms=len(c.terms)))
    headings = ui(lang, "stats_columns").split("|")
    widths = [max(10, len(headings[0]) + 2)] + [max(8, len(h) + 2) for h in headings[1:]]
    cells = zip(headings[1:], widths[1:], strict=True)
    click.echo(headings[0].ljust(widths[0]) + "".join(h.rjust(w) for h, w in cells))
    for code, row in per_language.items():
        values = [row["lessons_complete"], row["lessons_titled"], row["resources_complete"], row["terms_with_meaning"]]
        click.echo(code.ljust(widths[0]) + "".join(str(v).rjust(w) for v, w in zip(values, widths[1:], strict=True)))
    for line in ui(lang, "stats_legend").splitlines():
        click.echo(f"  {line}")
    for module_id, total in minutes.items():
        click.echo(ui(lang, "stats_minutes", module=module_id, minutes=total))
    click.echo(ui(lang, "stats_events", events=len(c.events), movable=movable))


# --- schemas -----------------------------------------------------------------------------------------


@main.command("schemas")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(schemas.SCHEMA_FOLDER),
    show_default=True,
)
@click.option("--check", is_flag=True)
def schemas_command(out: Path, check: bool) -> None:
    """The command's help is `help_schemas` in catalogue/help.yml, in English and Bulgarian."""
    lang = _lang()
    if check:
        stale = schemas.stale_schemas(out)
        for path in stale:
            click.echo(ui(lang, "schema_stale", path=path.as_posix()), err=True)
        if stale:
            raise _fail(ui_text("schemas_stale", n=len(stale)), ui_text("schemas_stale_fix"))
        click.echo(ui(lang, "schemas_match", n=len(schemas.KINDS), folder=out.as_posix()))
        return
    changed = schemas.write_schemas(out)
    for path in changed:
        click.echo(ui(lang, "wrote", path=path.as_posix()))
    click.echo(ui(lang, "schemas_changed", changed=len(changed), n=len(schemas.KINDS)))


# --- new ---------------------------------------------------------------------------------------------

_root_option = click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
)


def _scaffold(root: Path | None, make: Callable[[Path], scaffold.Scaffold]) -> None:
    root = _root(root)
    lang = _lang(root)
    try:
        done = make(root)
    except scaffold.ScaffoldError as exc:
        raise _fail(exc.message_text, exc.hint_text) from exc
    for path in done.created:
        click.echo(ui(lang, "created", path=_relative(path, root)))
    for path in done.changed:
        click.echo(ui(lang, "changed", path=_relative(path, root)))
    for note in done.notes:
        click.echo(note.get(lang) if isinstance(note, Text) else note)
    marker = scaffold.placeholders(_default_language(root))["marker"]
    click.echo(ui(lang, "next_new", marker=marker))


@main.group()
def new() -> None:
    """The command's help is `help_new` in catalogue/help.yml, in English and Bulgarian."""


@new.command("lesson")
@click.argument("module_id", metavar="MODULE")
@click.argument("lesson_id", metavar="ID")
@_root_option
@_lang_option
def new_lesson(module_id: str, lesson_id: str, root: Path | None) -> None:
    """The command's help is `help_lesson` in catalogue/help.yml, in English and Bulgarian."""
    _scaffold(root, lambda folder: scaffold.new_lesson(folder, module_id, lesson_id))


@new.command("module")
@click.argument("module_id", metavar="ID")
@click.option("--band", required=True)
@click.option("--lesson", "lesson_id")
@_root_option
@_lang_option
def new_module(module_id: str, band: str, lesson_id: str | None, root: Path | None) -> None:
    """The command's help is `help_module` in catalogue/help.yml, in English and Bulgarian."""
    _scaffold(root, lambda folder: scaffold.new_module(folder, module_id, band, lesson_id))


@new.command("resource")
@click.argument("resource_id", metavar="ID")
@click.option("--kind", required=True, type=click.Choice(scaffold.RESOURCE_KINDS))
@click.option(
    "--origin",
    type=click.Choice(scaffold.RESOURCE_ORIGINS),
    default="original",
    show_default=True,
)
@_root_option
@_lang_option
def new_resource(resource_id: str, kind: str, origin: str, root: Path | None) -> None:
    """The command's help is `help_resource` in catalogue/help.yml, in English and Bulgarian."""
    _scaffold(root, lambda folder: scaffold.new_resource(folder, resource_id, kind, origin))


@new.command("term")
@click.argument("term_id", metavar="ID")
@click.option("--latin", required=True)
@_root_option
@_lang_option
def new_term(term_id: str, latin: str, root: Path | None) -> None:
    """The command's help is `help_term` in catalogue/help.yml, in English and Bulgarian."""
    _scaffold(root, lambda folder: scaffold.new_term(folder, term_id, latin))


# --- translations ------------------------------------------------------------------------------------


class _ReportByDefault(_Group):
    """`curriculum translations [PATH]` reports (the `status` command); `... mark FILE` marks."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = ["status", *args]
        return super().parse_args(ctx, args)


@main.group(cls=_ReportByDefault)
def translations() -> None:
    """The command's help is `help_translations` in catalogue/help.yml, in English and Bulgarian."""


_STATE_COLOURS = {
    tr.State.UP_TO_DATE: "green",
    tr.State.OUTDATED: "red",
    tr.State.UNKNOWN: "yellow",
    tr.State.PARTIAL: "cyan",
    tr.State.MISSING: "magenta",
}


def _name(status: tr.Status, lang: str = "en") -> str:
    if status.kind == "curriculum":
        return ui(lang, "kind_curriculum")
    ident = f"{status.parent}/{status.id}" if status.parent else status.id
    kind = ui(lang, f"kind_{status.kind}") if f"kind_{status.kind}" in messages.CATALOGUE else status.kind
    return f"{kind} {ident}"


def _state(state: str, lang: str) -> str:
    return ui(lang, f"state_{state.replace('-', '_')}")


def _review(state: str, lang: str) -> str:
    """A review state as the report shows it: the word written in the file, or that none is."""
    return ui(lang, "review_not_stated") if state == "not stated" else state


def _print_statuses(statuses: list[tr.Status], changes: dict[tr.Status, list[str] | None], root: Path) -> None:
    color = _color()
    shown = _lang(root)
    counts = tr.summary(statuses)
    width = max((len(_name(s, shown)) for s in statuses), default=0)
    state_width = max(len(_state(s.value, shown)) for s in tr.State) if shown == "bg" else 10
    reviews = tr.review_summary(statuses)
    for lang, row in counts.items():
        click.echo(f"{lang}: " + ", ".join(f"{n} {_state(state, shown)}" for state, n in row.items()))
        review_counts = ", ".join(f"{n} {_review(state, shown)}" for state, n in reviews[lang].items())
        click.echo(ui(shown, "translations_review", lang=lang, counts=review_counts))
        for status in statuses:
            reviewed = status.review == "reviewed" or status.state is tr.State.MISSING
            if status.lang != lang or (status.state is tr.State.UP_TO_DATE and reviewed):
                continue
            state = f"{_state(status.state.value, shown) if shown == 'bg' else status.state.value:<{state_width}}"
            if color:
                state = click.style(state, fg=_STATE_COLOURS[status.state])
            review = status.review or ("" if status.state is tr.State.MISSING else _review("not stated", shown))
            click.echo(f"  {state} {review:<16} {_name(status, shown):<{width}}  {_relative(status.path, root)}")
            changed = changes.get(status)
            if changed:
                click.echo(f"  {'':<{state_width}} {ui(shown, 'changed_since')}: {'; '.join(changed)}")
    states = {s.state for s in statuses}
    if tr.State.OUTDATED in states:
        click.echo(ui(shown, "outdated_next"))
    if any(s.review != "reviewed" and s.state is not tr.State.MISSING for s in statuses):
        click.echo(ui(shown, "review_next"))
    if tr.State.UNKNOWN in states:
        click.echo(ui(shown, "unknown_next"))


@translations.command("status")
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option("--strict", is_flag=True)
@click.option(
    "--changes/--no-changes",
    default=True,
    show_default=True,
)
@_lang_option
def translations_status(path: Path | None, output_format: str, strict: bool, changes: bool) -> None:
    """The command's help is `help_status` in catalogue/help.yml, in English and Bulgarian."""
    root = _root(path)
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
)
def translations_mark(paths: tuple[Path, ...], mark_all: bool) -> None:
    """The command's help is `help_mark` in catalogue/help.yml, in English and Bulgarian."""
    lang = _lang()
    if mark_all:
        for root in paths or (find_root(),):
            marked = tr.mark_unknown(_load(root))
            for path in marked:
                click.echo(ui(lang, "marked", path=_relative(path, root)))
            click.echo(ui(lang, "marked_count", n=len(marked), folder=root.as_posix()))
        return
    if not paths:
        raise click.UsageError(ui(lang, "mark_what"))
    for path in paths:
        try:
            value = tr.mark(path)
        except tr.TranslationError as exc:
            raise _fail(exc.message_text, exc.hint_text) from exc
        click.echo(ui(lang, "marked_hash", path=path.as_posix(), hash=value))


@translations.command("start")
@click.argument("target", metavar="LANG")
@click.argument("ident", metavar="ID")
@_root_option
@_lang_option
def translations_start(target: str, ident: str, root: Path | None) -> None:
    """The command's help is `help_start` in catalogue/help.yml, in English and Bulgarian."""
    root = _root(root)
    shown = _lang(root)
    try:
        path, source, value = tr.start(_load(root), target, ident)
    except tr.TranslationError as exc:
        raise _fail(exc.message_text, exc.hint_text) from exc
    click.echo(ui(shown, "started", path=_relative(path, root), source=_relative(source, root), hash=value))
    click.echo(ui(shown, "started_next", language=target))


# --- plan --------------------------------------------------------------------------------------------


@main.command("plan")
@click.option("--grade", type=click.IntRange(1, 12), required=True)
@click.option(
    "--school-year",
    "school_year",
    required=True,
)
@click.option("--hours", type=click.IntRange(1, 4), default=1, show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["docx", "pdf", "html", "csv"]),
    default=None,
)
@click.option("--lang", type=click.Choice(["bg", "en"]), default="bg", show_default=True)
@_root_option
def plan_command(
    grade: int, school_year: str, hours: int, output: Path, output_format: str | None, lang: str, root: Path | None
) -> None:
    """The command's help is `help_plan` in catalogue/help.yml, in English and Bulgarian."""
    from .yearplan import PlanError, plan_year, write_plan

    root = _root(root)
    # The language of the messages: the plan's own --lang when given, else as for every command.
    given = click.get_current_context().get_parameter_source("lang") is click.core.ParameterSource.COMMANDLINE
    said = lang if given else _lang(root)
    curriculum, diag = load_curriculum(root)
    if curriculum is None or diag.errors:
        click.echo(diag.report(said), err=True)
        raise _fail(ui_text("plan_curriculum_errors"), ui_text("plan_curriculum_errors_fix"))
    if output_format is None and output.suffix.lstrip(".").lower() not in ("docx", "pdf", "html", "csv"):
        raise _fail(ui_text("plan_no_suffix", name=output.name), ui_text("plan_no_suffix_fix"))
    try:
        plan = plan_year(curriculum, grade, school_year.replace("-", "/"), hours)
        written = write_plan(plan, output, lang, output_format)
    except PlanError as exc:
        raise _fail(exc.message_text, exc.hint_text) from exc
    click.echo(
        ui(
            said,
            "plan_written",
            path=written.as_posix(),
            grade=grade,
            year=plan.school_year.id,
            hours=hours,
            weeks=len(plan.weeks),
            rows=len(plan.rows),
            lessons=len(plan.lesson_rows()),
            minutes=plan.period_minutes,
        )
    )
    if plan.school_year.unconfirmed(grade):
        where = _relative(plan.school_year.path, root)
        click.echo(ui(said, "plan_unconfirmed", year=plan.school_year.id, file=where), err=True)
