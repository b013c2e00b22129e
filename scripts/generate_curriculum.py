#!/usr/bin/env python3
"""Write a synthetic, valid curriculum project of any size, to measure the build at scale.

    python3 scripts/generate_curriculum.py OUT_DIR --lessons 300 [--modules 30] [--seed 1]

OUT_DIR becomes a buildable project: `curriculum/` (N lessons in bg and en, Romani titles and summaries for
every lesson and full Romani text for a fraction, handouts for three lessons in four, glossary, resources,
bibliography, calendar), `docs/` (home and about page in three languages), `overrides/` and `mkdocs.yml`
copied from this repository. Each lesson is as long as a shipped one: its length in words is drawn from the
shipped lessons' (SHIPPED_WORDS), in prose with numbered and bulleted lists, a table and a quotation, and
three in four of its vocabulary terms occur in its text (as in the shipped lessons), so the glossary
tooltips have work to do. The same seed always writes the same bytes, so a
benchmark or a failing test can be reproduced; nothing generated here belongs in Git.
"""

# Banks of sentences and glossary rows read best one entry a line.
# ruff: noqa: E501

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LANGS = ("bg", "en", "rom")

# --- content banks ------------------------------------------------------------------------------------
# Sentences in the register of the shipped lessons: a teacher's script, with questions and expected answers.

