"""The year plan's own words in Bulgarian and English (column labels and kinds of hour are in year-plan.yml)."""

from __future__ import annotations

LANGUAGES = ("bg", "en")
"""Languages the plan is written in: Bulgarian (what schools hand in) and English."""

TEXTS: dict[str, dict[str, str]] = {
    "bg": {
        "approved": "УТВЪРЖДАВАМ:",
        "director": "Директор:",
        "name_signature": "(име, фамилия, подпис)",
        "subject": "по учебния предмет „{subject}“ за {grade}. клас",
        "school": "Училище:",
        "teacher": "Учител:",
        "class": "Клас:",
        "class_value": "{grade}. ____",
        "year": "Учебна година:",
        "hours": "Часове:",
        "hours_value": "{hours} ч. седмично, учебен час {minutes} мин; {weeks} учебни седмици, {total} ч. годишно",
        "term_1": "Първи учебен срок",
        "term_2": "Втори учебен срок",
        "term_summary": "{weeks} седмици × {hours} ч. седмично = {total} ч.",
        "review_lesson": "Преговор: {title}",
        "review_module": "Преговор на модула: {title}",
        "project": "Проектна работа по модула: {title}",
        "assessment": "Обобщение и оценяване: {term}",
        "part": "{title} ({part}/{parts} ч.)",
        "review_activities": "Преговор с въпросите и задачите от урока; речникът на урока в игри и упражнения.",
        "review_module_activities": "Преговор на уроците: {titles}.",
        "project_activities": (
            "Работа в групи по проект по темите на модула (напр. календар на празниците, речник, изложба) "
            "и представяне пред класа."
        ),
        "assessment_activities": "Обобщение на уроците от срока: {titles}.",
        "review_methods": "Текущо устно оценяване по раздела „Оценяване“ на урока.",
        "project_methods": "Оценяване на проекта: съдържание, работа в група, представяне.",
        "assessment_methods": "По разделите „Оценяване“ на уроците от срока; устно и писмено изпитване.",
        "activity": "{title} ({kind}, {minutes} мин)",
        "warm-up": "загрявка",
        "main": "основна дейност",
        "reflection": "рефлексия",
        "assessment_kind": "оценяване",
        "note_date": "{date} – {event}.",
        "note_date_before": "{date} – {event}: седмицата на датата няма учебни часове; урокът е в последната учебна седмица преди нея.",
        "note_date_week_full": "{date} – {event}: урокът е в най-близката свободна учебна седмица преди датата.",
        "note_also_date": "Свързан и с {date} – {event}.",
        "note_out_of_order": "Извън реда на модула, за да се вместят уроците с дати.",
        "note_shorten": "Урокът е за {duration} мин, а в {grade}. клас учебният час е {period} мин: съкратете дейностите с {over} мин.",
        "note_project_before": "Преди първия урок от модула.",
        "unconfirmed": (
            "Датите на учебната {year} г. не са проверени по заповедта на министъра за графика на учебното "
            "време; сверете седмиците с нея. Непотвърдени: {items}."
        ),
        "term_dates": "начало и край на срока",
        "generated": "Изготвено от отворената учебна програма „{title}“; попълнете и редактирайте свободно.",
        "week_dates": "{start}–{end}",
    },
    "en": {
        "approved": "APPROVED:",
        "director": "Head teacher:",
        "name_signature": "(name, signature)",
        "subject": "for the subject “{subject}”, grade {grade}",
        "school": "School:",
        "teacher": "Teacher:",
        "class": "Class:",
        "class_value": "{grade} ____",
        "year": "School year:",
        "hours": "Hours:",
        "hours_value": "{hours} hour(s) a week, {minutes}-minute periods; {weeks} teaching weeks, {total} hours a year",
        "term_1": "First term",
        "term_2": "Second term",
        "term_summary": "{weeks} weeks × {hours} a week = {total} hours",
        "review_lesson": "Review: {title}",
        "review_module": "Module review: {title}",
        "project": "Project work on the module: {title}",
        "assessment": "Summary and assessment: {term}",
        "part": "{title} (hour {part} of {parts})",
        "review_activities": "Review with the lesson's questions and tasks; the lesson's words in games and exercises.",
        "review_module_activities": "Review of the lessons: {titles}.",
        "project_activities": (
            "Group project on the module's topics (e.g. a calendar of holidays, a word list, an exhibition), "
            "presented to the class."
        ),
        "assessment_activities": "Summary of the term's lessons: {titles}.",
        "review_methods": "Ongoing oral assessment, from the lesson's Assessment section.",
        "project_methods": "Project assessment: content, group work, presentation.",
        "assessment_methods": "From the Assessment sections of the term's lessons; oral and written checks.",
        "activity": "{title} ({kind}, {minutes} min)",
        "warm-up": "warm-up",
        "main": "main activity",
        "reflection": "reflection",
        "assessment_kind": "assessment",
        "note_date": "{date} – {event}.",
        "note_date_before": "{date} – {event}: the week of the date has no lessons; taught in the last teaching week before it.",
        "note_date_week_full": "{date} – {event}: taught in the nearest free teaching week before the date.",
        "note_also_date": "Also linked to {date} – {event}.",
        "note_out_of_order": "Out of module order, so that the dated lessons fit.",
        "note_shorten": "The lesson takes {duration} min; a period in grade {grade} is {period} min: shorten the activities by {over} min.",
        "note_project_before": "Before the module's first lesson.",
        "unconfirmed": (
            "The dates of the school year {year} are not checked against the minister's order on the school "
            "calendar; compare the weeks with it. Not confirmed: {items}."
        ),
        "term_dates": "start and end of term",
        "generated": "Made from the open curriculum “{title}”; fill in and edit freely.",
        "week_dates": "{start}–{end}",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    words = TEXTS.get(lang, TEXTS["bg"])[key]
    return words.format(**values) if values else words
