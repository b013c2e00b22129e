"""What the tools say to authors, in Bulgarian and English: the language chosen, and the wording in each.

The language is `--lang` when given, else the person's locale (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`,
in gettext's order), else the curriculum's default language. A locale that names no language (`C`, `POSIX`)
is passed over; one in a language the tools do not speak gives English.

Every message is in the catalogue (`catalogue/*.yml`, one file an area) in both languages; `say(key,
**params)` fills one in as a `Text`, which carries both, so a library function need not know the language and
the command or the page that shows it chooses. A message built elsewhere with no Bulgarian wording (an older
plugin's) is shown in English, under the Bulgarian title of its code.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

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
        # Bulgarian only when both parts have it (an empty part, e.g. no suggestion, has it trivially).
        both = (self.bg or not self.en) and (other.bg or not other.en)
        return Text(self.en + other.en, self.bg + other.bg if both else "")

    def get(self, lang: str) -> str:
        return self.bg if lang == "bg" and self.bg else self.en


class SaidError(Exception):
    """A request that cannot be carried out, with why and what to do in both languages; str() is the English."""

    def __init__(self, message: str | Text, hint: str | Text = "") -> None:
        self.message_text = message if isinstance(message, Text) else Text(message)
        self.hint_text = hint if isinstance(hint, Text) else Text(hint)
        super().__init__(self.message_text.en)
        self.message = self.message_text.en
        self.hint = self.hint_text.en


# --- the catalogue -----------------------------------------------------------------------------------

CATALOGUE_DIR = Path(__file__).parent / "catalogue"
"""One YAML file an area (files, model, references, content, spelling, year plan, command line, help): each
maps a key to its `en` and `bg` wording. Data, not code: a translator edits it without reading Python."""


_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it: the catalogue is read at every start (0.13 s in Python, 0.01 s)."""


def _load_catalogue(folder: Path = CATALOGUE_DIR) -> dict[str, tuple[str, str]]:
    catalogue: dict[str, tuple[str, str]] = {}
    for path in sorted(folder.glob("*.yml")):
        for key, entry in yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE).items():  # noqa: S506
            if key in catalogue:
                raise KeyError(f"{path.name}: the message key {key!r} is in another catalogue file too")
            catalogue[key] = (entry["en"], entry["bg"])
    return catalogue


CATALOGUE: dict[str, tuple[str, str]] = _load_catalogue()
"""Every message of the tools: key -> (English, Bulgarian)."""


def say(key: str, /, **params: object) -> Text:
    """The message `key` with `params` filled in, in both languages.

    A parameter `x` may have a Bulgarian form `x_bg`; a `Text` parameter (a message inside a message) gives
    each language its own wording; a `what` (e.g. "lesson 'vasilitsa'") gets its Bulgarian forms from
    `what_forms`.
    """
    en, bg = CATALOGUE[key]
    values_en = {k: v.en if isinstance(v, Text) else v for k, v in params.items()}
    values_bg = {k: v.get("bg") if isinstance(v, Text) else v for k, v in params.items()}
    if "what" in params:
        values_bg.update(what_forms(str(params["what"])))
    for name in params:
        values_bg.setdefault(f"{name}_bg", values_bg[name])
    return Text(en.format(**values_en), bg.format(**values_bg))


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
    "term": ("речника", "дума"),
    "source": ("библиографията", "източник"),
    "event": ("календара", "събитие"),
    "year plan": ("шаблона на годишното разпределение (year-plan.yml)", "шаблон на годишното разпределение"),
    "school year": ("учебната година", "учебна година"),
    "vacation": ("ваканциите", "ваканция"),
    "Romani word list": ("списъка с ромски думи (romani-words.yml)", "списък с ромски думи"),
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

def ui(lang: str, key: str, /, **params: object) -> str:
    """The message `key` in `lang` with `params` filled in."""
    return say(key, **params).get(lang)


ui_text = say
"""`ui` in both languages, for a library function whose words the command prints later."""