BG_STEPS = (
    "Попитайте класа какво знае за празника и запишете три-четири отговора на дъската.",
    "Разкажете бавно, с глас на разказвач, като спирате след всяка случка и питате какво ще стане после.",
    "Разделете класа на групи от по четирима и дайте на всяка група карта с текст и рисунка.",
    "Покажете на картата пътя на ромите от Северна Индия през Персия и Армения до Балканите.",
    "Нека децата повторят думата на романес заедно с вас, после поотделно, като пляскат сричките.",
    "Обиколете групите, изслушайте идеите им и помогнете на онези, които още не са започнали.",
    "Всяка група представя работата си за една минута, а останалите задават по един въпрос.",
    "Върнете се към отговорите от загрявката и попитайте кое от тях вече може да се допълни.",
    "Пуснете записа на песента два пъти: първо само слушаме, после пляскаме ритъма.",
    "Прочетете гатанката на глас и дайте на децата половин минута да помислят, преди да отговорят.",
    "Раздайте работния лист и прочетете заедно първата задача, за да сте сигурни, че е ясна.",
    "Напишете на дъската новите думи на латиница и на кирилица и ги прочетете заедно.",
    "Нека всеки ученик каже едно изречение за това какво е научил, като започне с „Днес разбрах, че…“.",
    "Покажете снимката и попитайте какво виждат децата, преди да разкажете историята зад нея.",
    "Поканете доброволец да изиграе ролята на разказвача, а класът да бъде публиката на сватбата.",
    "Сравнете двата варианта на приказката и потърсете с децата какво е общо и какво е различно.",
    "Дайте на групите пет минути, за да подредят картите с обичаите по реда, в който се случват.",
    "Обяснете, че обичаите се различават между групите и селищата и няма един правилен вариант.",
)
BG_QUESTIONS = (
    ("Кога се празнува Гергьовден и как го наричат ромите?", "На 6 май; мнозина го наричат Хедерлез или Едерлези."),
    ("Какво значи думата *drom*?", "„Път“."),
    ("Защо героят на приказката успява накрая?", "Защото е добър, търпелив и помага на другите."),
    ("Кои цветове има ромското знаме и какво значат?", "Синьо и зелено – небето и земята – и червено колело."),
    ("Кой е най-важният човек на празничната трапеза?", "Най-възрастният – той благославя и разчупва хляба."),
    ("Какви занаяти са упражнявали ромите в миналото?", "Ковачество, кошничарство, калайджийство, музика."),
    ("Откъде знаем, че ромите идват от Индия?", "От езика: много думи на романес приличат на думи от хинди."),
    ("С какво си приличат нашите празници?", "Събира се семейството, има трапеза, пожелаваме си здраве."),
    ("Какво научихме за уважението към по-възрастните?", "Младите им целуват ръка и ги питат за съвет."),
    ("Каква е поуката на гатанката?", "Че с търпение и наблюдение отгатваме и трудните неща."),
)
BG_PROSE = (
    "Празникът се посреща различно в отделните семейства, затова приемайте с уважение всеки разказ на децата.",
    "В много ромски семейства песента и танцът са част от всяко събиране, от сватбата до кръщенето.",
    "Легендите се предават от уста на уста и всеки разказвач добавя нещо свое, затова вариантите са много.",
    "Романес е индоарийски език с много диалекти; думите в урока са по речника ROMLEX.",
    "Ако в класа има деца, които говорят романес, поканете ги да кажат думите, но не настоявайте.",
    "Гатанките развиват въображението и езиковия усет, а отговорите им често са предмети от бита.",
    "Занаятите на ромите са свързани с пътуването: ковачът, калайджията и кошничарят работят там, където има нужда.",
    "Обяснете, че в България живеят различни ромски групи с различни обичаи, диалекти и вероизповедания.",
    "Пролетният празник Хедерлез е свързан с надеждата за здраве, плодородие и късмет през годината.",
    "Музиката на ромите е повлияла на много музикални стилове на Балканите и в Европа.",
    "Когато говорите за историята на ромите, наблягайте на фактите и на личните истории, а не на обобщенията.",
    "Добре е урокът да завърши с кратко обобщение, което децата казват със свои думи.",
    "Рисунката е добър начин и за децата, които още четат и пишат трудно, да покажат какво са разбрали.",
    "Поканете родител или баба от общността да разкаже за празника – това прави урока жив и близък.",
    "Ромските приказки често имат хитър и находчив герой, който побеждава силния с ума си.",
    "Свързвайте новите думи с картинки и движения: така те се запомнят по-лесно.",
    "Не представяйте обичая като задължителен за всички роми; казвайте „в много семейства“ или „в някои села“.",
    "Оставете време за въпроси: децата често питат за неща, които ги вълнуват лично.",
    "Записвайте отговорите на децата на дъската, за да се върнете към тях в края на урока.",
    "Подредете чиновете така, че групите да се виждат и да могат да си показват рисунките.",
)
BG_QUOTES = (
    "Разказват, че някога ромите трябвало да минат голяма река. Мостът бил съборен, но дошъл един добър човек "
    "и го построил отново, и оттогава хората помнят доброто.",
    "Имало едно време един беден ковач, който имал само чук и наковалня, но имал и добро сърце. Когато царят "
    "загубил пътя си в гората, ковачът го отвел до дома му и не поискал нищо.",
    "Зелената трева е земята, синьото е небето, а колелото е пътят, който свързва хората навсякъде по света.",
    "Кажи ми какво е: ходи без крака, говори без уста, а носи новини от далечни места? – Писмото.",
)
BG_TOPICS = (
    "Гергьовден – Хедерлез",
    "Василица – ромската Нова година",
    "Приказката за хитрия ковач",
    "Гатанки от старите времена",
    "Песента „Джелем, джелем“",
    "Първите думи на романес",
    "Семейството и родът",
    "Занаятите на ромите",
    "Пътят от Индия до Балканите",
    "Ромското знаме и химн",
    "Осми април – Международният ден на ромите",
    "Сватбени обичаи",
    "Музика и танц",
    "Известни роми",
    "Легендата за моста",
    "Пролетни обичаи",
    "Кошничари и ковачи",
    "Числата на романес",
    "Приказки за животни",
    "Стереотипи и диалог",
    "Ромските групи в България",
    "Паметта за геноцида",
    "Приказката за трите сестри",
    "Цветовете и природата",
    "Празничната трапеза",
    "Езикът днес",
)
EN_STEPS = (
    "Ask the class what they know about the holiday and write three or four answers on the board.",
    "Tell the story slowly, in a storyteller's voice, pausing after each event to ask what happens next.",
    "Split the class into groups of four and give each group a card with a text and a picture.",
    "Show on the map the route of the Roma from northern India through Persia and Armenia to the Balkans.",
    "Have the children repeat the Romani word with you, then one by one, clapping the syllables.",
    "Go round the groups, listen to their ideas and help those who have not started yet.",
    "Each group presents its work for one minute while the others ask one question each.",
    "Go back to the answers from the warm-up and ask which of them can now be completed.",
    "Play the recording of the song twice: first we only listen, then we clap the rhythm.",
    "Read the riddle aloud and give the children half a minute to think before they answer.",
    "Hand out the worksheet and read the first task together to make sure it is clear.",
    "Write the new words on the board in Latin and Cyrillic script and read them together.",
    "Let every pupil say one sentence about what they learnt, starting with 'Today I found out that…'.",
    "Show the photograph and ask what the children see before you tell the story behind it.",
)
EN_QUESTIONS = (
    ("When is St George's Day and what do many Roma call it?", "On 6 May; many call it Herdelezi or Ederlezi."),
    ("What does the word *drom* mean?", "'Road'."),
    ("Why does the hero of the tale succeed in the end?", "Because he is kind, patient and helps others."),
    (
        "What colours does the Romani flag have and what do they mean?",
        "Blue and green – sky and earth – and a red wheel.",
    ),
    ("Who is the most important person at the festive table?", "The eldest – they bless and break the bread."),
    ("How do we know that the Roma came from India?", "From the language: many Romani words resemble Hindi words."),
    ("What do our holidays have in common?", "The family gathers, there is a meal, we wish each other health."),
)
EN_PROSE = (
    "The holiday is celebrated differently from family to family, so welcome every child's story with respect.",
    "In many Roma families song and dance are part of every gathering, from weddings to christenings.",
    "Legends pass from mouth to mouth and every storyteller adds something, so there are many versions.",
    "Romani is an Indo-Aryan language with many dialects; the words in this lesson follow ROMLEX.",
    "If some children in the class speak Romani, invite them to say the words, but do not insist.",
    "Riddles train imagination and a feel for language, and their answers are often everyday objects.",
    "Roma crafts are linked to travel: the smith, the tinsmith and the basket maker work where they are needed.",
    "Explain that different Roma groups live in Bulgaria, with different customs, dialects and faiths.",
    "The spring holiday of Herdelezi is about hope for health, fertility and luck in the year ahead.",
    "Roma music has influenced many musical styles in the Balkans and across Europe.",
    "When you speak about Roma history, stress facts and personal stories rather than generalisations.",
    "End the lesson with a short summary that the children put in their own words.",
    "Drawing lets children who still find reading and writing hard show what they have understood.",
    "Invite a parent or grandparent from the community to talk about the holiday: it brings the lesson to life.",
    "Roma tales often have a clever, resourceful hero who beats the strong with wit.",
    "Do not present a custom as binding on all Roma; say 'in many families' or 'in some villages'.",
)
EN_TOPICS = (
    "St George's Day – Herdelezi",
    "Vasilitsa – the Roma New Year",
    "The tale of the clever smith",
    "Riddles from the old days",
    "The song 'Gelem, gelem'",
    "First words in Romani",
    "Family and kin",
    "Roma crafts",
    "The road from India to the Balkans",
    "The Romani flag and anthem",
    "8 April – International Roma Day",
    "Wedding customs",
    "Music and dance",
    "Notable Roma",
    "The legend of the bridge",
    "Spring customs",
    "Basket makers and smiths",
    "Numbers in Romani",
    "Animal tales",
    "Stereotypes and dialogue",
    "Roma groups in Bulgaria",
    "Remembering the genocide",
    "The tale of the three sisters",
    "Colours and nature",
    "The festive table",
    "The language today",
)
ROM_STEPS = (
    "Phuč e čhaven so džanen vaš o lačho dives thaj xramosar štar vakeribe pe tabla.",
    "Phen i paramisi polokes, sar jekh paramisaro, thaj phuč so ka ovel pale.",
    "Ulav e čhaven ande grupe thaj de sakone grupake jekh kartica.",
    "Sikav ki karta o drom e Romengo andar i Indija dži ko Balkanija.",
    "E čhave phenen o alav romanes tusa khetane, pale korkorre.",
    "Sakoji grupa sikavel pesko buti jekh minuta.",
)
ROM_PROSE = (
    "O lačho dives keren pe averčhande ande sakoji familija.",
    "Ande but romane familije i gili thaj o khelipe si ande sakoji bijav.",
    "E paramisja džan muj ko muj thaj sako paramisaro thol vareso pesko.",
    "I romani čhib si jekh indoarijakiri čhib bute dijalektenca.",
    "Na phen kaj o adeti si vaš sa e Roma; phen „ande but familije“.",
)
ROM_TOPICS = (
    "Herdelezi",
    "Bango Vasili",
    "I paramisi e sastrareski",
    "Gatanke",
    "Gelem, gelem",
    "Angle alava romanes",
    "I familija",
    "E Romane bută",
    "O drom andar i Indija",
    "O romano flamura",
    "O 8 aprili",
    "I bijav",
    "Gili thaj khelipe",
    "Prindžarde Roma",
    "O phurd",
    "O terno berš",
)

