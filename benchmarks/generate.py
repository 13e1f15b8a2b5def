#!/usr/bin/env python3
"""Generate a large, valid, deterministic advoc registry for benchmarks.

    python benchmarks/generate.py OUT_DIR [--advocates N] [--decisions M] [--seed S]
                                          [--groups G] [--campaigns C] [--broken K] [--force]

The registry follows docs of registry format 1 (advoc.yaml, registry/, rules/).
Every file is written by hand-made templates (no YAML dumper), so it looks like
what people write: a comment at the top, flow lists, block scalars, names in
several scripts, quoted and unquoted dates, timestamps with Z and with offsets.

What is valid, by construction:
- every reference resolves (groups, roles, processes, decisions, campaigns, rules);
- every role assignment is backed by an adopted role-grant decision under the
  role's grant process, naming that advocate and that role, closed (UTC date)
  before the assignment starts, meeting quorum, threshold and duration;
  end - start is at most the role's term (730 days);
- ended_by points at an adopted role-removal decision naming advocate and role;
- adopted decisions meet their process's quorum, threshold, min/max duration;
  rejected and no-consensus ones fail the threshold; tallies agree with
  participant lists; votes fall inside opened..closed;
- adopted decisions under the urgent process are ratified in time;
- media contacts and campaign advocates hold an active public-facing role
  (spokesperson);
- so `advoc validate --as-of D` finds nothing (not even a warning) for any D
  from 2026-07-01 to 2027-05-20: no role expires, no ratification or mandate
  is pending in that window (closed decisions all close before 2026-11-01);
- no phone numbers, no e-mail addresses, no invisible characters.

The output is byte-identical for the same arguments (a seeded random.Random,
no set iteration, no dependence on the clock or the locale).

--broken K then makes K advocate/decision files invalid, in rotation: a missing
required field, an unknown field, a dangling reference, a repeated key, a bad
value (pattern/enum) and an id that differs from the file name.

Only the standard library is needed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
import unicodedata
from datetime import date, datetime, timedelta, timezone

# The one function that names a vote's file: advoc's own, so that the files agree.
from advoc.model.votes import voter_key

UTC = timezone.utc

# --------------------------------------------------------------------------
# YAML scalar helpers
# --------------------------------------------------------------------------

_SPECIAL = {
    "y",
    "n",
    "yes",
    "no",
    "true",
    "false",
    "on",
    "off",
    "null",
    "nan",
    "inf",
}
_PLAIN_EXTRA = set(" .()'-_")


def s(value: str) -> str:
    """A YAML scalar for a string: plain when unambiguous in block and flow
    context under YAML 1.1 and 1.2, else double-quoted (JSON escapes are valid
    YAML)."""
    if (
        value
        and value[0].isalpha()
        and value[-1] != " "
        and value.lower() not in _SPECIAL
        and all(
            c.isalnum() or c in _PLAIN_EXTRA or unicodedata.category(c)[0] == "M" for c in value
        )
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def jq(value: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def flow(items) -> str:
    return "[" + ", ".join(s(i) for i in items) + "]"


def dstr(d: date, quote: bool) -> str:
    t = d.isoformat()
    return f'"{t}"' if quote else t


_OFFSETS = [
    timedelta(hours=1),
    timedelta(hours=2),
    timedelta(hours=3),
    timedelta(hours=-3),
    timedelta(hours=-5),
    timedelta(hours=5, minutes=30),
    timedelta(hours=9),
    timedelta(hours=-8),
    timedelta(hours=8),
    timedelta(hours=5, minutes=45),
]


def ts(rng: random.Random, dt: datetime) -> str:
    """Render an aware datetime as a timestamp: Z or an offset, sometimes quoted.
    A value at exactly 00:00 UTC is sometimes written as a bare date."""
    r = rng.random()
    if dt.hour == 0 and dt.minute == 0 and dt.second == 0 and r < 0.5:
        return dt.date().isoformat()
    if r < 0.55:
        text = dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    else:
        off = _OFFSETS[rng.randrange(len(_OFFSETS))]
        text = dt.astimezone(timezone(off)).isoformat()
    return f'"{text}"' if rng.random() < 0.3 else text


def wrap(text: str, indent: int, width: int = 78) -> list[str]:
    """Word-wrap text for a block scalar, each line indented."""
    pad = " " * indent
    lines: list[str] = []
    cur = ""
    for word in text.split():
        if cur and len(pad) + len(cur) + 1 + len(word) > width:
            lines.append(pad + cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    if cur:
        lines.append(pad + cur)
    return lines


def text_field(key: str, value, indent: int = 0) -> list[str]:
    """A text field: a plain string or a {language: string} map, one line each."""
    pad = " " * indent
    if isinstance(value, str):
        return [f"{pad}{key}: {s(value)}"]
    out = [f"{pad}{key}:"]
    for lang, v in value.items():
        out.append(f"{pad}  {lang}: {s(v)}")
    return out


# --------------------------------------------------------------------------
# Source data
# --------------------------------------------------------------------------

# name pools per script: (given names, family names), each as (native, romanized),
# plus the languages, countries, regions and home wikis that go with them.
CULTURES = [
    dict(
        key="de",
        script="latin",
        given=[
            ("Jürgen", "Juergen"),
            ("Käthe", "Kaethe"),
            ("Zoë", "Zoe"),
            ("Sören", "Soeren"),
            ("Lena", "Lena"),
            ("Maximilian", "Maximilian"),
            ("Anneliese", "Anneliese"),
        ],
        family=[
            ("Müller", "Mueller"),
            ("Schröder", "Schroeder"),
            ("Weiß", "Weiss"),
            ("Köhler", "Koehler"),
            ("Bauer", "Bauer"),
            ("Groß", "Gross"),
        ],
        languages=["de", "en", "fr", "bar"],
        countries=["DE", "AT", "CH", "LU"],
        regions=["nwe"],
        projects=["dewiki", "commonswiki", "dewiktionary", "wikidatawiki"],
        name_lang="de",
    ),
    dict(
        key="nb",
        script="latin",
        given=[
            ("Søren", "Soren"),
            ("Åse", "Ase"),
            ("Bjørn", "Bjorn"),
            ("Ingrid", "Ingrid"),
            ("Øystein", "Oystein"),
            ("Sigrún", "Sigrun"),
            ("Kåre", "Kare"),
        ],
        family=[
            ("Ødegård", "Odegard"),
            ("Kierkegård", "Kierkegard"),
            ("Sæther", "Saether"),
            ("Haugen", "Haugen"),
            ("Guðmundsdóttir", "Gudmundsdottir"),
            ("Berg", "Berg"),
        ],
        languages=["nb", "nn", "en", "se", "da", "is"],
        countries=["NO", "NO", "DK", "IS", "SE"],
        regions=["nwe"],
        projects=["nowiki", "nnwiki", "commonswiki", "metawiki"],
        name_lang="nb",
    ),
    dict(
        key="es",
        script="latin",
        given=[
            ("José", "Jose"),
            ("María", "Maria"),
            ("Ángela", "Angela"),
            ("Iñaki", "Inaki"),
            ("Lucía", "Lucia"),
            ("Sebastián", "Sebastian"),
            ("Inés", "Ines"),
        ],
        family=[
            ("García", "Garcia"),
            ("Muñoz", "Munoz"),
            ("Peña", "Pena"),
            ("Hernández", "Hernandez"),
            ("Ibáñez", "Ibanez"),
            ("Rodríguez", "Rodriguez"),
        ],
        languages=["es", "ca", "eu", "gl", "en", "qu"],
        countries=["ES", "MX", "AR", "CO", "CL", "PE"],
        regions=["lac", "nwe"],
        projects=["eswiki", "cawiki", "eswikisource", "commonswiki"],
        name_lang="es",
    ),
    dict(
        key="pt",
        script="latin",
        given=[
            ("João", "Joao"),
            ("Conceição", "Conceicao"),
            ("Thaís", "Thais"),
            ("Gonçalo", "Goncalo"),
            ("Beatriz", "Beatriz"),
            ("Vitória", "Vitoria"),
        ],
        family=[
            ("Gonçalves", "Goncalves"),
            ("Araújo", "Araujo"),
            ("Simões", "Simoes"),
            ("Magalhães", "Magalhaes"),
            ("Souza", "Souza"),
        ],
        languages=["pt", "pt-br", "en", "es"],
        countries=["BR", "PT", "AO", "MZ"],
        regions=["lac", "nwe", "ssa"],
        projects=["ptwiki", "ptwikisource", "commonswiki", "wikidatawiki"],
        name_lang="pt",
    ),
    dict(
        key="pl",
        script="latin",
        given=[
            ("Łukasz", "Lukasz"),
            ("Małgorzata", "Malgorzata"),
            ("Józef", "Jozef"),
            ("Zofia", "Zofia"),
            ("Jiří", "Jiri"),
            ("Đorđe", "Djordje"),
            ("Ivana", "Ivana"),
        ],
        family=[
            ("Wiśniewski", "Wisniewski"),
            ("Żółkiewska", "Zolkiewska"),
            ("Dvořák", "Dvorak"),
            ("Petrović", "Petrovic"),
            ("Kowalczyk", "Kowalczyk"),
            ("Horváth", "Horvath"),
        ],
        languages=["pl", "cs", "sr-el", "hr", "hu", "en"],
        countries=["PL", "CZ", "RS", "HR", "HU", "SK"],
        regions=["ceeca"],
        projects=["plwiki", "cswiki", "srwiki", "huwiki", "commonswiki"],
        name_lang="pl",
    ),
    dict(
        key="tr",
        script="latin",
        given=[
            ("Çağla", "Cagla"),
            ("Şükrü", "Sukru"),
            ("Gülşen", "Gulsen"),
            ("Ilgın", "Ilgin"),  # noqa: RUF001
            ("Emre", "Emre"),
        ],
        family=[
            ("Yılmaz", "Yilmaz"),  # noqa: RUF001
            ("Öztürk", "Ozturk"),
            ("Çelik", "Celik"),
            ("Şahin", "Sahin"),
            ("Doğan", "Dogan"),
        ],
        languages=["tr", "ku", "az", "en"],
        countries=["TR", "AZ", "CY"],
        regions=["ceeca", "mena"],
        projects=["trwiki", "azwiki", "commonswiki"],
        name_lang="tr",
    ),
    dict(
        key="fr",
        script="latin",
        given=[
            ("François", "Francois"),
            ("Hélène", "Helene"),
            ("Aïssatou", "Aissatou"),
            ("Gaëlle", "Gaelle"),
            ("Noël", "Noel"),
            ("Chloé", "Chloe"),
        ],
        family=[
            ("Lefèvre", "Lefevre"),
            ("Diallo", "Diallo"),
            ("Mbappé", "Mbappe"),
            ("Bérénger", "Berenger"),
            ("Côté", "Cote"),
            ("Ndiaye", "Ndiaye"),
        ],
        languages=["fr", "wo", "ln", "en", "br"],
        countries=["FR", "SN", "CD", "CA", "BE", "CI"],
        regions=["nwe", "ssa", "na"],
        projects=["frwiki", "frwiktionary", "frwikisource", "commonswiki"],
        name_lang="fr",
    ),
    dict(
        key="ng",
        script="latin",
        given=[
            ("Ngozi", "Ngozi"),
            ("Adébáyọ̀", "Adebayo"),
            ("Chiamaka", "Chiamaka"),
            ("Wanjiru", "Wanjiru"),
            ("Kwame", "Kwame"),
            ("Amani", "Amani"),
            ("Tendai", "Tendai"),
        ],
        family=[
            ("Okonjo", "Okonjo"),
            ("Ọlátúnjí", "Olatunji"),
            ("Mensah", "Mensah"),
            ("Otieno", "Otieno"),
            ("Mwangi", "Mwangi"),
            ("Moyo", "Moyo"),
        ],
        languages=["en", "yo", "ig", "ha", "sw", "tw", "zu"],
        countries=["NG", "GH", "KE", "TZ", "ZA", "ZW", "UG"],
        regions=["ssa"],
        projects=["enwiki", "yowiki", "igwiki", "swwiki", "twwiki", "commonswiki"],
        name_lang="en",
    ),
    dict(
        key="ru",
        script="cyrillic",
        given=[
            ("Иван", "Ivan"),
            ("Ольга", "Olga"),
            ("Дмитрий", "Dmitry"),
            ("Наталья", "Natalya"),
            ("Олександр", "Oleksandr"),
            ("Ганна", "Hanna"),
            ("Богдан", "Bohdan"),
        ],
        family=[
            ("Петров", "Petrov"),
            ("Смирнова", "Smirnova"),
            ("Шевченко", "Shevchenko"),
            ("Коваленко", "Kovalenko"),
            ("Иванова", "Ivanova"),
            ("Лукашевич", "Lukashevich"),
        ],
        languages=["ru", "uk", "be", "kk", "sr", "bg", "en"],
        countries=["UA", "BY", "KZ", "RS", "BG", "AM", "GE"],
        regions=["ceeca"],
        projects=["ruwiki", "ukwiki", "bewiki", "kkwiki", "ruwikisource", "commonswiki"],
        name_lang="ru",
    ),
    dict(
        key="el",
        script="greek",
        given=[
            ("Νίκος", "Nikos"),
            ("Ελένη", "Eleni"),
            ("Γιώργος", "Giorgos"),
            ("Μαρία", "Maria"),
            ("Δημήτρης", "Dimitris"),
        ],
        family=[
            ("Παπαδόπουλος", "Papadopoulos"),
            ("Οικονόμου", "Oikonomou"),
            ("Γεωργίου", "Georgiou"),
            ("Καραγιάννη", "Karagianni"),
        ],
        languages=["el", "en", "grc"],
        countries=["GR", "CY"],
        regions=["ceeca"],
        projects=["elwiki", "elwiktionary", "commonswiki"],
        name_lang="el",
    ),
    dict(
        key="ar",
        script="arabic",
        given=[
            ("ليلى", "Layla"),
            ("يوسف", "Youssef"),
            ("فاطمة", "Fatima"),
            ("عمر", "Omar"),
            ("نور", "Nour"),
            ("سلمى", "Salma"),
        ],
        family=[
            ("حداد", "Haddad"),
            ("المصري", "Elmasry"),
            ("بن علي", "Benali"),
            ("خوري", "Khoury"),
            ("العلوي", "Alaoui"),
        ],
        languages=["ar", "arz", "ary", "fr", "en", "fa"],
        countries=["EG", "MA", "TN", "JO", "LB", "DZ", "IQ"],
        regions=["mena"],
        projects=["arwiki", "arzwiki", "arywiki", "arwikisource", "commonswiki"],
        name_lang="ar",
    ),
    dict(
        key="hi",
        script="devanagari",
        given=[
            ("अनीता", "Anita"),
            ("राजेश", "Rajesh"),
            ("प्रिया", "Priya"),
            ("विकास", "Vikas"),
            ("सुनीता", "Sunita"),
            ("अर्जुन", "Arjun"),
        ],
        family=[
            ("शर्मा", "Sharma"),
            ("वर्मा", "Verma"),
            ("पाण्डेय", "Pandey"),
            ("श्रेष्ठ", "Shrestha"),
            ("जोशी", "Joshi"),
        ],
        languages=["hi", "mr", "ne", "sa", "en", "bn"],
        countries=["IN", "NP", "BD"],
        regions=["sa"],
        projects=["hiwiki", "mrwiki", "newiki", "hiwikisource", "commonswiki"],
        name_lang="hi",
    ),
    dict(
        key="zh",
        script="cjk",
        cjk_order=True,
        given=[
            ("芳", "Fang"),
            ("伟", "Wei"),
            ("秀英", "Xiuying"),
            ("志明", "Zhiming"),
            ("美玲", "Meiling"),
        ],
        family=[("王", "Wang"), ("李", "Li"), ("陈", "Chen"), ("林", "Lin"), ("黄", "Huang")],
        languages=["zh-hans", "zh-hant", "zh-min-nan", "yue", "en"],
        countries=["TW", "HK", "SG", "MY", "MO"],
        regions=["eseap"],
        projects=["zhwiki", "zhwikisource", "zh_yuewiki", "wikidatawiki"],
        name_lang="zh",
    ),
    dict(
        key="ja",
        script="cjk",
        cjk_order=True,
        given=[("花子", "Hanako"), ("健太", "Kenta"), ("さくら", "Sakura"), ("翔", "Sho")],
        family=[("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"), ("渡辺", "Watanabe")],
        languages=["ja", "en"],
        countries=["JP"],
        regions=["eseap"],
        projects=["jawiki", "jawiktionary", "commonswiki"],
        name_lang="ja",
    ),
    dict(
        key="ko",
        script="cjk",
        cjk_order=True,
        given=[("민준", "Minjun"), ("서연", "Seoyeon"), ("지호", "Jiho"), ("하은", "Haeun")],
        family=[("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi")],
        languages=["ko", "en"],
        countries=["KR"],
        regions=["eseap"],
        projects=["kowiki", "kowikisource", "commonswiki"],
        name_lang="ko",
    ),
    dict(
        key="en",
        script="latin",
        given=[
            ("Ada", "Ada"),
            ("Grace", "Grace"),
            ("Siobhán", "Siobhan"),
            ("Eoin", "Eoin"),
            ("Marcus", "Marcus"),
            ("Priyanka", "Priyanka"),
            ("Tāne", "Tane"),
        ],
        family=[
            ("Lovelace", "Lovelace"),
            ("O'Brien", "OBrien"),
            ("Ní Bhriain", "Ni Bhriain"),
            ("Walker", "Walker"),
            ("Ngata", "Ngata"),
            ("Thompson", "Thompson"),
        ],
        languages=["en", "ga", "cy", "mi", "es"],
        countries=["GB", "IE", "US", "CA", "NZ", "AU"],
        regions=["nwe", "na", "eseap"],
        projects=[
            "enwiki",
            "enwikisource",
            "enwiktionary",
            "wikidatawiki",
            "commonswiki",
            "enwikivoyage",
        ],
        name_lang="en",
    ),
]

TOPICS = [
    "copyright",
    "privacy",
    "access",
    "censorship",
    "intermediary-liability",
    "freedom-of-panorama",
    "public-domain",
    "open-data",
    "open-access",
    "education",
    "net-neutrality",
    "data-retention",
    "platform-regulation",
    "ai-training-data",
    "text-and-data-mining",
    "cultural-heritage",
]
TOPIC_WORDS = {t: t.replace("-", " ") for t in TOPICS}

LAWS = [
    (
        "EU",
        "Directive on Copyright in the Digital Single Market",
        "2019/790",
        ["copyright", "intermediary-liability"],
    ),
    ("EU", "Digital Services Act", "2022/2065", ["platform-regulation", "intermediary-liability"]),
    (
        "EU",
        "Artificial Intelligence Act",
        "2024/1689",
        ["ai-training-data", "text-and-data-mining"],
    ),
    ("EU", "Data Act", "2023/2854", ["open-data"]),
    ("NO", "Åndsverkloven", "LOV-2018-06-15-40", ["copyright", "freedom-of-panorama"]),
    ("DE", "Urheberrechtsgesetz", "UrhG", ["copyright", "public-domain"]),
    ("GB", "Online Safety Act", "2023 c. 50", ["censorship", "platform-regulation", "privacy"]),
    ("US", "Kids Online Safety Act", "S.1409", ["privacy", "access"]),
    (
        "IN",
        "Information Technology Rules",
        "G.S.R. 139(E)",
        ["intermediary-liability", "censorship"],
    ),
    (
        "BR",
        "Marco Civil da Internet",
        "Lei 12.965",
        ["net-neutrality", "privacy", "intermediary-liability"],
    ),
    ("ZA", "Copyright Amendment Bill", "B13-2017", ["copyright", "education"]),
    ("KR", "Copyright Act", "Act No. 432", ["copyright"]),
    ("UA", "Law on Media", "2849-IX", ["censorship", "access"]),
    ("JP", "Copyright Act", "Act No. 48 of 1970", ["ai-training-data", "text-and-data-mining"]),
    ("MA", "Loi relative au droit d'auteur", "2-00", ["copyright", "cultural-heritage"]),
]

PROJECT_WIKIS = ["metawiki", "commonswiki", "wikidatawiki", "enwiki", "dewiki", "frwiki", "eswiki"]

CONTACT_SERVERS = ["meta.wikimedia.org", "outreach.wikimedia.org"]

ROLES = [
    # id, name map, description, public_facing
    (
        "advocate",
        {"en": "Advocate", "de": "Fürsprecherin", "fr": "Défenseur"},
        "Represents the community's positions in policy work, under the rules of engagement.",
        False,
    ),
    (
        "spokesperson",
        {"en": "Spokesperson", "de": "Sprecherin", "es": "Portavoz", "ru": "Пресс-секретарь"},
        "Speaks to the press and to public bodies on behalf of the advocacy network.",
        True,
    ),
    (
        "campaign-coordinator",
        {"en": "Campaign coordinator", "pt": "Coordenadora de campanha"},
        "Coordinates one or more campaigns: planning, volunteers and reporting back to the "
        "community.",
        False,
    ),
    (
        "registry-steward",
        {"en": "Registry steward", "nb": "Registerforvalter"},
        "Reviews changes to this registry and keeps its records in order.",
        False,
    ),
]

# process id -> definition; durations in hours for the generator's arithmetic
PROCESSES = {
    "role-grant": dict(
        name={"en": "Role grant", "de": "Rollenvergabe"},
        applies_to=["role-grant"],
        min_h=7 * 24,
        max_h=30 * 24,
        min_s="7d",
        max_s="30d",
        quorum=5,
        threshold="0.66",
        thr=0.66,
        eligibility="Any account with 300 edits on any Wikimedia project.",
        venue="Meta-Wiki, on the decision's discussion page.",
    ),
    "role-removal": dict(
        name={"en": "Role removal"},
        applies_to=["role-removal"],
        min_h=7 * 24,
        max_h=30 * 24,
        min_s="7d",
        max_s="30d",
        quorum=5,
        threshold="0.6",
        thr=0.6,
        eligibility="Any account with 300 edits on any Wikimedia project.",
        venue="Meta-Wiki, on the decision's discussion page.",
    ),
    "confirmation": dict(
        name={"en": "Confirmation", "es": "Confirmación"},
        applies_to=["confirmation"],
        min_h=72,
        max_h=21 * 24,
        min_s="72h",
        max_s="21d",
        quorum=5,
        threshold="0.5",
        thr=0.5,
        eligibility="Registry stewards and the advocate's affiliates.",
        venue="Meta-Wiki.",
    ),
    "community-vote": dict(
        name={"en": "Community vote", "fr": "Vote communautaire", "ar": "تصويت المجتمع"},
        applies_to=["campaign", "statement", "banner", "blackout", "ratification"],
        min_h=7 * 24,
        max_h=30 * 24,
        min_s="7d",
        max_s="30d",
        quorum=10,
        threshold="0.6",
        thr=0.6,
        eligibility="Any account with 300 edits on any Wikimedia project.",
        venue="Meta-Wiki; announced on the village pumps of affected projects.",
    ),
    "urgent-action": dict(
        name={"en": "Urgent action"},
        applies_to=["blackout", "banner", "statement"],
        min_h=24,
        max_h=72,
        min_s="24h",
        max_s="72h",
        quorum=3,
        threshold="0.75",
        thr=0.75,
        urgent=True,
        ratification=("30d", "community-vote", 30 * 24),
        eligibility="Spokespersons and campaign coordinators in office.",
        venue="The advocacy network's coordination channel, minuted on Meta-Wiki.",
    ),
    "rule-change": dict(
        name={"en": "Rule change", "de": "Regeländerung"},
        applies_to=["rule-change"],
        min_h=14 * 24,
        max_h=60 * 24,
        min_s="14d",
        max_s="60d",
        quorum=15,
        threshold="0.75",
        thr=0.75,
        eligibility="Any account with 300 edits on any Wikimedia project.",
        venue="Meta-Wiki, announced on the central notice.",
    ),
}

PRINCIPLES = [
    (
        "mandate-first",
        "Act only with a mandate",
        "Advocates speak for the community only on positions adopted by a decision, and say so "
        "when they give a personal view.",
    ),
    (
        "transparency",
        "Work in the open",
        "Meetings with public bodies are announced before and summarised after, on Meta-Wiki, "
        "within two weeks.",
    ),
    (
        "neutral-content",
        "Keep content neutral",
        "Advocacy never changes encyclopedic content; campaigns use banners and statements, "
        "not articles.",
    ),
    (
        "safety",
        "Protect people at risk",
        "Where naming an advocate could endanger them, their record is kept limited and out of "
        "every export.",
    ),
    (
        "accountability",
        "Answer feedback",
        "Feedback about an advocate or a decision is answered within the period set in the "
        "manifest.",
    ),
]

ENTRY_POINTS = [
    (
        "join-the-network",
        "Join the advocacy network",
        "newcomer",
        "join",
        [
            "Read the rules of engagement under rules/principles.",
            "Introduce yourself on the advocacy talk page.",
            "Ask a registry steward to add your advocate record.",
        ],
        ["role-grant"],
    ),
    (
        "start-a-campaign",
        "Start a campaign",
        "community-member",
        "initiate",
        [
            "Describe the law or policy and what the community should ask for.",
            "Open a community vote with the campaign's plan.",
            "Once adopted, add the campaign record with its decisions.",
        ],
        ["community-vote", "urgent-action"],
    ),
    (
        "give-feedback",
        "Give feedback about an advocate or a decision",
        "community-member",
        "feedback",
        [
            "Write on the feedback page, naming the advocate or the decision.",
            "A registry steward records it and answers within the response period.",
        ],
        ["role-removal"],
    ),
    (
        "press-contact",
        "Contact for journalists",
        "media",
        "contact",
        ["Write to the press channel.", "A spokesperson in office answers."],
        [],
    ),
]

GROUP_TYPES = ["chapter", "user-group", "thematic-org", "hub", "informal"]

# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------

D_HIST_START = date(2018, 3, 1)
D_HIST_END = date(2023, 6, 30)
D_HIST_CAP = date(2025, 6, 30)  # historical assignments end by this
D_CUR_START = date(2025, 9, 1)
D_CUR_END = date(2026, 6, 30)  # current assignments start in this window
D_CAMPAIGN_LO = date(2026, 7, 1)  # current campaigns run inside this window
D_CAMPAIGN_HI = date(2027, 5, 31)
D_OPEN_LO = datetime(2026, 10, 5, tzinfo=UTC)  # open/draft decisions opened after this
D_DECIDED_HI = datetime(2026, 10, 20, tzinfo=UTC)  # closed decisions close before about this
TERM_DAYS = 730


def ascii_slug(text: str) -> str:
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.translate(
        str.maketrans(
            {
                "ø": "o",
                "Ø": "o",
                "ł": "l",
                "Ł": "l",
                "đ": "d",
                "Đ": "d",
                "ß": "ss",
                "æ": "ae",
                "ð": "d",
                "þ": "th",
                "ı": "i",  # noqa: RUF001
            }
        )
    )
    out = []
    prev_dash = False
    for c in t.lower():
        if "a" <= c <= "z" or "0" <= c <= "9":
            out.append(c)
            prev_dash = False
        elif not prev_dash and out:
            out.append("-")
            prev_dash = True
    return "".join(out).strip("-")


def norm_user(u: str) -> str:
    u = u.replace("_", " ").strip()
    return u[:1].upper() + u[1:]


def rand_date(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def midnight(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


class Gen:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.files: dict[str, str] = {}  # relative path -> text
        self.decisions: list[dict] = []
        self.seq = 0

    # ---------------------------------------------------------------- people
    def person(self, culture: dict) -> dict:
        rng = self.rng
        g_nat, g_rom = rng.choice(culture["given"])
        f_nat, f_rom = rng.choice(culture["family"])
        if culture.get("cjk_order"):
            native = f_nat + g_nat if culture["key"] != "ko" else f"{f_nat}{g_nat}"
            roman = f"{f_rom} {g_rom}"
        else:
            native = f"{g_nat} {f_nat}"
            roman = f"{g_rom} {f_rom}"
        return dict(native=native, roman=roman, culture=culture, given=(g_nat, g_rom))

    def username_for(self, p: dict, taken: dict) -> str:
        rng = self.rng
        native, roman = p["native"], p["roman"]
        r = rng.random()
        if r < 0.35:
            base = native
        elif r < 0.55:
            base = roman
        elif r < 0.7:
            base = roman.replace(" ", "_") if rng.random() < 0.5 else roman.replace(" ", "")
        elif r < 0.8:
            base = f"{p['given'][0]} ({p['culture']['countries'][0]})"
        elif r < 0.9:
            base = native.replace(" ", "") + rng.choice(["", "-wiki", " WM"])
        else:
            base = ascii_slug(roman).replace("-", "").capitalize()
        name = base
        n = 1
        while norm_user(name) in taken:
            n += 1
            name = f"{base} {n}" if rng.random() < 0.7 else f"{base}{n}"
        taken[norm_user(name)] = True
        return name

    def make_voters(self, n: int) -> list[str]:
        taken: dict = {}
        out = []
        for _ in range(n):
            c = self.rng.choice(CULTURES)
            out.append(self.username_for(self.person(c), taken))
        return out

    # ---------------------------------------------------------------- decisions
    def new_decision(self, dtype: str, process: str, opened: datetime, **kw) -> dict:
        self.seq += 1
        did = f"{dtype}-{opened.year}-{self.seq:05d}"
        d = dict(id=did, type=dtype, process=process, opened=opened)
        d.update(kw)
        self.decisions.append(d)
        return d

    def votes(self, process: str, outcome: str) -> tuple[int, int, int]:
        """(support, oppose, neutral) for an outcome: 'pass' meets quorum and
        threshold; 'fail' meets quorum and fails the threshold; 'few' is anything
        below quorum; 'partial' is an open vote in progress."""
        rng = self.rng
        p = PROCESSES[process]
        q, thr = p["quorum"], p["thr"]
        while True:
            if outcome == "few":
                n = rng.randint(0, max(0, q - 1))
            elif outcome == "partial":
                n = rng.randint(0, q + 6)
            else:
                n = rng.randint(q, q + rng.choice([4, 4, 4, 8, 20, 40]))
            neutral = rng.randint(0, n // 6)
            rest = n - neutral
            if outcome == "pass":
                oppose = rng.randint(0, int(rest * (1 - thr)))
            elif outcome == "fail":
                oppose = rng.randint(int(rest * (1 - thr)) + 1, rest) if rest else 0
            else:
                oppose = rng.randint(0, rest)
            support = rest - oppose
            ok_thr = (support + oppose) > 0 and support >= thr * (support + oppose) - 1e-12
            # stay clear of the exact boundary by a margin that no float rounding can cross
            margin_ok = (support + oppose) == 0 or abs(support / (support + oppose) - thr) > 1e-6
            if outcome == "pass" and n >= q and ok_thr and margin_ok:
                return support, oppose, neutral
            if outcome == "fail" and n >= q and not ok_thr and margin_ok:
                return support, oppose, neutral
            if outcome in ("few", "partial") and n < q + 7:
                if outcome == "few" and n >= q:
                    continue
                return support, oppose, neutral

    def closed_decision(
        self, dtype, process, status, closed=None, opened=None, outcome=None, dur_h=None, **kw
    ) -> dict:
        """A decision with a closed time; give either closed or opened."""
        rng = self.rng
        p = PROCESSES[process]
        if dur_h is None:
            lo, hi = p["min_h"], p["max_h"]
            if status in ("withdrawn",):
                lo, hi = 1, p["max_h"]
            dur_h = rng.randint(lo, max(lo, hi - 1))
        dur = timedelta(hours=dur_h, minutes=rng.randint(0, 59) if dur_h < p["max_h"] else 0)
        if status in ("adopted", "overturned") and dur > timedelta(hours=p["max_h"]):
            dur = timedelta(hours=p["max_h"])
        if closed is None:
            closed = opened + dur
        if opened is None:
            opened = closed - dur
        if outcome is None:
            outcome = {
                "adopted": "pass",
                "overturned": "pass",
                "rejected": "fail",
                "no-consensus": "fail",
                "withdrawn": "few",
            }[status]
        sup, opp, neu = self.votes(process, outcome)
        return self.new_decision(
            dtype, process, opened, closed=closed, status=status, tally=(sup, opp, neu), **kw
        )

    # ---------------------------------------------------------------- build
    def build(self):
        a = self.args
        self.voters = self.make_voters(max(200, min(4000, a.decisions // 5 + 50)))

        # core rule-change decisions that adopt the rules (2018)
        self.core = []
        subjects = [
            [f"process/{p}" for p in PROCESSES],
            [f"role/{r[0]}" for r in ROLES],
            [f"principle/{p[0]}" for p in PRINCIPLES],
        ]
        titles = [
            {
                "en": "Adopt the decision-making processes",
                "de": "Entscheidungsverfahren beschließen",
            },
            {"en": "Adopt the advocacy roles"},
            {"en": "Adopt the rules of engagement", "fr": "Adopter les règles d'engagement"},
        ]
        for i in range(3):
            opened = datetime(2018, 1, 8 + 7 * i, 9, 0, tzinfo=UTC)
            d = self.closed_decision(
                "rule-change",
                "rule-change",
                "adopted",
                opened=opened,
                dur_h=21 * 24,
                subjects={"rules": subjects[i]},
                title=titles[i],
            )
            self.core.append(d)

        self.build_groups()
        self.build_advocates()
        self.build_grants()
        self.build_campaigns()
        self.build_other_decisions()
        assert len(self.decisions) == a.decisions, (len(self.decisions), a.decisions)

    def build_groups(self):
        self.groups = []
        used = {}
        n = self.args.groups
        fixed = [
            ("wikimedia-foundation", {"en": "Wikimedia Foundation"}, "foundation", ["US"], ["na"]),
            (
                "wikimedia-europe",
                {"en": "Wikimedia Europe", "fr": "Wikimédia Europe"},
                "hub",
                ["EU", "BE"],
                ["nwe", "ceeca"],
            ),
            ("eseap-hub", {"en": "ESEAP Hub"}, "hub", ["PH", "AU"], ["eseap"]),
        ]
        for gid, name, gtype, countries, regions in fixed[:n]:
            self.groups.append(
                dict(
                    id=gid,
                    name=name,
                    type=gtype,
                    countries=countries,
                    regions=regions,
                    culture=None,
                )
            )
            used[gid] = True
        i = 0
        while len(self.groups) < n:
            i += 1
            c = CULTURES[i % len(CULTURES)]
            country = c["countries"][(i // len(CULTURES)) % len(c["countries"])]
            gtype = GROUP_TYPES[(i * 7 + i // 5) % len(GROUP_TYPES)]
            cname = country.lower()
            if gtype == "chapter":
                gid, name = f"wikimedia-{cname}", {"en": f"Wikimedia {country}"}
            elif gtype == "user-group":
                gid = f"{c['key']}-wikimedians-{cname}"
                name = {"en": f"{c['name_lang'].upper()} Wikimedians of {country}"}
            elif gtype == "thematic-org":
                t = TOPICS[i % len(TOPICS)]
                gid, name = (
                    f"{t}-{cname}",
                    {"en": f"{TOPIC_WORDS[t].capitalize()} network {country}"},
                )
            elif gtype == "hub":
                gid, name = (
                    f"hub-{c['regions'][0]}-{cname}",
                    {"en": f"{c['regions'][0].upper()} hub ({country})"},
                )
            else:
                gid, name = f"{c['key']}-advocacy-circle-{i}", {"en": f"Advocacy circle {i}"}
            if gid in used:
                gid = f"{gid}-{i}"
            used[gid] = True
            self.groups.append(
                dict(
                    id=gid,
                    name=name,
                    type=gtype,
                    countries=[country],
                    regions=c["regions"][:1],
                    culture=c["key"],
                )
            )
        self.group_ids = [g["id"] for g in self.groups]
        self.groups_by_culture: dict[str, list[str]] = {}
        for g in self.groups:
            if g["culture"]:
                self.groups_by_culture.setdefault(g["culture"], []).append(g["id"])

    def build_advocates(self):
        a = self.args
        rng = self.rng
        taken: dict = {}
        ids: dict = {}
        self.advocates = []
        role_weights = [
            ("advocate", 55),
            ("spokesperson", 25),
            ("campaign-coordinator", 15),
            ("registry-steward", 5),
        ]
        rnames = [r for r, _ in role_weights]
        rw = [w for _, w in role_weights]
        for i in range(a.advocates):
            c = CULTURES[rng.randrange(len(CULTURES))]
            p = self.person(c)
            base = ascii_slug(p["roman"]) or "advocate"
            aid = f"{base}-{i + 1}"
            ids[aid] = True
            username = self.username_for(p, taken)
            more = min(len(c["languages"]) - 1, rng.randint(0, 2))
            langs = [c["languages"][0], *rng.sample(c["languages"][1:], more)]
            if "en" not in langs and rng.random() < 0.5:
                langs.append("en")
            countries = []
            for x in rng.sample(c["countries"], rng.randint(1, min(2, len(c["countries"])))):
                if x not in countries:
                    countries.append(x)
            if rng.random() < 0.1:
                countries.append("EU")
            adv = dict(
                id=aid,
                username=username,
                person=p,
                culture=c,
                languages=langs,
                countries=countries,
                regions=c["regions"][: rng.randint(1, len(c["regions"]))],
                projects=rng.sample(c["projects"], rng.randint(1, 3)),
                groups=rng.sample(
                    self.groups_by_culture.get(c["key"], []),
                    min(len(self.groups_by_culture.get(c["key"], [])), rng.randint(0, 2)),
                ),
                topics=rng.sample(TOPICS, rng.randint(1, 4)),
                limited=rng.random() < 0.02,
                assignments=[],
            )
            # role assignments
            r = rng.random()
            nroles = 0 if r < 0.1 else (1 if r < 0.6 else 2)
            kinds = []
            if nroles == 1:
                kinds = (
                    [("cur", rng.choices(rnames, rw)[0])]
                    if rng.random() < 0.75
                    else [("hist", rng.choices(rnames, rw)[0])]
                )
            elif nroles == 2:
                r1 = rng.choices(rnames, rw)[0]
                if rng.random() < 0.5:
                    kinds = [("hist", r1), ("cur", rng.choices(rnames, rw)[0])]
                else:
                    r2 = r1
                    while r2 == r1:
                        r2 = rng.choices(rnames, rw)[0]
                    kinds = [("cur", r1), ("cur", r2)]
            for when, role in kinds:
                if when == "hist":
                    start = rand_date(rng, D_HIST_START, D_HIST_END)
                    end = start + timedelta(days=rng.randint(180, TERM_DAYS))
                    if end > D_HIST_CAP:
                        end = D_HIST_CAP
                else:
                    start = rand_date(rng, D_CUR_START, D_CUR_END)
                    end = start + timedelta(days=rng.randint(660, TERM_DAYS))
                scope = {}
                if rng.random() < 0.7:
                    scope["countries"] = rng.sample(countries, 1)
                if rng.random() < 0.5:
                    scope["topics"] = rng.sample(adv["topics"], min(2, len(adv["topics"])))
                if rng.random() < 0.2:
                    scope["projects"] = adv["projects"][:1]
                if adv["groups"] and rng.random() < 0.2:
                    scope["groups"] = adv["groups"][:1]
                asg = dict(
                    role=role,
                    start=start,
                    end=end,
                    scope=scope,
                    when=when,
                    ended=when == "hist" and rng.random() < 0.06,
                )
                adv["assignments"].append(asg)
            self.advocates.append(adv)

        # cap the number of grants so that the decision budget holds:
        # 3 core rule-changes + grants + removals <= 80% of the decisions
        budget = int((a.decisions - 3) * 0.8)
        total = 0
        for adv in self.advocates:
            keep = []
            for asg in adv["assignments"]:
                cost = 2 if asg["ended"] else 1
                if total + cost <= budget:
                    keep.append(asg)
                    total += cost
            adv["assignments"] = keep

        for adv in self.advocates:
            cur_spk = [
                x for x in adv["assignments"] if x["when"] == "cur" and x["role"] == "spokesperson"
            ]
            adv["media_contact"] = bool(cur_spk) and not adv["limited"] and self.rng.random() < 0.5

    def build_grants(self):
        rng = self.rng
        for adv in self.advocates:
            for asg in adv["assignments"]:
                closed = midnight(asg["start"]) - timedelta(
                    days=rng.randint(1, 25), minutes=rng.randint(1, 1439)
                )
                title = {
                    "en": f"Grant the {asg['role'].replace('-', ' ')} role to {adv['username']}"
                }
                if rng.random() < 0.3:
                    title = f"{asg['role'].replace('-', ' ').capitalize()}: {adv['username']}"
                d = self.closed_decision(
                    "role-grant",
                    "role-grant",
                    "adopted",
                    closed=closed,
                    subjects={"advocates": [adv["id"]], "roles": [asg["role"]]},
                    title=title,
                )
                asg["granted_by"] = d["id"]
                if asg["ended"]:
                    s0 = midnight(asg["start"]) + timedelta(days=30)
                    span = (midnight(asg["end"]) - s0).days - 40
                    opened = s0 + timedelta(
                        days=rng.randint(0, max(0, span)), minutes=rng.randint(0, 1439)
                    )
                    r = self.closed_decision(
                        "role-removal",
                        "role-removal",
                        "adopted",
                        opened=opened,
                        subjects={"advocates": [adv["id"]], "roles": [asg["role"]]},
                        title={
                            "en": f"Remove the {asg['role'].replace('-', ' ')} role "
                            f"from {adv['username']}"
                        },
                    )
                    asg["ended_by"] = r["id"]

    def build_campaigns(self):
        rng = self.rng
        n = self.args.campaigns
        self.campaigns = []
        cur_spk = [
            (adv, asg)
            for adv in self.advocates
            if not adv["limited"]
            for asg in adv["assignments"]
            if asg["role"] == "spokesperson" and asg["when"] == "cur"
        ]
        hist_spk = [
            (adv, asg)
            for adv in self.advocates
            if not adv["limited"]
            for asg in adv["assignments"]
            if asg["role"] == "spokesperson" and asg["when"] == "hist" and not asg["ended"]
        ]
        used = {}
        for i in range(n):
            law = LAWS[i % len(LAWS)]
            topic = rng.choice(law[3])
            historical = rng.random() < 0.3
            members = []
            if historical:
                if hist_spk:
                    _adv0, asg0 = rng.choice(hist_spk)
                    lo, hi = asg0["start"], asg0["end"] - timedelta(days=1)
                else:
                    lo, hi = date(2019, 1, 1), date(2024, 12, 31)
                length = rng.randint(20, 150)
                if (hi - lo).days <= length:
                    start, end = lo, hi
                else:
                    start = rand_date(rng, lo, hi - timedelta(days=length))
                    end = start + timedelta(days=length)
                pool = hist_spk
                status = "concluded"
            else:
                length = rng.randint(30, 200)
                start = rand_date(rng, D_CAMPAIGN_LO, D_CAMPAIGN_HI - timedelta(days=length))
                end = start + timedelta(days=length)
                pool = cur_spk
                status = (
                    "planned"
                    if start > date(2026, 11, 1)
                    else ("concluded" if end < date(2026, 11, 1) else "active")
                )
            # members: spokespersons whose assignment covers the whole campaign
            for _ in range(rng.randint(0, 4)):
                if not pool:
                    break
                adv, asg = pool[rng.randrange(len(pool))]
                if asg["start"] <= start and end < asg["end"] and adv["id"] not in members:
                    members.append(adv["id"])
            country = law[0]
            cid = f"{topic}-{country.lower()}-{start.year}"
            if cid in used:
                cid = f"{cid}-{i + 1}"
            used[cid] = True
            self.campaigns.append(
                dict(
                    id=cid,
                    law=law,
                    topic=topic,
                    start=start,
                    end=end,
                    status=status,
                    advocates=members,
                    decisions=[],
                    historical=historical,
                    open_end=(status == "active" and not members and rng.random() < 0.3),
                )
            )

    def build_other_decisions(self):
        a = self.args
        rng = self.rng
        remaining = a.decisions - len(self.decisions)
        cur_asg = [
            (adv, asg)
            for adv in self.advocates
            for asg in adv["assignments"]
            if asg["when"] == "cur"
        ]
        rules = (
            [f"process/{p}" for p in PROCESSES]
            + [f"role/{r[0]}" for r in ROLES]
            + [f"principle/{p[0]}" for p in PRINCIPLES]
        )
        templates = [
            ("campaign", 25),
            ("statement", 12),
            ("banner", 6),
            ("blackout", 3),
            ("urgent-pair", 5),
            ("urgent-single", 1),
            ("confirmation", 10),
            ("rule-change", 4),
            ("overturn-pair", 2),
        ]
        tnames = [t for t, _ in templates]
        tw = [w for _, w in templates]
        statuses = [
            ("adopted", 62),
            ("rejected", 12),
            ("no-consensus", 6),
            ("withdrawn", 6),
            ("open", 7),
            ("draft", 7),
        ]
        snames = [x for x, _ in statuses]
        sw = [w for _, w in statuses]

        def hist_time(hi: date = date(2026, 8, 31)) -> datetime:
            return midnight(rand_date(rng, date(2018, 6, 1), hi)) + timedelta(
                minutes=rng.randint(0, 1439)
            )

        def single(dtype, process, status, **kw):
            if status in ("open", "draft"):
                opened = D_OPEN_LO + timedelta(
                    days=rng.randint(0, 20), minutes=rng.randint(0, 1439)
                )
                if rng.random() < 0.2:
                    opened = opened.replace(hour=0, minute=0)
                outcome = "partial" if status == "open" else None
                tally = self.votes(process, "partial") if outcome else None
                return self.new_decision(dtype, process, opened, status=status, tally=tally, **kw)
            return self.closed_decision(
                dtype, process, status, opened=kw.pop("opened", None) or hist_time(), **kw
            )

        while remaining > 0:
            t = rng.choices(tnames, tw)[0]
            if t in ("urgent-pair", "overturn-pair") and remaining < 2:
                t = "statement"
            status = rng.choices(snames, sw)[0]
            if t == "campaign":
                camp = rng.choice(self.campaigns) if self.campaigns else None
                kw = {}
                if camp:
                    kw["campaign"] = camp["id"]
                    if status not in ("open", "draft"):
                        # decided before the campaign started
                        closed = min(midnight(camp["start"]), D_DECIDED_HI) - timedelta(
                            days=rng.randint(1, 60), minutes=rng.randint(1, 1439)
                        )
                        d = self.closed_decision(
                            "campaign", "community-vote", status, closed=closed, **kw
                        )
                    else:
                        d = single("campaign", "community-vote", status, **kw)
                    camp["decisions"].append(d["id"])
                else:
                    d = single("campaign", "community-vote", status)
                remaining -= 1
            elif t in ("statement", "banner", "blackout"):
                d = single(t, "community-vote", status)
                remaining -= 1
            elif t == "confirmation":
                if cur_asg and status not in ("open", "draft"):
                    adv, asg = rng.choice(cur_asg)
                    opened = min(
                        midnight(asg["start"]) + timedelta(days=rng.randint(60, 200)),
                        D_DECIDED_HI - timedelta(days=30),
                    ) + timedelta(minutes=rng.randint(0, 1439))
                    self.closed_decision(
                        "confirmation",
                        "confirmation",
                        status,
                        opened=opened,
                        subjects={"advocates": [adv["id"]], "roles": [asg["role"]]},
                    )
                else:
                    single("confirmation", "confirmation", status)
                remaining -= 1
            elif t == "rule-change":
                single(
                    "rule-change",
                    "rule-change",
                    status,
                    subjects={"rules": rng.sample(rules, rng.randint(1, 3))},
                )
                remaining -= 1
            elif t == "urgent-single":
                st = rng.choice(["rejected", "withdrawn"])
                self.closed_decision(
                    rng.choice(["statement", "banner", "blackout"]),
                    "urgent-action",
                    st,
                    opened=hist_time(),
                )
                remaining -= 1
            elif t == "urgent-pair":
                dtype = rng.choice(["statement", "banner", "blackout"])
                # ratified by 2026-06-30, so that no as-of date in the valid window awaits it
                u = self.closed_decision(
                    dtype, "urgent-action", "adopted", opened=hist_time(date(2026, 5, 31))
                )
                if dtype in ("banner", "blackout"):
                    start = u["closed"] + timedelta(hours=rng.randint(1, 48))
                    u["action"] = (start, start + timedelta(hours=rng.choice([12, 24, 48, 72])))
                ropened = u["closed"] + timedelta(hours=rng.randint(1, 48))
                r = self.closed_decision(
                    "ratification",
                    "community-vote",
                    "adopted",
                    opened=ropened,
                    dur_h=rng.randint(7 * 24, 20 * 24),
                    ratifies=u["id"],
                )
                u["ratified_by"] = r["id"]
                remaining -= 2
            elif t == "overturn-pair":
                dtype = rng.choice(["statement", "banner", "campaign"])
                x = self.closed_decision(
                    dtype, "community-vote", "overturned", opened=hist_time(date(2026, 3, 31))
                )
                yo = x["closed"] + timedelta(
                    days=rng.randint(10, 120), minutes=rng.randint(0, 1439)
                )
                y = self.closed_decision(
                    dtype, "community-vote", "adopted", opened=yo, supersedes=x["id"]
                )
                x["overturned_by"] = y["id"]
                remaining -= 2

    # ---------------------------------------------------------------- render
    def render_all(self):
        f = self.files
        f["advoc.yaml"] = (
            "# advoc registry manifest (generated for benchmarks; see benchmarks/generate.py)\n"
            "advoc: 2\n"
            "name: Wikimedia advocacy network (benchmark registry)\n"
            "default_language: en\n"
            "feedback_response: 30d\n"
        )
        self.render_rules()
        for g in self.groups:
            f[f"registry/groups/{g['id']}.yaml"] = self.render_group(g)
        for c in self.campaigns:
            f[f"registry/campaigns/{c['id']}.yaml"] = self.render_campaign(c)
        self.adv_paths = []
        for adv in self.advocates:
            p = f"registry/advocates/{adv['id']}.yaml"
            f[p] = self.render_advocate(adv)
            self.adv_paths.append(p)
        crowds = [
            d
            for d in self.decisions
            if d["process"] == "urgent-action" and d["status"] == "adopted" and d.get("tally")
        ][: self.args.crowds]
        crowd = min(2000, len(self.voters))  # a small registry has fewer people
        for d in crowds:  # an urgent decision that draws a crowd: 2,000 votes, same ratio
            sup, opp, neu = d["tally"]
            scale = crowd / (sup + opp + neu)
            sup, opp = round(sup * scale), round(opp * scale)
            d["tally"], d["crowd"] = (sup, opp, crowd - sup - opp), True
        self.dec_paths = []
        for d in self.decisions:
            p = f"registry/decisions/{d['id']}.yaml"
            f[p] = self.render_decision(d)
            self.dec_paths.append(p)

    def render_rules(self):
        f = self.files
        rc_proc, rc_role, rc_prin = (d["id"] for d in self.core)
        for rid, name, desc, public in ROLES:
            lines = [
                f"# Role: {name['en']}.",
                "# Adopted by the community; changes need a rule-change decision.",
                f"id: {rid}",
            ]
            lines += text_field("name", name)
            lines += ["description: >", *wrap(desc, 2)]
            lines += [
                f"public_facing: {'true' if public else 'false'}",
                "term: 730d",
                "grant_process: role-grant",
                "removal_process: role-removal",
                f"adopted_by: {rc_role}",
            ]
            f[f"rules/roles/{rid}.yaml"] = "\n".join(lines) + "\n"
        for pid, p in PROCESSES.items():
            lines = [f"# Process: {p['name']['en']}.", f"id: {pid}"]
            lines += text_field("name", p["name"])
            lines += [
                "description: |",
                f"  Decisions of type {', '.join(p['applies_to'])} are taken this way.",
                f"  A decision stays open at least {p['min_s']} and at most {p['max_s']}.",
            ]
            lines += [
                f"applies_to: {flow(p['applies_to'])}",
                f"min_duration: {p['min_s']}",
                f"max_duration: {p['max_s']}",
                f"quorum: {p['quorum']}",
                f"threshold: {p['threshold']}",
            ]
            if p.get("urgent"):
                within, proc, _ = p["ratification"]
                lines += ["urgent: true", f"ratification: {{within: {within}, process: {proc}}}"]
            lines += [
                f"eligibility: {s(p['eligibility'])}",
                f"venue: {s(p['venue'])}",
                f"adopted_by: {rc_proc}",
            ]
            f[f"rules/processes/{pid}.yaml"] = "\n".join(lines) + "\n"
        for pid, title, text in PRINCIPLES:
            lines = [f"# Principle: {title}.", f"id: {pid}", f"title: {s(title)}", "text: >"]
            lines += [*wrap(text, 2), f"adopted_by: {rc_prin}"]
            f[f"rules/principles/{pid}.yaml"] = "\n".join(lines) + "\n"
        for eid, title, audience, purpose, steps, procs in ENTRY_POINTS:
            lines = [
                f"# Entry point: {title}.",
                f"id: {eid}",
                f"title: {s(title)}",
                f"audience: {audience}",
                f"purpose: {purpose}",
                "steps:",
            ]
            lines += [f"  - {s(x)}" for x in steps]
            lines += ["contacts:", '  - {channel: wiki, target: "Talk:Advocacy network"}']
            if purpose == "contact":
                lines += [
                    '  - {channel: web, target: "https://meta.wikimedia.org/wiki/Advocacy/Press"}'
                ]
            else:
                lines += [
                    '  - {channel: mailing-list, target: "https://lists.wikimedia.org/postorius/lists/advocacy.lists.wikimedia.org/"}'
                ]
            if procs:
                lines += [f"processes: {flow(procs)}"]
            f[f"rules/entry-points/{eid}.yaml"] = "\n".join(lines) + "\n"

    def render_group(self, g) -> str:
        lines = [f"# Group: {g['name']['en']} ({g['type']}).", f"id: {g['id']}"]
        lines += text_field("name", g["name"])
        lines += [
            f"type: {g['type']}",
            f"countries: {flow(g['countries'])}",
            f"regions: {flow(g['regions'])}",
            f"website: https://meta.wikimedia.org/wiki/{g['id'].replace('-', '_').title()}",
            "contact:",
            f"  - {{channel: wiki, target: {jq('Talk:' + g['name']['en'])}}}",
        ]
        if g["type"] in ("chapter", "hub", "foundation"):
            lines.append(f'  - {{channel: irc, target: "irc://irc.libera.chat/{g["id"]}"}}')
        return "\n".join(lines) + "\n"

    def render_campaign(self, c) -> str:
        rng = self.rng
        jur, lname, ident, topics = c["law"]
        title = {"en": f"{lname}: {TOPIC_WORDS[c['topic']]}"}
        if jur == "DE":
            title["de"] = f"{lname}: Kampagne"
        elif jur == "NO":
            title["nb"] = f"{lname}: kampanje"
        lines = [
            f"# Campaign on the {lname} ({jur}).",
            "# Advocates listed here are visible in the campaign's public pages.",
            f"id: {c['id']}",
        ]
        lines += text_field("title", title)
        lines += [f"status: {c['status']}", f"start: {dstr(c['start'], rng.random() < 0.3)}"]
        if not c["open_end"]:
            lines.append(f"end: {dstr(c['end'], rng.random() < 0.3)}")
        countries = [jur] if jur != "EU" else ["EU", "DE", "FR"]
        lines += [
            f"countries: {flow(countries)}",
            f"topics: {flow(sorted(set(topics)))}",
            f"projects: {flow(PROJECT_WIKIS[: rng.randint(1, 4)])}",
            f"law: {{jurisdiction: {s(jur)}, name: {s(lname)}, identifier: {s(ident)}}}",
        ]
        if c["advocates"]:
            lines.append("advocates:")
            lines += [f"  - {x}" for x in c["advocates"]]
        if c["decisions"]:
            lines.append(f"decisions: {flow(c['decisions'])}")
        lines.append("description: >")
        lines += wrap(
            f"The community asks lawmakers to protect {TOPIC_WORDS[c['topic']]} in the {lname}. "
            f"This campaign runs from {c['start'].isoformat()} to {c['end'].isoformat()} "
            "and reports "
            "back on Meta-Wiki after every meeting with public bodies.",
            2,
        )
        return "\n".join(lines) + "\n"

    def render_advocate(self, adv) -> str:
        rng = self.rng
        p = adv["person"]
        c = adv["culture"]
        head = rng.choice(
            [
                f"# Advocate record for {p['native']}.",
                f"# {p['roman']}: advocate record, reviewed by the registry stewards.",
                f"# Record of {p['native']} ({p['roman']}); roles below are backed by decisions.",
            ]
        )
        lines = [
            head,
            "# Edit through a pull request; see rules/roles/ for what each role means.",
            f"id: {adv['id']}",
            f"username: {s(adv['username'])}",
        ]
        if p["native"] != p["roman"]:
            lines += ["name:", f"  {c['name_lang']}: {s(p['native'])}"]
            if c["name_lang"] != "en":
                lines.append(f"  en: {s(p['roman'])}")
        else:
            lines.append(f"name: {s(p['native'])}")
        if adv["limited"]:
            lines.append("visibility: limited")
        elif rng.random() < 0.2:
            lines.append("visibility: public")
        lines += [
            f"languages: {flow(adv['languages'])}",
            f"countries: {flow(adv['countries'])}",
            f"regions: {flow(adv['regions'])}",
            f"home_projects: {flow(adv['projects'])}",
        ]
        if adv["groups"]:
            lines.append(f"groups: {flow(adv['groups'])}")
        lines.append(f"topics: {flow(adv['topics'])}")
        if adv["media_contact"]:
            lines.append("media_contact: true")
        elif not adv["limited"] and rng.random() < 0.2:
            lines.append("media_contact: false")
        lines += [
            "contact:",
            f"  - {{channel: wiki, target: {jq('User talk:' + adv['username'])}}}",
        ]
        if rng.random() < 0.25:
            lines.append(f'  - {{channel: matrix, target: "#advocacy-{c["key"]}:wikimedia.org"}}')
        if adv["assignments"]:
            lines.append("roles:")
            for asg in adv["assignments"]:
                q = rng.random() < 0.2
                lines += [
                    f"  - role: {asg['role']}",
                    f"    start: {dstr(asg['start'], q)}",
                    f"    end: {dstr(asg['end'], q)}",
                    f"    granted_by: {asg['granted_by']}",
                ]
                if asg.get("ended_by"):
                    lines.append(f"    ended_by: {asg['ended_by']}")
                sc = asg["scope"]
                if sc:
                    parts = [f"{k}: {flow(v)}" for k, v in sc.items()]
                    lines.append(f"    scope: {{{', '.join(parts)}}}")
        topics = " and ".join(TOPIC_WORDS[t] for t in adv["topics"][:2])
        lines.append("notes: >")
        lines += wrap(
            f"Active on {', '.join(adv['projects'])} since {2008 + rng.randint(0, 15)}. "
            f"Works mostly on {topics}, with a focus on {', '.join(adv['countries'])}. "
            f"Speaks {', '.join(adv['languages'])}; prefers to be reached on wiki.",
            2,
        )
        return "\n".join(lines) + "\n"

    def render_decision(self, d) -> str:
        rng = self.rng
        dtype = d["type"]
        lines = [
            f"# Decision {d['id']}: {dtype.replace('-', ' ')} under the {d['process']} process.",
            "# Archived from the discussion page; votes as recorded there.",
            f"id: {d['id']}",
        ]
        title = (
            d.get("title")
            or {
                "campaign": {"en": "Support the campaign", "es": "Apoyar la campaña"},
                "statement": {"en": "Issue a public statement", "fr": "Publier une déclaration"},
                "banner": {"en": "Run an information banner"},
                "blackout": {
                    "en": "Black out the projects for a day",
                    "de": "Projekte einen Tag lang abschalten",
                },
                "confirmation": {"en": "Confirm the role after six months"},
                "rule-change": {"en": "Amend the rules", "ru": "Изменить правила"},
                "ratification": {
                    "en": "Ratify the urgent action",
                    "ar": "المصادقة على الإجراء العاجل",
                },
                "role-removal": {"en": "Remove a role"},
                "role-grant": {"en": "Grant a role"},
            }[dtype]
        )
        if d.get("campaign") and "title" not in d:
            title = {"en": f"Support the campaign {d['campaign']}"}
        lines += text_field("title", title)
        lines += [
            f"type: {dtype}",
            f"process: {d['process']}",
            f"status: {d['status']}",
            f"opened: {ts(rng, d['opened'])}",
        ]
        if d.get("closed") is not None:
            lines.append(f"closed: {ts(rng, d['closed'])}")
        voters = self.voters
        picks = rng.sample(voters, 3)
        lines.append(f"proposer: {s(picks[0])}")
        if d.get("closed") is not None and d["status"] != "withdrawn":
            lines.append(f"closers: {flow(picks[1 : 1 + rng.randint(1, 2)])}")
        lines.append(f"discussion: https://meta.wikimedia.org/wiki/Advocacy/Decisions/{d['id']}")
        if dtype in ("campaign", "statement", "banner", "blackout"):
            lines.append(f"projects: {flow(PROJECT_WIKIS[: rng.randint(1, 4)])}")
            if rng.random() < 0.3:
                lines.append(
                    f"groups: {flow(rng.sample(self.group_ids, min(2, len(self.group_ids))))}"
                )
        if d.get("campaign"):
            lines.append(f"campaign: {d['campaign']}")
        subj = d.get("subjects")
        if not subj and dtype in ("role-grant", "role-removal", "confirmation"):
            # a decision on a role names whose role it is
            subj = {
                "advocates": [rng.choice(self.advocates)["id"]],
                "roles": [rng.choice(ROLES)[0]],
            }
        if subj:
            lines.append("subjects:")
            for k, v in subj.items():
                lines.append(f"  {k}: {flow(v)}")
        for k in ("ratifies", "supersedes", "overturned_by"):
            if d.get(k):
                lines.append(f"{k}: {d[k]}")
        if d.get("action"):
            st, en = d["action"]
            lines.append(f"action: {{start: {ts(rng, st)}, end: {ts(rng, en)}}}")
        elif dtype in ("banner", "blackout"):  # the action it proposes: after the vote
            st = (d.get("closed") or d["opened"]) + timedelta(hours=rng.randint(1, 48))
            lines.append(f"action: {{start: {ts(rng, st)}}}")
        tally = d.get("tally")
        if tally is not None:
            sup, opp, neu = tally
            n = sup + opp + neu
            mode = rng.random()
            as_list = d.get("crowd") or (n <= 50 and mode < self.args.vote_files)
            both = as_list and mode < 0.2
            if not as_list or both:
                lines.append(f"tally: {{support: {sup}, oppose: {opp}, neutral: {neu}}}")
            if as_list and n:
                users = rng.sample(voters, n)
                positions = ["support"] * sup + ["oppose"] * opp + ["neutral"] * neu
                rng.shuffle(positions)
                lo = d["opened"]
                hi = d.get("closed") or max(
                    lo + timedelta(days=1), datetime(2026, 10, 31, 12, tzinfo=UTC)
                )
                hi = min(hi, lo + timedelta(hours=PROCESSES[d["process"]]["max_h"]))
                span = int((hi - lo).total_seconds() // 60)
                for u, pos in zip(users, positions, strict=False):
                    # format 2: each vote a file of its own, named after its voter
                    at = lo + timedelta(minutes=rng.randint(1, max(1, span - 1)))
                    entry = f"decision: {d['id']}\nuser: {s(u)}\nposition: {pos}\n"
                    if rng.random() < 0.9:
                        entry += f"date: {ts(rng, at)}\n"
                    self.files[f"registry/votes/{d['id']}/{voter_key(u)}.yaml"] = entry
        # outcome
        if d["status"] in ("draft", "open"):
            out = ["outcome: >", "  Not decided yet."] if rng.random() < 0.3 else []
        else:
            sup, opp, neu = tally or (0, 0, 0)
            txt = {
                "adopted": f"Adopted with {sup} in support, {opp} opposed and {neu} neutral.",
                "overturned": f"Adopted with {sup} in support, later overturned.",
                "rejected": f"Rejected: {sup} in support and {opp} opposed did not reach the "
                "threshold.",
                "no-consensus": f"Closed without consensus ({sup} to {opp}).",
                "withdrawn": "Withdrawn by the proposer before the vote ended.",
            }[d["status"]]
            second = {
                "role-grant": "The role is recorded in the advocate's file.",
                "role-removal": "The assignment ends with this decision.",
                "ratification": "The urgent action stands.",
            }.get(dtype, "Summary posted on Meta-Wiki and on the affected village pumps.")
            closer = "the closers" if d["status"] == "withdrawn" else "the closers named above"
            out = [
                "outcome: |",
                f"  {txt}",
                f"  {second}",
                f"  Closed by {closer} on {d['closed'].astimezone(UTC).date().isoformat()}.",
            ]
        lines += out
        return "\n".join(lines) + "\n"

    # ---------------------------------------------------------------- broken
    def break_files(self, k: int) -> dict:
        rng = random.Random(f"broken-{self.args.seed}")
        # alternate advocate and decision files; each kind of damage hits both
        k = min(k, len(self.adv_paths) + len(self.dec_paths))
        n_adv = min(len(self.adv_paths), (k + 1) // 2)
        n_dec = min(len(self.dec_paths), k - n_adv)
        n_adv = k - n_dec
        advs = rng.sample(self.adv_paths, n_adv)
        decs = rng.sample(self.dec_paths, n_dec)
        chosen = []
        while advs or decs:
            if advs:
                chosen.append(advs.pop(0))
            if decs:
                chosen.append(decs.pop(0))
        kinds = [
            "missing-field",
            "unknown-field",
            "dangling-ref",
            "duplicate-key",
            "bad-value",
            "id-mismatch",
        ]
        counts = {x: 0 for x in kinds}
        for n, path in enumerate(chosen):
            how = kinds[(n // 2) % len(kinds)]
            lines = self.files[path].split("\n")
            is_adv = path.startswith("registry/advocates/")

            def find(prefix, lines=lines):
                for i, line in enumerate(lines):
                    if line.startswith(prefix):
                        return i
                raise KeyError(prefix)

            if how == "missing-field":
                del lines[find("languages:" if is_adv else "type:")]
            elif how == "unknown-field":
                i = find("id:")
                lines.insert(i + 1, "langauges: [en]" if is_adv else "outcom: adopted")
            elif how == "dangling-ref":
                if is_adv:
                    try:
                        lines[find("groups:")] = "groups: [no-such-group]"
                    except KeyError:
                        lines.insert(find("topics:"), "groups: [no-such-group]")
                else:
                    lines[find("process:")] = "process: no-such-process"
            elif how == "duplicate-key":
                if is_adv:
                    i = find("username:")
                    lines.insert(i + 1, "username: Someone Else")
                else:
                    i = find("status:")
                    lines.insert(i + 1, "status: rejected")
            elif how == "bad-value":
                if is_adv:
                    lines[find("countries:")] = "countries: [XX, Norway]"
                else:
                    lines[find("status:")] = "status: approved"
            elif how == "id-mismatch":
                i = find("id:")
                lines[i] = lines[i] + "-renamed"
            self.files[path] = "\n".join(lines)
            counts[how] += 1
        return counts

    # ---------------------------------------------------------------- write
    def write(self, out: str):
        dirs = sorted({os.path.dirname(p) for p in self.files})
        for d in dirs:
            os.makedirs(os.path.join(out, d), exist_ok=True)
        for rel, text in self.files.items():
            with open(os.path.join(out, rel), "wb") as fh:
                fh.write(text.encode("utf-8"))


GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Benchmark",
    "GIT_AUTHOR_EMAIL": "benchmark@example.org",
    "GIT_COMMITTER_NAME": "Benchmark",
    "GIT_COMMITTER_EMAIL": "benchmark@example.org",
}


def commit(folder) -> None:
    """Make `folder` a git repository holding the registry in one commit (a
    registry lives in git), unless it is one already."""
    if os.path.exists(os.path.join(folder, ".git")):
        return
    env = {**os.environ, **GIT_IDENTITY}
    for step in (
        ["init", "--quiet"],
        ["add", "--all"],
        ["commit", "--quiet", "--no-verify", "-m", "generated registry"],
    ):
        subprocess.run(["git", *step], cwd=folder, env=env, check=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description="Generate a valid, deterministic advoc registry for benchmarks."
    )
    ap.add_argument("out_dir", metavar="OUT_DIR")
    ap.add_argument("--advocates", type=int, default=10000, metavar="N")
    ap.add_argument("--decisions", type=int, default=20000, metavar="M")
    ap.add_argument("--seed", type=int, default=1, metavar="S")
    ap.add_argument("--groups", type=int, default=50, metavar="G")
    ap.add_argument("--campaigns", type=int, default=100, metavar="C")
    ap.add_argument(
        "--vote-files",
        type=float,
        default=0.6,
        metavar="P",
        help="the share of decisions with at most 50 votes whose votes are files of their own "
        "(the others: a tally alone)",
    )
    ap.add_argument(
        "--crowds",
        type=int,
        default=2,
        metavar="K",
        help="urgent decisions with 2,000 votes, each a file",
    )
    ap.add_argument(
        "--broken",
        type=int,
        default=0,
        metavar="K",
        help="make K advocate/decision files invalid, in varied ways",
    )
    ap.add_argument(
        "--force",
        action="store_true",
        help="replace advoc.yaml, registry/ and rules/ if OUT_DIR already holds a registry",
    )
    a = ap.parse_args(argv)
    if a.decisions < 3:
        ap.error(
            "--decisions must be at least 3 (the rules are adopted by 3 rule-change decisions)"
        )
    if a.advocates < 0 or a.groups < 0 or a.campaigns < 0 or a.broken < 0:
        ap.error("counts must not be negative")

    out = a.out_dir
    if os.path.exists(out) and os.listdir(out):
        if not a.force:
            ap.error(
                f"{out} is not empty; "
                "pass --force to replace advoc.yaml, registry/ and rules/ in it"
            )
        for sub in ("registry", "rules"):
            shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
        if os.path.exists(os.path.join(out, "advoc.yaml")):
            os.remove(os.path.join(out, "advoc.yaml"))

    t0 = time.perf_counter()
    g = Gen(a)
    g.build()
    g.render_all()
    broken = g.break_files(a.broken) if a.broken else {}
    g.write(out)
    dt = time.perf_counter() - t0
    nasg = sum(len(x["assignments"]) for x in g.advocates)
    extra = ""
    if broken:
        extra = " broken " + ", ".join(f"{k}={v}" for k, v in broken.items() if v) + ";"
    print(
        f"wrote {len(g.files)} files to {out}: "
        f"{len(g.advocates)} advocates ({nasg} role assignments), "
        f"{len(g.decisions)} decisions "
        f"({sum(path.startswith('registry/votes/') for path in g.files)} votes in files), "
        f"{len(g.groups)} groups, {len(g.campaigns)} campaigns, "
        f"{len(ROLES) + len(PROCESSES) + len(PRINCIPLES) + len(ENTRY_POINTS)} rules;{extra} "
        f"seed {a.seed}; {dt:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
