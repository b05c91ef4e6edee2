"""The demo group on paper: its units and a deterministic roster of ~300 people.

Nothing here touches the database; ``services.demo_seed`` writes it. The
roster is drawn from a seeded random generator so every run describes the
same people (hire dates of this fiscal year's joiners follow the calendar).
"""

import datetime
import random
from dataclasses import dataclass

from lms.fiscal import fiscal_year_bounds, fiscal_year_of
from lms.organisation.models import JoinedVia, OrgUnit

from .names import person_name

SEED = 20260401
GROUP_CODE = "MDG"
PARENT_CODE = "MSK"
PLANT_CODE = "MSK-HMM"  # the plant demo-manager manages


@dataclass(frozen=True)
class UnitSpec:
    code: str
    parent: str | None
    name: str
    kind: str
    site_kind: str = ""
    is_overseas: bool = False


_G, _C, _S, _D = OrgUnit.Kind.GROUP, OrgUnit.Kind.COMPANY, OrgUnit.Kind.SITE, OrgUnit.Kind.DEPARTMENT
_HO, _BR, _PL = OrgUnit.SiteKind.HEAD_OFFICE, OrgUnit.SiteKind.BRANCH, OrgUnit.SiteKind.PLANT

# Parents come before their children.
UNITS = (
    UnitSpec(GROUP_CODE, None, "Mamori Demo Group", _G),
    UnitSpec(PARENT_CODE, GROUP_CODE, "守り精機株式会社", _C),
    UnitSpec("MSK-HQ", PARENT_CODE, "本社", _S, _HO),
    UnitSpec("MSK-HQ-ADM", "MSK-HQ", "管理部", _D),
    UnitSpec("MSK-HQ-RD", "MSK-HQ", "技術開発部", _D),
    UnitSpec(PLANT_CODE, PARENT_CODE, "浜松工場", _S, _PL),
    UnitSpec("MSK-HMM-MCH", PLANT_CODE, "機械加工課", _D),
    UnitSpec("MSK-HMM-ASM", PLANT_CODE, "組立課", _D),
    UnitSpec("MSK-HMM-QA", PLANT_CODE, "品質保証課", _D),
    UnitSpec("MSK-GIF", PARENT_CODE, "岐阜工場", _S, _PL),
    UnitSpec("MSK-GIF-MCH", "MSK-GIF", "機械加工課", _D),
    UnitSpec("MSK-GIF-DSN", "MSK-GIF", "設計課", _D),
    UnitSpec("MSK-GIF-QA", "MSK-GIF", "品質保証課", _D),
    UnitSpec("MSK-OSA", PARENT_CODE, "大阪支店", _S, _BR),
    UnitSpec("MSK-OSA-SLS", "MSK-OSA", "営業課", _D),
    UnitSpec("MPK", GROUP_CODE, "守りプレス工業株式会社", _C),
    UnitSpec("MPK-TYH", "MPK", "豊橋工場", _S, _PL),
    UnitSpec("MPK-TYH-PRS", "MPK-TYH", "プレス課", _D),
    UnitSpec("MPK-TYH-ASM", "MPK-TYH", "組立課", _D),
    UnitSpec("MVN", GROUP_CODE, "Mamori Vietnam Co., Ltd.", _C, is_overseas=True),
    UnitSpec("MVN-BNH", "MVN", "Bac Ninh Plant", _S, _PL, is_overseas=True),
    UnitSpec("MVN-BNH-MCH", "MVN-BNH", "Machining Section", _D, is_overseas=True),
    UnitSpec("MVN-BNH-ASM", "MVN-BNH", "Assembly Section", _D, is_overseas=True),
)


@dataclass(frozen=True)
class Workplace:
    """Who works in a department: headcount, PC share, foreign workers and their languages."""

    unit: str
    company: str
    headcount: int
    pc_share: float
    foreign_share: float
    languages: tuple[tuple[str, int], ...]  # foreign workers' languages with weights
    office: bool = False