TERMS = (
    ("daj", "daj", "дай", "майка", "mother"),
    ("dad", "dad", "дад", "баща", "father"),
    ("phral", "phral", "пхрал", "брат", "brother"),
    ("phen", "phen", "пхен", "сестра", "sister"),
    ("chavo", "čhavo", "чхаво", "момче, син", "boy, son"),
    ("chaj", "čhaj", "чхай", "момиче, дъщеря", "girl, daughter"),
    ("drom", "drom", "дром", "път", "road"),
    ("baxt", "baxt", "бахт", "щастие, късмет", "luck, happiness"),
    ("sastipe", "sastipe", "састипе", "здраве", "health"),
    ("manro", "manro", "манро", "хляб", "bread"),
    ("gili", "gili", "гили", "песен", "song"),
    ("paramisi", "paramisi", "парамиси", "приказка", "tale"),
    ("kher", "kher", "кхер", "къща, дом", "house, home"),
    ("pani", "pani", "пани", "вода", "water"),
    ("jag", "jag", "яг", "огън", "fire"),
    ("kham", "kham", "кхам", "слънце", "sun"),
    ("chon", "čhon", "чхон", "луна, месец", "moon, month"),
    ("phuv", "phuv", "пхув", "земя", "earth"),
    ("bersh", "berš", "берш", "година", "year"),
    ("dives", "dives", "дивес", "ден", "day"),
    ("rat", "rat", "рат", "нощ", "night"),
    ("bijav", "bijav", "бияв", "сватба", "wedding"),
    ("khelipe", "khelipe", "кхелипе", "танц", "dance"),
    ("bashalel", "bašalel", "башалел", "свиря", "plays music"),
    ("sastri", "sastri", "састри", "желязо", "iron"),
    ("kovachi", "kovači", "ковачи", "ковач", "smith"),
    ("roma", "rom", "ром", "ром, мъж", "Rom, man"),
    ("romni", "romni", "ромни", "жена", "woman, wife"),
    ("romanes", "romanes", "романес", "на ромски", "in Romani"),
    ("them", "them", "тхем", "страна, свят", "country, world"),
    ("lacho", "lačho", "лачо", "добър", "good"),
    ("shukar", "šukar", "шукар", "хубав", "beautiful"),
    ("baro", "baro", "баро", "голям", "big"),
    ("cikno", "cikno", "цикно", "малък", "small"),
    ("jekh", "jekh", "йекх", "едно", "one"),
    ("duj", "duj", "дуй", "две", "two"),
    ("trin", "trin", "трин", "три", "three"),
    ("shtar", "štar", "щар", "четири", "four"),
    ("pandzh", "pandž", "пандж", "пет", "five"),
    ("nais-tuke", "nais tuke", "наис туке", "благодаря", "thank you"),
    ("devla", "Devla", "Девла", "Боже", "God (address)"),
    ("ruv", "ruv", "рув", "вълк", "wolf"),
    ("grast", "grast", "граст", "кон", "horse"),
    ("chiriklo", "čiriklo", "чирикло", "птица", "bird"),
    ("luludi", "luludi", "лулуди", "цвете", "flower"),
    ("kasht", "kašt", "кашт", "дърво", "tree, wood"),
    ("gav", "gav", "гав", "село", "village"),
    ("foro", "foro", "форо", "град", "town"),
    ("lil", "lil", "лил", "писмо, книга", "letter, book"),
    ("sikavno", "sikavno", "сикавно", "учител", "teacher"),
)

SOURCES = (
    ("romlex", "ROMLEX: Romani lexical database. University of Graz.", "https://romani.uni-graz.at/romlex/"),
    ("fraser-1992", "Fraser, A. (1992). *The Gypsies*. Oxford: Blackwell.", None),
    (
        "marushiakova-popov-1997",
        "Marushiakova, E. and Popov, V. (1997). *Gypsies (Roma) in Bulgaria*. Frankfurt: Peter Lang.",
        None,
    ),
    ("matras-2002", "Matras, Y. (2002). *Romani: A Linguistic Introduction*. Cambridge University Press.", None),
    (
        "hancock-2002",
        "Hancock, I. (2002). *We Are the Romani People*. Hatfield: University of Hertfordshire Press.",
        None,
    ),
    (
        "kenrick-2007",
        "Kenrick, D. (2007). *Historical Dictionary of the Gypsies (Romanies)*. Lanham: Scarecrow Press.",
        None,
    ),
    (
        "amalipe-erdelez",
        'Amalipe Center (n.d.). "St. George\'s Day (Erdelez)". Veliko Tarnovo: Amalipe.',
        "https://amalipe.bg/en/st-georges-day-erdelez/",
    ),
    (
        "bta-vasilitsa",
        'BTA (n.d.). "Roma Community Celebrates New Year on January 14".',
        "https://www.bta.bg/en/news/1043169",
    ),
    ("puxon-congress", 'Puxon, G. (2021). "An Account of the First World Roma Congress".', None),
    (
        "council-of-europe-factsheets",
        "Council of Europe (2008). *Factsheets on Roma History*. Strasbourg.",
        "https://www.coe.int/",
    ),
    (
        "nsi-census-2021",
        "National Statistical Institute (2022). *2021 Census: ethnic composition*. Sofia: NSI.",
        "https://www.nsi.bg/",
    ),
    ("okely-1983", "Okely, J. (1983). *The Traveller-Gypsies*. Cambridge University Press.", None),
    ("stewart-1997", "Stewart, M. (1997). *The Time of the Gypsies*. Boulder: Westview Press.", None),
    (
        "silverman-2012",
        "Silverman, C. (2012). *Romani Routes: Cultural Politics and Balkan Music in Diaspora*. Oxford University Press.",
        None,
    ),
    ("elsie-riddles", "Collected Romani riddles, in: *Journal of the Gypsy Lore Society*, various issues.", None),
    ("kyuchukov-2005", "Kyuchukov, H. (2005). *Romani folk tales from Bulgaria*. Sofia: Delfi.", None),
)

