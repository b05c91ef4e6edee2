"""The seeded delivery rules reproduce every row of the source's table 4."""

import datetime

import pytest

from lms.organisation.models import JoinedVia
from lms.training.models import TrainingMethod
from lms.training.services import delivery_method_decide, delivery_rules_load
from tests.factories import EmployeeFactory, category

FY = 2026
LONG_AGO = datetime.date(2015, 4, 1)
THIS_YEAR = datetime.date(2026, 9, 1)


def decide(employee):
    return delivery_method_decide(employee=employee, rules=delivery_rules_load(), fiscal_year=FY)


@pytest.mark.parametrize(
    ("category_code", "attrs", "expected"),
    [
        # 事務局が講義: 活動推進キーマン, 定期採用新入社員
        ("key_person", {}, TrainingMethod.CLASSROOM),
        ("regular", {"is_key_person": True}, TrainingMethod.CLASSROOM),
        ("new_graduate", {"hire_date": datetime.date(2026, 4, 1)}, TrainingMethod.CLASSROOM),
        # eラーニング【PC環境あり】: 幹部, 一般, パート, 派遣
        ("executive", {"has_pc": True}, TrainingMethod.ELEARNING),
        ("regular", {"has_pc": True}, TrainingMethod.ELEARNING),
        ("part_timer", {"has_pc": True}, TrainingMethod.ELEARNING),
        ("agency", {"has_pc": True, "joined_via": JoinedVia.AGENCY}, TrainingMethod.ELEARNING),
        # 紙資料（抜粋版）配付【PC環境なし】: 一般, パート, 派遣
        ("regular", {"has_pc": False}, TrainingMethod.PRINTED_EXCERPT),
        ("part_timer", {"has_pc": False}, TrainingMethod.PRINTED_EXCERPT),
        ("agency", {"has_pc": False, "joined_via": JoinedVia.AGENCY}, TrainingMethod.PRINTED_EXCERPT),
        # 契約時誓約書の読み合わせ: 日本語が理解できない外国人従業員
        ("regular", {"reads_japanese": False}, TrainingMethod.READ_ALOUD),
        ("part_timer", {"reads_japanese": False, "has_pc": False}, TrainingMethod.READ_ALOUD),
        # 各工場人事部門から資料配付: 中途採用, 不定期採用パート, 派遣 (joined this fiscal year)
        ("mid_career", {"joined_via": JoinedVia.MID_CAREER, "hire_date": THIS_YEAR}, TrainingMethod.HR_HANDOUT),
        (
            "irregular_part_timer",
            {"joined_via": JoinedVia.IRREGULAR, "hire_date": THIS_YEAR, "has_pc": False},
            TrainingMethod.HR_HANDOUT,
        ),
        ("agency", {"joined_via": JoinedVia.AGENCY, "hire_date": THIS_YEAR}, TrainingMethod.HR_HANDOUT),
        # A mid-career hire of an earlier year follows the PC split like everyone else.
        ("mid_career", {"joined_via": JoinedVia.MID_CAREER, "hire_date": LONG_AGO}, TrainingMethod.ELEARNING),
    ],
)
def test_table_4(units, category_code, attrs, expected):
    employee = EmployeeFactory(unit=units["plant_a"], category=category(category_code), **attrs)
    decision = decide(employee)
    assert decision.method == expected
    assert decision.rule is not None and decision.rule_name


def test_first_matching_rule_wins(units):
    # A key person who cannot read Japanese goes to the read-aloud session first.
    employee = EmployeeFactory(unit=units["plant_a"], category=category("key_person"), reads_japanese=False)
    assert decide(employee).method == TrainingMethod.READ_ALOUD


def test_no_matching_rule_falls_back_to_hr(units):
    employee = EmployeeFactory(unit=units["plant_a"])
    decision = delivery_method_decide(employee=employee, rules=[], fiscal_year=FY)
    assert decision.method == TrainingMethod.HR_HANDOUT
    assert decision.rule is None