_LINE = (("pt-br", 4), ("vi", 4), ("fil", 3), ("id", 3), ("zh-hans", 2))
WORKPLACES = (
    Workplace("MSK-HQ-ADM", PARENT_CODE, 17, 1.0, 0.06, (("en", 1), ("zh-hans", 1)), office=True),
    Workplace("MSK-HQ-RD", PARENT_CODE, 22, 1.0, 0.2, (("en", 3), ("zh-hans", 2), ("vi", 1)), office=True),
    Workplace("MSK-HMM-MCH", PARENT_CODE, 31, 0.3, 0.4, _LINE),
    Workplace("MSK-HMM-ASM", PARENT_CODE, 35, 0.25, 0.45, _LINE),
    Workplace("MSK-HMM-QA", PARENT_CODE, 16, 0.8, 0.15, (("pt-br", 1), ("zh-hans", 1))),
    Workplace("MSK-GIF-MCH", PARENT_CODE, 28, 0.3, 0.35, _LINE),
    Workplace("MSK-GIF-DSN", PARENT_CODE, 14, 1.0, 0.1, (("en", 1), ("zh-hans", 1)), office=True),
    Workplace("MSK-GIF-QA", PARENT_CODE, 12, 0.8, 0.15, (("fil", 1), ("vi", 1))),
    Workplace("MSK-OSA-SLS", PARENT_CODE, 13, 1.0, 0.0, (), office=True),
    Workplace("MPK-TYH-PRS", "MPK", 26, 0.2, 0.45, (("pt-br", 3), ("id", 3), ("vi", 2), ("fil", 2))),
    Workplace("MPK-TYH-ASM", "MPK", 24, 0.3, 0.4, (("pt-br", 3), ("fil", 2), ("id", 2), ("vi", 2))),
    # Overseas: local staff are the "foreigners" to the Japanese programme; a few expatriates read Japanese.
    Workplace("MVN-BNH-MCH", "MVN", 29, 0.25, 0.9, (("vi", 1),)),
    Workplace("MVN-BNH-ASM", "MVN", 28, 0.2, 0.9, (("vi", 1),)),
)

NUMBER_BASE = {PARENT_CODE: 10001, "MPK": 20001, "MVN": 30001}

# Category codes with weights, and how people of each category joined.
_CATEGORIES = (
    ("regular", 46),
    ("part_timer", 14),
    ("agency", 11),
    ("mid_career", 9),
    ("executive", 5),
    ("irregular_part_timer", 6),
    ("new_graduate", 5),
    ("key_person", 2),
)
_JOINED_VIA = {
    "new_graduate": JoinedVia.REGULAR_INTAKE,
    "mid_career": JoinedVia.MID_CAREER,
    "agency": JoinedVia.AGENCY,
    "irregular_part_timer": JoinedVia.IRREGULAR,
    "part_timer": JoinedVia.IRREGULAR,
}
# Share of mid-career, irregular and agency joiners hired during this fiscal year (→ HR hand-out).
NEW_JOINER_SHARE = 0.15
LEAVER_SHARE = 0.025


@dataclass(frozen=True)
class PersonSpec:
    company: str
    unit: str
    number: str
    full_name: str
    name_reading: str
    category: str
    preferred_language: str
    reads_japanese: bool
    has_pc: bool
    is_key_person: bool
    joined_via: str
    hire_date: datetime.date
    leaving_date: datetime.date | None = None
    login: str = ""


def _weighted(rng: random.Random, choices) -> str:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def _hire_date(rng: random.Random, *, category: str, joined_via: str, today: datetime.date) -> datetime.date:
    fy_start, _end = fiscal_year_bounds(fiscal_year_of(today))
    if category == "new_graduate":
        return fy_start
    if joined_via != JoinedVia.REGULAR_INTAKE and rng.random() < NEW_JOINER_SHARE:
        return fy_start + datetime.timedelta(days=rng.randint(0, (today - fy_start).days))
    if joined_via == JoinedVia.REGULAR_INTAKE:
        return datetime.date(rng.randint(1992, fy_start.year - 1), fy_start.month, 1)
    return fy_start - datetime.timedelta(days=rng.randint(60, 365 * 15))