SECTIONS_BG = {
    "differentiation": "Работа с разнородни групи",
    "assessment": "Оценяване",
    "teacher-notes": "Бележки за учителя",
}
SECTIONS_EN = {
    "differentiation": "Differentiation",
    "assessment": "Assessment",
    "teacher-notes": "Notes for the teacher",
}
SECTIONS_ROM = {"differentiation": "Averčhande čhave", "assessment": "So sikljile", "teacher-notes": "E sikavneske"}
ACTIVITY_TITLES = {
    "warm-up": ("Загрявка: какво знаем?", "Warm-up: what do we know?", "So džanas?"),
    "story": ("Приказката", "The tale", "I paramisi"),
    "song": ("Песента", "The song", "I gili"),
    "game": ("Игра с думи", "A word game", "Khelas alavenca"),
    "map": ("Пътят на картата", "The route on the map", "O drom ki karta"),
    "customs": ("Обичаите", "The customs", "E adetja"),
    "riddles": ("Гатанки", "Riddles", "Gatanke"),
    "craft": ("Работа с ръце", "Hands-on work", "Butji vastenca"),
    "compare": ("Какво е общо?", "What do we share?", "So si amen khetane?"),
    "reflection": ("Какво научихме?", "What did we learn?", "So sikljiljam?"),
}
MIDDLE_ACTIVITIES = ("story", "song", "game", "map", "customs", "riddles", "craft", "compare")
THEMES = (
    ("holidays", "Празници и обичаи", "Holidays and customs", None),
    ("tales", "Приказки и гатанки", "Tales and riddles", "Paramisja"),
    ("music", "Музика и танц", "Music and dance", "Gilja thaj khelipe"),
    ("language", "Ромски език", "Romani language", "Romani čhib"),
    ("family", "Семейство и общност", "Family and community", None),
    ("crafts", "Занаяти и труд", "Crafts and work", None),
    ("history", "История", "History", None),
    ("identity", "Идентичност и граждански живот", "Identity and civic life", None),
)
BANDS = {"primary": [2, 3, 4], "lower-secondary": [5, 6, 7]}
OUTCOMES = {
    "primary": [
        (
            "P-HOL-1",
            "Назовава ромски празници и поне един обичай за всеки.",
            "Names Roma holidays and one custom for each.",
        ),
        ("P-TAL-1", "Преразказва народна приказка и посочва поуката ѝ.", "Retells a folk tale and states its message."),
        ("P-MUS-1", "Описва ролята на музиката в празниците.", "Describes the role of music in celebrations."),
        ("P-LAN-1", "Използва основни ромски думи.", "Uses basic Romani words."),
        (
            "P-FAM-1",
            "Описва семейни връзки и уважението към по-възрастните.",
            "Describes family ties and respect for elders.",
        ),
    ],
    "lower-secondary": [
        ("S-HIS-1", "Обяснява индийския произход на ромите.", "Explains the Indian origin of the Roma."),
        ("S-HIS-2", "Проследява пътя на ромите към Балканите.", "Traces the route of the Roma to the Balkans."),
        ("S-CIV-1", "Обяснява значението на 8 април, знамето и химна.", "Explains 8 April, the flag and the anthem."),
        (
            "S-LAN-1",
            "Описва романес като индоарийски език с много диалекти.",
            "Describes Romani as an Indo-Aryan language.",
        ),
        (
            "S-DIA-1",
            "Разпознава стереотип и предлага начин за диалог.",
            "Recognises a stereotype and suggests dialogue.",
        ),
    ],
}
RESOURCE_KINDS = ("song", "tale", "riddle", "holiday", "craft", "biography", "article", "game")
ORIGINS = ("original", "retold", "traditional", "public-domain", "translation")


SHIPPED_WORDS = {
    "bg": (
        1136,
        1186,
        1226,
        1229,
        1261,
        1264,
        1275,
        1286,
        1293,
        1299,
        1301,
        1349,
        1410,
        1432,
        1439,
        1444,
        1476,
        1478,
        1493,
        1564,
        1599,
        1646,
        1654,
        1674,
        1737,
        1760,
        1891,
        2081,
        2442,
    ),
    "en": (
        1284,
        1344,
        1367,
        1439,
        1448,
        1467,
        1473,
        1480,
        1489,
        1527,
        1552,
        1564,
        1591,
        1655,
        1656,
        1661,
        1686,
        1702,
        1725,
        1744,
        1840,
        1852,
        1862,
        1875,
        2005,
        2030,
        2186,
        2336,
        2980,
    ),
}
"""Words (`\\w+`) in the body of each shipped lesson.<lang>.md, sorted (29 lessons, measured 2026-12-03).
A synthetic lesson takes the lengths of one shipped lesson by rank, so bg and en stay in proportion."""
TERM_SHARE = 0.75
"""Share of a lesson's vocabulary terms that occur in its text (the shipped lessons: 166 of 225)."""
TERM_SENTENCE = {
    "bg": "Напишете на дъската думата *{latin}* ({cyrillic}) – „{bg}“ – и я прочетете заедно с класа.",
    "en": "Write the word *{latin}* – '{en}' – on the board and read it together with the class.",
    "rom": "Ramos o alav *{latin}* pe tabla thaj phen les e čhavenca khetane.",
}

