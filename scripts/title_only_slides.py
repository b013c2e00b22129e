#!/usr/bin/env python3
"""List the classroom slides that would show only their title, for every lesson and language.

    .venv/bin/python scripts/title_only_slides.py              # the shipped curriculum/
    .venv/bin/python scripts/title_only_slides.py path/to/curriculum

Such a slide is an activity in which nothing is pupil-facing for the classroom view (drom/classroom.py): no
question in bold quotes, no text read aloud, no image and no `!!! board` block (docs/authoring, "The classroom
view"). Prints `file: lesson (lang) #activity – title` per slide and exits 1 when there is any.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from drom import classroom  # noqa: E402
from drom.loader import load_curriculum  # noqa: E402


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else REPO / "curriculum"
    curriculum, diag = load_curriculum(root)
    if curriculum is None or diag.errors:
        print(diag.report("en"), file=sys.stderr)
        return 2
    found = classroom.title_only(curriculum)
    for lesson, lang, slide in found:
        path = lesson.texts[lang].path
        print(f"{path}: {lesson.id} ({lang}) #{slide.anchor} – {slide.title}")
    print(f"{len(found)} classroom slide(s) show only a title.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