def _person(rng: random.Random, place: Workplace, number: str, *, key_person: bool, today) -> PersonSpec:
    foreign = rng.random() < place.foreign_share
    language = _weighted(rng, place.languages) if foreign and place.languages else "ja"
    full_name, reading = person_name(rng, language)
    if language == "ja":
        reads_japanese = True
    elif place.office:
        reads_japanese = rng.random() < 0.8
    else:
        reads_japanese = rng.random() < (0.15 if place.company == "MVN" else 0.55)
    category = _weighted(rng, _CATEGORIES)
    if place.office and category in ("agency", "part_timer", "irregular_part_timer") and rng.random() < 0.5:
        category = "regular"
    joined_via = _JOINED_VIA.get(category) or (
        JoinedVia.MID_CAREER if rng.random() < 0.25 else JoinedVia.REGULAR_INTAKE
    )
    hire_date = _hire_date(rng, category=category, joined_via=joined_via, today=today)
    has_pc = category == "executive" or rng.random() < place.pc_share
    leaving_date = None
    if hire_date < today - datetime.timedelta(days=400) and rng.random() < LEAVER_SHARE:
        leaving_date = today - datetime.timedelta(days=rng.randint(7, 200))
    return PersonSpec(
        company=place.company,
        unit=place.unit,
        number=number,
        full_name=full_name,
        name_reading=reading,
        category=category,
        preferred_language=language,
        reads_japanese=reads_japanese,
        has_pc=has_pc,
        is_key_person=key_person,
        joined_via=joined_via,
        hire_date=hire_date,
        leaving_date=leaving_date,
    )


def demo_people(*, today: datetime.date) -> list[PersonSpec]:
    """Everyone of the demo group except the demo logins' own employees (see ``DEMO_PEOPLE``)."""
    rng = random.Random(SEED)
    next_number = dict(NUMBER_BASE)
    people = []
    for place in WORKPLACES:
        for index in range(place.headcount):
            number = str(next_number[place.company])
            next_number[place.company] += 1
            # One activity promotion key person per department, besides the key-person category.
            people.append(_person(rng, place, number, key_person=index == 3, today=today))
    return people


# The demo logins' employees: fixed, so the demo behaves the same every time.
# All have a PC and read Japanese, so the seeded rules give the learners e-learning.
def _demo_person(login, unit, number, name, reading, category, language, joined_via, hire_date, *, key=False):
    return PersonSpec(
        company=PARENT_CODE,
        unit=unit,
        number=number,
        full_name=name,
        name_reading=reading,
        category=category,
        preferred_language=language,
        reads_japanese=True,
        has_pc=True,
        is_key_person=key,
        joined_via=joined_via,
        hire_date=hire_date,
        login=login,
    )


_R, _M, _A = JoinedVia.REGULAR_INTAKE, JoinedVia.MID_CAREER, JoinedVia.AGENCY
DEMO_PEOPLE = (
    _demo_person(
        "demo-learner",
        "MSK-HMM-QA",
        "18001",
        "山本 悠斗",
        "ヤマモト ユウト",
        "regular",
        "ja",
        _R,
        datetime.date(2012, 4, 1),
    ),
    _demo_person(
        "demo-learner-vi",
        "MSK-HMM-ASM",
        "18002",
        "Trần Thị Mai",
        "チャン ティ マイ",
        "regular",
        "vi",
        _M,
        datetime.date(2019, 10, 1),
    ),
    _demo_person(
        "demo-learner-pt",
        "MSK-HMM-MCH",
        "18003",
        "Rafael Nakamura Silva",
        "ハファエル ナカムラ シルバ",
        "agency",
        "pt-br",
        _A,
        datetime.date(2021, 6, 14),
    ),
    _demo_person(
        "demo-manager",
        PLANT_CODE,
        "18004",
        "鈴木 浩二",
        "スズキ コウジ",
        "executive",
        "ja",
        _R,
        datetime.date(1996, 4, 1),
    ),
    _demo_person(
        "demo-hr", "MSK-HQ-ADM", "18005", "佐藤 恵", "サトウ メグミ", "regular", "ja", _R, datetime.date(2008, 4, 1)
    ),
    _demo_person(
        "demo-trainer",
        "MSK-HQ-ADM",
        "18006",
        "高橋 直樹",
        "タカハシ ナオキ",
        "regular",
        "ja",
        _R,
        datetime.date(2005, 4, 1),
        key=True,
    ),
)