# --- helpers ------------------------------------------------------------------------------------------


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def prose(rng: random.Random, bank: Sequence[str], budget: int) -> str:
    """Sentences from `bank` until about `budget` words, without repeating one in a row."""
    out: list[str] = []
    total = 0
    while total < budget:
        sentence = rng.choice(bank)
        if out and sentence == out[-1]:
            continue
        out.append(sentence)
        total += words(sentence)
    return " ".join(out)


def wrap(text: str, width: int = 110) -> str:
    """Hard-wrap prose like the shipped files (keeps diffs of real content readable)."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8", newline="\n")


def front(**fields: object) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {q(item)}" for item in value]
        else:
            lines.append(f"{key}: {q(str(value))}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def term_sentences(lesson: LessonPlan, lang: str, slots: int) -> list[list[str]]:
    """The sentences that put three in four of the lesson's terms into its text, shared among `slots`."""
    by_id = {t[0]: t for t in TERMS}
    shown = lesson.vocabulary[: max(1, round(len(lesson.vocabulary) * TERM_SHARE))]
    out: list[list[str]] = [[] for _ in range(slots)]
    for number, tid in enumerate(shown):
        _, latin, cyrillic, bg, en = by_id[tid]
        out[number % slots].append(TERM_SENTENCE[lang].format(latin=latin, cyrillic=cyrillic, bg=bg, en=en))
    return out


