"""What the tools say to authors, in Bulgarian and English: the language chosen, and the wording in each.

The language is `--lang` when given, else the person's locale (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`,
in gettext's order), else the curriculum's default language. A locale that names no language (`C`, `POSIX`)
is passed over; one in a language the tools do not speak gives English.

A problem's message is a `Text`: its English and, where written, its Bulgarian. `say(key, **params)` fills in
one of the templates below; a message without a Bulgarian wording is shown in English, under the Bulgarian
title of its code.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

LANGUAGES = ("bg", "en")
"""The languages the tools speak."""

FALLBACK = "en"
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def from_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the person's locale asks for, or None when it names none."""
    environ = os.environ if environ is None else environ
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable, "").strip()
        # LANGUAGE is a list ("bg:en"); the others one locale ("bg_BG.UTF-8").
        for item in value.split(":") if variable == "LANGUAGE" else [value]:
            lang = re.split(r"[_.@-]", item, maxsplit=1)[0].lower()
            if lang and lang not in ("c", "posix"):
                return lang if lang in LANGUAGES else FALLBACK
    return None


def choose(requested: str | None, default: str, environ: Mapping[str, str] | None = None) -> str:
    """The language of the messages: `requested` (--lang), else the locale's, else `default`."""
    lang = (requested or "").strip().lower() or from_locale(environ) or default
    return lang if lang in LANGUAGES else FALLBACK


@dataclass(frozen=True)
class Text:
    """One message in English and, when written, in Bulgarian."""

    en: str
    bg: str = ""

    def __str__(self) -> str:
        return self.en

    def __add__(self, other: Text | str) -> Text:
        if isinstance(other, str):
            other = Text(other, other)
        return Text(self.en + other.en, self.bg + other.bg if self.bg and other.bg else "")

    def get(self, lang: str) -> str:
        return self.bg if lang == "bg" and self.bg else self.en


# --- problems ----------------------------------------------------------------------------------------