def fill(
    out: list[str | None],
    slots: list[int],
    terms: list[list[str]],
    rng: random.Random,
    bank: Sequence[str],
    target: int,
) -> str:
    """Put prose into the `slots` of `out` (after the front matter in out[0]) so the body reaches about
    `target` words, each slot opened by its term sentences; return the text."""
    have = words("\n".join(x for x in out[1:] if x is not None)) + sum(words(" ".join(t)) for t in terms)
    per = max((target - have) // len(slots), 20)
    for slot, sentences in zip(slots, terms, strict=True):
        out[slot] = wrap(" ".join([*sentences, prose(rng, bank, per)]))
    return "\n".join(x for x in out if x is not None)


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# --- the plan -----------------------------------------------------------------------------------------


@dataclass
class LessonPlan:
    id: str
    index: int
    module: str
    band: str
    grades: list[int]
    activities: list[tuple[str, int, str]]
    themes: list[str]
    outcomes: list[str]
    vocabulary: list[str]
    resources: list[str]
    sources: list[str]
    handout: str | None
    rom_complete: bool
    topic: int
    length: int = 0
    """Rank of the shipped lesson whose length this one takes (SHIPPED_WORDS)."""
    short_period: dict[str, int] = field(default_factory=dict)
    """For grade 2 (35-minute periods): the shortened minutes of the main activities that shorten."""


@dataclass
class ModulePlan:
    id: str
    band: str
    lessons: list[LessonPlan] = field(default_factory=list)


@dataclass
class Plan:
    seed: int
    modules: list[ModulePlan]
    resources: list[str]

    @property
    def lessons(self) -> list[LessonPlan]:
        return [lesson for module in self.modules for lesson in module.lessons]


SHORT_PERIOD = 35
"""Minutes of a period in grades 1-2 (drom.model.SHORT_PERIOD_MINUTES)."""


def short_period(grades: list[int], activities: list[tuple[str, int, str]]) -> dict[str, int]:
    """The main activities shortened, in order, until the lesson fits a grade-2 period; {} if it fits."""
    excess = sum(minutes for _, minutes, _ in activities) - SHORT_PERIOD
    if min(grades) > 2 or excess <= 0:
        return {}
    out = {}
    for aid, minutes, kind in activities:
        if excess and kind == "main":
            cut = min(excess, minutes - 3)
            out[aid] = minutes - cut
            excess -= cut
    return out


def make_plan(lessons: int, modules: int, seed: int, rom_complete: float) -> Plan:
    every = round(1 / rom_complete) if rom_complete > 0 else 0
    resources = [f"resource-{i:04d}" for i in range(1, max(3, lessons // 10) + 1)]
    plans = []
    per_module, extra = divmod(lessons, modules)
    number = 0
    for m in range(modules):
        band = "primary" if m % 2 == 0 else "lower-secondary"
        module = ModulePlan(f"module-{m + 1:03d}", band)
        for _ in range(per_module + (1 if m < extra else 0)):
            number += 1
            lrng = random.Random(f"{seed}:lesson:{number}")
            grades = BANDS[band]
            start = lrng.randrange(len(grades) - 1)
            middle = lrng.sample(MIDDLE_ACTIVITIES, lrng.choice((2, 3)))
            duration = 40
            ids = ["warm-up", *middle, "reflection"]
            minutes = [5] + [lrng.choice((8, 9, 10)) for _ in middle] + [5]
            kinds = ["warm-up"] + ["main"] * len(middle) + ["reflection"]
            assert sum(minutes) <= duration
            outcomes = [code for code, _, _ in OUTCOMES[band]]
            module.lessons.append(
                LessonPlan(
                    id=f"lesson-{number:04d}",
                    index=number,
                    module=module.id,
                    band=band,
                    grades=grades[start : start + 2],
                    activities=list(zip(ids, minutes, kinds, strict=True)),
                    themes=sorted(lrng.sample([t[0] for t in THEMES], 2)),
                    outcomes=sorted(lrng.sample(outcomes, 2)),
                    vocabulary=lrng.sample([t[0] for t in TERMS], lrng.randint(4, 8)),
                    resources=sorted(lrng.sample(resources, min(2, len(resources)))),
                    sources=sorted(lrng.sample([s[0] for s in SOURCES], 3)),
                    handout=f"worksheet-{number:04d}" if number % 4 != 1 else None,
                    rom_complete=bool(every) and (number - 1) % every == 0,
                    topic=lrng.randrange(len(BG_TOPICS)),
                    length=lrng.randrange(len(SHIPPED_WORDS["bg"])),
                    short_period=short_period(grades[start : start + 2], list(zip(ids, minutes, kinds, strict=True))),
                )
            )
        plans.append(module)
    return Plan(seed, plans, resources)


# --- writers ------------------------------------------------------------------------------------------


def lesson_bg(lesson: LessonPlan, rng: random.Random) -> str:
    title = f"{BG_TOPICS[lesson.topic]} ({lesson.index})"
    summary = (
        f"Учениците се запознават с темата „{BG_TOPICS[lesson.topic]}“, работят в групи с текст, песен или "
        f"гатанка и сравняват наученото със своя опит."
    )
    out: list[str | None] = [
        front(
            title=title,
            summary=summary,
            objectives=[rng.choice(BG_PROSE) for _ in range(3)],
            materials=["Карта на България, цветни моливи", "Работен лист за всеки ученик", "Карти с обичаи"],
        ).rstrip("\n")
    ]
    slots: list[int] = []
    for number, (aid, _, _) in enumerate(lesson.activities):
        out.append(f"\n## {ACTIVITY_TITLES[aid][0]} {{#{aid}}}\n")
        steps = rng.sample(BG_STEPS, 4)
        question, answer = rng.choice(BG_QUESTIONS)
        for n, step in enumerate(steps, start=1):
            out.append(f"{n}. {step}")
            if n == 2:
                out.append(f"    Попитайте: **„{question}“**\n    *Очакван отговор: {answer}*")
        out.append("")
        slots.append(len(out))
        out.append(None)
        if number == 1:
            out.append("\n| Обичай | Кога | Какво значи |\n| --- | --- | --- |")
            out += [
                "| Празничната трапеза | Вечерта преди празника | Семейството е заедно |",
                "| Разчупване на хляба | В началото на вечерята | Благодарност за годината |",
                "| Пожелание за здраве | При среща | *Baxt thaj sastipe!* – „Щастие и здраве!“ |",
            ]
        if number == 2:
            out.append("\n> " + wrap(rng.choice(BG_QUOTES), 100).replace("\n", "\n> "))
    out.append(f"\n## {SECTIONS_BG['differentiation']} {{#differentiation}}\n")
    out += [f"- **{g}. клас:** {rng.choice(BG_PROSE)}" for g in lesson.grades]
    out.append(f"- **Деца, които говорят романес:** {rng.choice(BG_PROSE)}")
    out.append(f"\n## {SECTIONS_BG['assessment']} {{#assessment}}\n")
    out += [f"- **{code}:** {rng.choice(BG_PROSE)}" for code in lesson.outcomes]
    out.append(f"\n## {SECTIONS_BG['teacher-notes']} {{#teacher-notes}}\n")
    for _ in range(3):
        out.append(wrap(prose(rng, BG_PROSE, 70)) + "\n")
    out.append("Думите на романес в урока са по речника [ROMLEX](https://romani.uni-graz.at/romlex/).")
    terms = term_sentences(lesson, "bg", len(slots))
    return fill(out, slots, terms, rng, BG_PROSE, SHIPPED_WORDS["bg"][lesson.length])


def lesson_en(lesson: LessonPlan, rng: random.Random, source: str) -> str:
    title = f"{EN_TOPICS[lesson.topic]} ({lesson.index})"
    summary = (
        f"Pupils explore the theme '{EN_TOPICS[lesson.topic]}', work in groups with a text, a song or a riddle "
        "and compare what they learn with their own experience."
    )
    out: list[str | None] = [
        front(
            title=title,
            summary=summary,
            objectives=[rng.choice(EN_PROSE) for _ in range(3)],
            materials=["A map of Bulgaria, coloured pencils", "A worksheet for every pupil", "Cards with customs"],
            source_hash=short_hash(source),
        ).rstrip("\n")
    ]
    slots: list[int] = []
    for number, (aid, _, _) in enumerate(lesson.activities):
        out.append(f"\n## {ACTIVITY_TITLES[aid][1]} {{#{aid}}}\n")
        question, answer = rng.choice(EN_QUESTIONS)
        for n, step in enumerate(rng.sample(EN_STEPS, 4), start=1):
            out.append(f"{n}. {step}")
            if n == 2:
                out.append(f"    Ask: **'{question}'**\n    *Expected answer: {answer}*")
        out.append("")
        slots.append(len(out))
        out.append(None)
        if number == 1:
            out.append("\n| Custom | When | What it means |\n| --- | --- | --- |")
            out += [
                "| The festive meal | The evening before | The family is together |",
                "| Breaking the bread | At the start of the meal | Thanks for the year |",
                "| A wish for health | On meeting | *Baxt thaj sastipe!* – 'Luck and health!' |",
            ]
    out.append(f"\n## {SECTIONS_EN['differentiation']} {{#differentiation}}\n")
    out += [f"- **Grade {g}:** {rng.choice(EN_PROSE)}" for g in lesson.grades]
    out.append(f"\n## {SECTIONS_EN['assessment']} {{#assessment}}\n")
    out += [f"- **{code}:** {rng.choice(EN_PROSE)}" for code in lesson.outcomes]
    out.append(f"\n## {SECTIONS_EN['teacher-notes']} {{#teacher-notes}}\n")
    for _ in range(3):
        out.append(wrap(prose(rng, EN_PROSE, 70)) + "\n")
    terms = term_sentences(lesson, "en", len(slots))
    return fill(out, slots, terms, rng, EN_PROSE, SHIPPED_WORDS["en"][lesson.length])


def lesson_rom(lesson: LessonPlan, rng: random.Random) -> str:
    topic = ROM_TOPICS[lesson.topic % len(ROM_TOPICS)]
    head = front(
        title=f"{topic} ({lesson.index})",
        summary=f"E čhave sikljon vaš „{topic}“, keren buti ande grupe thaj keren konparacija pe dživipnaça.",
    )
    if not lesson.rom_complete:
        return head
    out: list[str | None] = [head.rstrip("\n")]
    slots: list[int] = []
    for aid, _, _ in lesson.activities:
        out.append(f"\n## {ACTIVITY_TITLES[aid][2]} {{#{aid}}}\n")
        out += [f"{n}. {step}" for n, step in enumerate(rng.sample(ROM_STEPS, 3), start=1)]
        out.append("")
        slots.append(len(out))
        out.append(None)
    for sid, title in SECTIONS_ROM.items():
        out.append(f"\n## {title} {{#{sid}}}\n")
        out.append(wrap(prose(rng, ROM_PROSE, 30)))
    terms = term_sentences(lesson, "rom", len(slots))
    return fill(out, slots, terms, rng, ROM_PROSE, SHIPPED_WORDS["bg"][lesson.length])


def handout(lang: str, lesson: LessonPlan, rng: random.Random) -> str:
    if lang == "bg":
        title, name, rows = f"Работен лист: {BG_TOPICS[lesson.topic]}", "Име: ______________ Клас: ____", BG_STEPS
        table = "| | Празникът в урока | Моят празник |\n|---|---|---|\n| Кога е? | | |\n| Кой се събира? | | |"
    elif lang == "en":
        title, name, rows = f"Worksheet: {EN_TOPICS[lesson.topic]}", "Name: ______________ Class: ____", EN_STEPS
        table = "| | The holiday in the lesson | My holiday |\n|---|---|---|\n| When is it? | | |\n| Who gathers? | | |"
    else:
        title, name, rows = f"Lil: {ROM_TOPICS[lesson.topic % len(ROM_TOPICS)]}", "Anav: ______________", ROM_STEPS
        table = "| | O lačho dives | Mo lačho dives |\n|---|---|---|\n| Kana? | | |"
    tasks = "\n".join(f"{n}. {step}" for n, step in enumerate(rng.sample(rows, 3), start=1))
    return front(title=title) + f"\n{name}\n\n## 1.\n\n{tasks}\n\n## 2.\n\n{table}\n"


def write_curriculum(root: Path, plan: Plan) -> None:
    seed = plan.seed
    modules = plan.modules
    lines = [
        "# A synthetic curriculum written by scripts/generate_curriculum.py: not for publication.",
        "languages: [bg, en, rom]",
        "licence: CC-BY-SA-4.0",
        "organisation: {bg: Синтетична учебна програма, en: Synthetic curriculum}",
        f"modules: [{', '.join(m.id for m in modules)}]",
        "grade_bands:",
        '  - {id: primary, grades: [2, 3, 4], label: {bg: "Начален етап", en: "Primary"}}',
        '  - {id: lower-secondary, grades: [5, 6, 7], label: {bg: "Прогимназиален етап", en: "Lower secondary"}}',
        "themes:",
    ]
    for tid, bg, en, rom in THEMES:
        lines.append(f"  - {{id: {tid}, label: {{bg: {q(bg)}, en: {q(en)}{', rom: ' + q(rom) if rom else ''}}}}}")
    lines.append("outcomes:")
    for band in BANDS:
        for code, bg, en in OUTCOMES[band]:
            lines.append(f"  - {{code: {code}, text: {{bg: {q(bg)}, en: {q(en)}}}}}")
    write(root / "curriculum.yml", "\n".join(lines))
    rng = random.Random(f"{seed}:curriculum")
    write(
        root / "curriculum.bg.md",
        front(title="Ромски фолклор", summary="Синтетична програма за измерване на сайта.")
        + "\n"
        + wrap(prose(rng, BG_PROSE, 120)),
    )
    write(
        root / "curriculum.en.md",
        front(title="Roma folklore", summary="A synthetic curriculum to measure the site.")
        + "\n"
        + wrap(prose(rng, EN_PROSE, 120)),
    )
    write(root / "curriculum.rom.md", front(title="Romano folklori", summary="Jekh programa te mers o sajto."))

    for number, module in enumerate(modules, start=1):
        mrng = random.Random(f"{seed}:module:{module.id}")
        folder = root / "modules" / module.id
        grades = BANDS[module.band]
        themes = sorted({t for lesson in module.lessons for t in lesson.themes})
        outcomes = sorted({o for lesson in module.lessons for o in lesson.outcomes})
        write(
            folder / "module.yml",
            f"band: {module.band}\ngrades: {json.dumps(grades)}\nthemes: [{', '.join(themes)}]\n"
            f"outcomes: [{', '.join(outcomes)}]\nlessons: [{', '.join(x.id for x in module.lessons)}]",
        )
        write(
            folder / "module.bg.md",
            front(title=f"Модул {number}: {BG_TOPICS[number % len(BG_TOPICS)]}", summary=mrng.choice(BG_PROSE))
            + "\n"
            + wrap(prose(mrng, BG_PROSE, 150)),
        )
        write(
            folder / "module.en.md",
            front(title=f"Module {number}: {EN_TOPICS[number % len(EN_TOPICS)]}", summary=mrng.choice(EN_PROSE))
            + "\n"
            + wrap(prose(mrng, EN_PROSE, 150)),
        )
        write(folder / "module.rom.md", front(title=f"Modulo {number}", summary=mrng.choice(ROM_PROSE)))

    for lesson in plan.lessons:
        lrng = random.Random(f"{seed}:text:{lesson.id}")
        folder = root / "lessons" / lesson.id
        activities = "\n".join(f"  - {{id: {a}, minutes: {n}, kind: {k}}}" for a, n, k in lesson.activities)
        write(
            folder / "lesson.yml",
            f"grades: {json.dumps(lesson.grades)}\nduration: 40\nthemes: [{', '.join(lesson.themes)}]\n"
            f"outcomes: [{', '.join(lesson.outcomes)}]\nvocabulary: [{', '.join(lesson.vocabulary)}]\n"
            f"resources: [{', '.join(lesson.resources)}]\nsources: [{', '.join(lesson.sources)}]\n"
            f"activities:\n{activities}\n"
            + (f"handouts: [{lesson.handout}]\n" if lesson.handout else "")
            + (f"short_period: {json.dumps(lesson.short_period)}\n" if lesson.short_period else ""),
        )
        bg = lesson_bg(lesson, lrng)
        write(folder / "lesson.bg.md", bg)
        write(folder / "lesson.en.md", lesson_en(lesson, lrng, bg + "\n"))
        write(folder / "lesson.rom.md", lesson_rom(lesson, lrng))
        if lesson.handout:
            for lang in LANGS if lesson.rom_complete else LANGS[:2]:
                write(folder / "handouts" / f"{lesson.handout}.{lang}.md", handout(lang, lesson, lrng))

    for number, rid in enumerate(plan.resources):
        rrng = random.Random(f"{seed}:resource:{rid}")
        folder = root / "resources" / rid
        terms = rrng.sample([t[0] for t in TERMS], 4)
        write(
            folder / "resource.yml",
            f"kind: {RESOURCE_KINDS[number % len(RESOURCE_KINDS)]}\n"
            f"themes: [{', '.join(sorted(rrng.sample([t[0] for t in THEMES], 2)))}]\n"
            f"origin: {ORIGINS[number % len(ORIGINS)]}\nlicence: CC-BY-SA-4.0\n"
            "attribution: Written by the curriculum team from the sources below.\n"
            f"sources: [{', '.join(sorted(rrng.sample([s[0] for s in SOURCES], 2)))}]\n"
            f"terms: [{', '.join(terms)}]",
        )
        topic = number % len(BG_TOPICS)
        write(
            folder / "resource.bg.md",
            front(title=f"{BG_TOPICS[topic]}: материал {number + 1}", summary=rrng.choice(BG_PROSE))
            + "\n> "
            + rrng.choice(BG_QUOTES)
            + "\n\n"
            + wrap(prose(rrng, BG_PROSE, 300)),
        )
        write(
            folder / "resource.en.md",
            front(title=f"{EN_TOPICS[topic]}: resource {number + 1}", summary=rrng.choice(EN_PROSE))
            + "\n"
            + wrap(prose(rrng, EN_PROSE, 300)),
        )
        if number % 3 == 0:
            write(folder / "resource.rom.md", front(title=f"Resurso {number + 1}", summary=rrng.choice(ROM_PROSE)))

    glossary = ["terms:"]
    for tid, latin, cyrillic, bg, en in TERMS:
        glossary.append(
            f"  - {{id: {tid}, latin: {q(latin)}, cyrillic: {q(cyrillic)}, "
            f"meaning: {{bg: {q(bg)}, en: {q(en)}}}, dialects: [ER], sources: [romlex]}}"
        )
    write(root / "glossary.yml", "\n".join(glossary))
    bibliography = ["sources:"]
    for sid, citation, url in SOURCES:
        bibliography.append(f"  - id: {sid}\n    citation: {q(citation)}" + (f"\n    url: {url}" if url else ""))
    write(root / "bibliography.yml", "\n".join(bibliography))
    lessons = plan.lessons
    events = [
        ("vasilitsa", "01-14", "Василица", "Vasilitsa"),
        ("roma-day", "04-08", "Международен ден на ромите", "International Roma Day"),
        ("herdelezi", "05-06", "Хедерлез", "Herdelezi"),
        ("remembrance", "08-02", "Ден за възпоменание на геноцида над ромите", "Roma Genocide Remembrance Day"),
    ]
    calendar = ["events:"]
    for number, (eid, date, bg, en) in enumerate(events):
        linked = [x.id for x in lessons[number :: len(events)][:3]]
        calendar.append(
            f'  - id: {eid}\n    date: "{date}"\n    name: {{bg: {q(bg)}, en: {q(en)}}}\n'
            f"    description: {{bg: {q(BG_PROSE[number])}, en: {q(EN_PROSE[number])}}}\n"
            f"    lessons: [{', '.join(linked)}]\n    resources: [{plan.resources[number % len(plan.resources)]}]"
        )
    write(root / "calendar.yml", "\n".join(calendar))


def write_docs(project: Path, seed: int) -> None:
    docs = project / "docs"
    rng = random.Random(f"{seed}:docs")
    write(docs / "index.md", front(title="Начало") + "\n# Ромски фолклор\n\n" + wrap(prose(rng, BG_PROSE, 120)))
    write(docs / "index.en.md", front(title="Home") + "\n# Roma folklore\n\n" + wrap(prose(rng, EN_PROSE, 120)))
    write(docs / "index.rom.md", front(title="Khere") + "\n# Romano folklori\n\n" + wrap(prose(rng, ROM_PROSE, 60)))
    write(docs / "about.md", front(title="За сайта") + "\n# За сайта\n\n" + wrap(prose(rng, BG_PROSE, 80)))
    write(docs / "about.en.md", front(title="About") + "\n# About\n\n" + wrap(prose(rng, EN_PROSE, 80)))
    write(docs / "about.rom.md", front(title="Vaš o sajto") + "\n# Vaš o sajto\n\n" + wrap(prose(rng, ROM_PROSE, 40)))
    assets = REPO / "docs" / "assets"
    if assets.is_dir():
        shutil.copytree(assets, docs / "assets", dirs_exist_ok=True)


def write_config(project: Path) -> None:
    """The repository's mkdocs.yml and theme overrides, with `nav_after` naming pages that exist here."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config, count = re.subn(r"nav_after:\s*\[[^\]]*\]", "nav_after: [about.md]", config)
    if count != 1:
        raise SystemExit("mkdocs.yml has no `nav_after: [...]` line to adjust; update write_config().")
    write(project / "mkdocs.yml", config)
    shutil.copytree(REPO / "overrides", project / "overrides", dirs_exist_ok=True)


def generate(out: Path, lessons: int, modules: int | None = None, seed: int = 1, rom_complete: float = 0.2) -> Path:
    """Write the project into `out` (which must not exist or be empty) and return it."""
    if lessons < 1:
        raise ValueError("--lessons must be at least 1")
    modules = modules or max(1, round(lessons / 10))
    modules = min(modules, lessons)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    plan = make_plan(lessons, modules, seed, rom_complete)
    write_curriculum(out / "curriculum", plan)
    write_docs(out, seed)
    write_config(out)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="project folder to create (must not exist or be empty)")
    parser.add_argument("--lessons", type=int, required=True, help="number of lessons")
    parser.add_argument("--modules", type=int, default=None, help="number of modules (default: lessons / 10)")
    parser.add_argument("--seed", type=int, default=1, help="random seed: the same seed writes the same files")
    parser.add_argument(
        "--rom-complete", type=float, default=0.2, help="share of lessons with a full Romani text (default 0.2)"
    )
    args = parser.parse_args(argv)
    try:
        generate(args.out, args.lessons, args.modules, args.seed, args.rom_complete)
    except (ValueError, FileExistsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"Wrote {args.lessons} lessons into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