PROBLEMS: dict[str, tuple[str, str]] = {
    # CUR001: YAML that cannot be read
    "yaml_syntax": ("YAML syntax error: {what}.", "Синтактична грешка в YAML: {what}."),
    "yaml_indent": (
        "This line is indented differently from the lines around it, so YAML cannot tell where it belongs.",
        "Този ред е с различен отстъп от редовете около него и YAML не разбира към какво принадлежи.",
    ),
    "yaml_indent_fix": (
        "Line it up with the keys of its block (the same number of spaces as the line above, or two more after "
        "a line that ends in a colon).",
        "Подравнете го с ключовете от своя блок (толкова интервала, колкото редът отгоре, или с два повече след "
        "ред, който завършва с двоеточие).",
    ),
    "yaml_colon": (
        "A line here has no colon after its key, or the text after a `key:` runs on to a line of its own.",
        "На този ред липсва двоеточие след ключа или текстът след `ключ:` продължава на нов ред.",
    ),
    "yaml_colon_fix": (
        "Write `key: value` (a colon and a space after the key); put a text that goes on for several lines in "
        'quotes: `summary: "…"`.',
        "Пишете `ключ: стойност` (двоеточие и интервал след ключа); текст на няколко реда сложете в кавички: "
        '`summary: "…"`.',
    ),
    "yaml_quote": (
        "A quotation mark opened here is never closed.",
        "Кавичката, отворена тук, не е затворена.",
    ),
    "yaml_quote_fix": (
        'Close the text with the same mark that opens it (`"…"` or `\'…\'`); a quote inside the text is written '
        "with the other kind of mark.",
        'Затворете текста със същата кавичка, с която започва (`"…"` или `\'…\'`); кавичка вътре в текста '
        "пишете с другия вид.",
    ),
    "yaml_colon_value": (
        "The text after this key holds a colon followed by a space, which YAML reads as the start of another "
        "`key: value`.",
        "Текстът след този ключ съдържа двоеточие и интервал, които YAML чете като начало на нов `ключ: стойност`.",
    ),
    "yaml_colon_value_fix": (
        'Put the whole text in quotes: `title: "Василица: песен"`.',
        'Сложете целия текст в кавички: `title: "Василица: песен"`.',
    ),
    "yaml_after_quote": (
        "The text goes on after its closing quotation mark.",
        "Текстът продължава след затварящата кавичка.",
    ),
    "yaml_after_quote_fix": (
        'Put the whole text inside the quotes (`title: "Песен за Василица"`), or leave the quotes out.',
        'Сложете целия текст в кавичките (`title: "Песен за Василица"`) или махнете кавичките.',
    ),
    "yaml_list_here": (
        "A list item (`- …`) stands where `key: value` lines belong.",
        "Елемент от списък (`- …`) стои там, където трябва да има редове `ключ: стойност`.",
    ),
    "yaml_list_here_fix": (
        "Indent the `- ` lines under the key whose list they are (`lessons:` then `  - first-lesson`), or write "
        "the line as `key: value`.",
        "Отместете редовете с `- ` под ключа, чийто списък са (`lessons:`, после `  - first-lesson`), или "
        "запишете реда като `ключ: стойност`.",
    ),
    "yaml_tab": (
        "A tab character is used for indentation.",
        "За отстъп е използвана табулация.",
    ),
    "yaml_tab_fix": (
        "Replace the tab at the start of the line with spaces (two per level); set your editor to indent YAML "
        "with spaces.",
        "Заменете табулацията в началото на реда с интервали (по два на ниво); настройте редактора да прави "
        "отстъпите в YAML с интервали.",
    ),
    # CUR003 / CUR004 / CUR005: the data does not match its model
    "unknown_key": ("Unknown key '{name}' in the {what}.", "Непознат ключ „{name}“ в {what_in}."),
    "allowed_keys": ("Allowed keys here: {keys}.", "Позволени ключове тук: {keys}."),
    "missing_key": (
        "The required field '{name}' is missing{where} from the {what}.",
        "Липсва задължителното поле „{name}“{where_bg} в {what_in}.",
    ),
    "add_it": ("Add it, e.g. `{example}`.", "Добавете го, например `{example}`."),
    "not_mapping": (
        "The {what} must be a set of `key: value` lines, not {kind}.",
        "{what_cap} трябва да е набор от редове `ключ: стойност`, а не {kind_bg}.",
    ),
    "must_be_number": ("{field} must be a whole number, not {value}.", "{field} трябва да е цяло число, а не {value}."),
    "must_be_list": (
        "{field} must be a list, e.g. `[a, b]`, not {value}.",
        "{field} трябва да е списък, например `[a, b]`, а не {value}.",
    ),
    "must_be_mapping": (
        "{field} must be a set of `key: value` entries, not {value}.",
        "{field} трябва да е набор от записи `ключ: стойност`, а не {value}.",
    ),
    "must_be_text": ("{field} must be text, not {value}.", "{field} трябва да е текст, а не {value}."),
    "must_be_one_of": (
        "{field} must be one of {choices}, not {value}.",
        "{field} трябва да е едно от {choices}, а не {value}.",
    ),
    "not_an_id": (
        "'{value}' in {field} is not a valid id: use lower-case Latin letters, digits and hyphens.",
        "„{value}“ в {field} не е валиден идентификатор: използвайте малки латински букви, цифри и тирета.",
    ),
    "not_a_date": (
        "{field} must be a date as month-day in quotes, not {value}.",
        "{field} трябва да е дата във вида месец-ден в кавички, а не {value}.",
    ),
    "at_least": ("{field} must be at least {limit}, not {value}.", "{field} трябва да е поне {limit}, а не {value}."),
    "at_most": (
        "{field} must be at most {limit}, not {value}.",
        "{field} трябва да е най-много {limit}, а не {value}.",
    ),
    "not_empty": ("{field} may not be empty.", "{field} не може да е празно."),
    "write_like": ("Write it like this: {example}.", "Запишете го така: {example}."),
    # CUR007
    "no_such": ("There is no {what} '{value}'.", "Няма {what_a} „{value}“."),
    "did_you_mean": (" Did you mean '{match}'?", " Може би „{match}“?"),
    # CUR013, the folder itself
    "no_folder": ("The curriculum folder '{root}' does not exist.", "Папката на програмата „{root}“ не съществува."),
    "no_folder_fix": (
        "Run the command inside the project (any folder under the one with mkdocs.yml), or give the curriculum "
        "folder: `curriculum validate path/to/curriculum`.",
        "Изпълнете командата в проекта (в която и да е папка под тази с mkdocs.yml) или посочете папката на "
        "програмата: `curriculum validate път/до/curriculum`.",
    ),
}


def say(key: str, **params: object) -> Text:
    """The message `key` with `params` filled in, in both languages.

    A parameter `x` may have a Bulgarian form `x_bg`; a `what` (e.g. "lesson 'vasilitsa'") gets its Bulgarian
    forms from `what_forms`.
    """
    en, bg = PROBLEMS[key]
    values = {k: v for k, v in params.items()}
    if "what" in params:
        values.update(what_forms(str(params["what"])))
    for name, value in params.items():
        values.setdefault(f"{name}_bg", value)
    return Text(en.format(**values), bg.format(**values))


# The things a message names ("lesson 'vasilitsa'"), as Bulgarian needs them: after "в" (in the ...), and
# indefinite (there is no ...).
_NOUNS: dict[str, tuple[str, str]] = {
    "curriculum file": ("файла на програмата (curriculum.yml)", "файл на програмата"),
    "curriculum": ("програмата", "програма"),
    "module": ("модула", "модул"),
    "lesson": ("урока", "урок"),
    "resource": ("ресурса", "ресурс"),
    "handout": ("работния лист", "работен лист"),
    "glossary": ("речника", "речник"),
    "glossary term": ("речника", "дума в речника"),
    "bibliography": ("библиографията", "библиография"),
    "bibliography source": ("библиографията", "източник в библиографията"),
    "calendar": ("календара", "календар"),
    "theme": ("темите", "тема"),
    "outcome": ("резултатите", "очакван резултат"),
    "grade band": ("образователните степени", "образователна степен"),
    "activity": ("дейностите", "дейност"),
}
_NAMED = re.compile(r"^(?P<noun>[a-z ]+?) '(?P<id>[^']*)'(?: of (?P<rest>.+))?$")


def _noun(what: str) -> tuple[str, str]:
    """(after "в", indefinite) of a thing such as "lesson 'x'" or "handout 'h' of lesson 'l'"."""
    if what in _NOUNS:
        return _NOUNS[what]
    if what.startswith("front matter of the ") and what.endswith(" text"):
        inner = _noun(what.removeprefix("front matter of the ").removesuffix(" text"))[0]
        return f"заглавната част (между `---`) на текста на {inner}", "заглавна част"
    named = _NAMED.match(what)
    if named and named["noun"] in _NOUNS:
        place, plain = _NOUNS[named["noun"]]
        suffix = f" на {_noun(named['rest'])[0]}" if named["rest"] else ""
        return f"{place} „{named['id']}“{suffix}", f"{plain} „{named['id']}“{suffix}"
    return f"„{what}“", f"„{what}“"


def what_forms(what: str) -> dict[str, str]:
    place, plain = _noun(what)
    return {"what_in": place, "what_a": plain, "what_cap": f"{place[:1].upper()}{place[1:]}"}


# --- the command line and the build --------------------------------------------------------------------

UI: dict[str, tuple[str, str]] = {
    "error": ("error", "грешка"),
    "warning": ("warning", "предупреждение"),
    "hint": ("hint", "съвет"),
    "summary": ("{errors} error(s), {warnings} warning(s).", "Грешки: {errors}, предупреждения: {warnings}."),
    "summary_curriculum": (
        "{errors} error(s), {warnings} warning(s) in the curriculum.",
        "Грешки в програмата: {errors}, предупреждения: {warnings}.",
    ),
    "ok": (
        "OK: {modules} modules, {lessons} lessons, {resources} resources, {terms} glossary terms.",
        "Наред: модули {modules}, уроци {lessons}, ресурси {resources}, думи в речника {terms}.",
    ),
    "note_errors": (
        "note: the curriculum has {n} error(s); `curriculum validate` lists them.",
        "бележка: програмата има грешки ({n}); `curriculum validate` ги изброява.",
    ),
    "created": ("created {path}", "създаден {path}"),
    "changed": ("changed {path}", "променен {path}"),
    "next_new": (
        "Next: write the text in place of every {marker} placeholder, then run `curriculum validate` (it lists "
        "the ones left as CUR022). Translations come later: `curriculum translations start en <id>`.",
        "Следва: напишете текста на мястото на всеки заместител {marker}, после изпълнете `curriculum validate` "
        "(той изброява останалите като CUR022). Преводите идват по-късно: `curriculum translations start en <id>`.",
    ),
    "added_lesson": (
        "Added '{lesson}' at the end of the lessons of the module '{module}'.",
        "Урокът „{lesson}“ е добавен накрая в уроците на модула „{module}“.",
    ),
    "added_module": (
        "Added '{module}' at the end of the modules of curriculum.yml.",
        "Модулът „{module}“ е добавен накрая в модулите на curriculum.yml.",
    ),
    "module_needs_lesson": (
        "A module needs at least one lesson: `curriculum new lesson {module} <lesson-id>`.",
        "Модулът има нужда от поне един урок: `curriculum new lesson {module} <id-на-урока>`.",
    ),
    "started": (
        "started {path} from {source} (source_hash {hash})",
        "започнат {path} от {source} (source_hash {hash})",
    ),
    "started_next": (
        "Translate the text in place, keeping the `{{#id}}` of every heading; until then the {language} page shows "
        "this copy. When the source changes, `curriculum translations` lists the translation as outdated.",
        "Преведете текста на място, като запазите `{{#id}}` на всяко заглавие; дотогава страницата на {language} "
        "показва това копие. Когато източникът се промени, `curriculum translations` отбелязва превода като "
        "остарял.",
    ),
    "changed_since": ("changed in the source since", "променено в източника оттогава"),
    "outdated_next": (
        "Outdated: update the translation, then run `curriculum translations mark FILE`.",
        "Остарял: осъвременете превода, после изпълнете `curriculum translations mark ФАЙЛ`.",
    ),
    "unknown_next": (
        "Unknown: the translation records no source version. Check it against the source, then run "
        "`curriculum translations mark FILE` (or `mark --all` for every such file).",
        "Непроверен: преводът не записва версия на източника. Сравнете го с източника, после изпълнете "
        "`curriculum translations mark ФАЙЛ` (или `mark --all` за всички такива файлове).",
    ),
    "no_project": (
        "No curriculum found: neither this folder nor any above it holds curriculum/curriculum.yml.",
        "Няма програма: нито тази папка, нито някоя над нея съдържа curriculum/curriculum.yml.",
    ),
    "no_project_fix": (
        "Run the command inside the project, or name the curriculum folder: `curriculum validate path/to/curriculum`.",
        "Изпълнете командата в проекта или посочете папката на програмата: `curriculum validate път/до/curriculum`.",
    ),
    "stats_totals": (
        "modules {modules}, lessons {lessons} ({handouts} with handouts), resources {resources}, glossary terms "
        "{terms}",
        "модули {modules}, уроци {lessons} (с работни листове: {handouts}), ресурси {resources}, думи в речника "
        "{terms}",
    ),
    "stats_columns": (
        "language|lessons|titled|resources|terms",
        "език|уроци|със заглавие|ресурси|думи",
    ),
    "stats_legend": (
        "lessons: lessons whose text in the language is complete (title, summary and body);\n"
        "titled: lessons with a text in the language at all, complete or title and summary only;\n"
        "resources: teacher resources whose text in the language is complete;\n"
        "terms: glossary terms with a meaning in the language.",
        "уроци: уроци с пълен текст на езика (заглавие, резюме и съдържание);\n"
        "със заглавие: уроци с какъвто и да е текст на езика, пълен или само заглавие и резюме;\n"
        "ресурси: ресурси за учителя с пълен текст на езика;\n"
        "думи: думи от речника със значение на езика.",
    ),
    "stats_minutes": ("module {module}: {minutes} minutes of teaching", "модул {module}: {minutes} минути преподаване"),
    "stats_events": (
        "calendar events {events} ({movable} movable)",
        "събития в календара {events} (подвижни: {movable})",
    ),
    "errors_title": ("The curriculum has errors", "В програмата има грешки"),
    "errors_intro": (
        "The site was not rebuilt: {errors} error(s), {warnings} warning(s). Fix them and save; this page "
        "reloads by itself.",
        "Сайтът не е обновен: грешки {errors}, предупреждения {warnings}. Поправете ги и запишете файла; "
        "страницата ще се презареди сама.",
    ),
    "progress_pdfs": ("PDFs", "PDF файлове"),
    "progress_offline": ("Offline pack", "Офлайн пакет"),
    "progress_year_plans": ("Year plans (PDF)", "Годишни разпределения (PDF)"),
    "left": ("about {time} left", "остават около {time}"),
    "built": (
        "Built {pages} pages and {pdfs} PDFs in {seconds} s: {site}",
        "Готово: {pages} страници и {pdfs} PDF файла за {seconds} s в {site}",
    ),
}


def ui(lang: str, key: str, **params: object) -> str:
    en, bg = UI[key]
    return (bg if lang == "bg" else en).format(**params)


def ui_text(key: str, **params: object) -> Text:
    """`ui` in both languages, for a library function whose words the command prints later."""
    return Text(ui("en", key, **params), ui("bg", key, **params))
