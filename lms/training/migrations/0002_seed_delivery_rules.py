"""Seed delivery rules that reproduce the programme's training table (表4).

First match wins. Reading the pledge aloud comes first because a worker who
cannot read Japanese cannot use any Japanese material; key persons and new
graduates attend the secretariat's lecture; people joining mid-year outside
the regular intake get HR's hand-out; the rest split on having a PC.
"""

from django.db import migrations

RULES = [
    ("日本語が理解できない → 読み合わせ / Does not read Japanese → read-aloud", "read_aloud",
     {"reads_japanese": "no"}, []),
    ("活動推進キーマン（区分） → 事務局の講義 / Key person (category) → classroom", "classroom", {}, ["key_person"]),
    ("活動推進キーマン（兼任） → 事務局の講義 / Key person (also) → classroom", "classroom",
     {"key_person": "yes"}, []),
    ("定期採用新入社員 → 事務局の講義 / New graduate → classroom", "classroom", {}, ["new_graduate"]),
    ("年度途中の中途・不定期・派遣の入社 → 各工場人事から資料配付 / Joined mid-year outside the regular intake → HR hand-out",
     "hr_handout", {"hired_in_fiscal_year": "yes", "joined_via": ["mid_career", "irregular", "agency"]}, []),
    ("PC環境あり → eラーニング / Has a PC → e-learning", "elearning", {"has_pc": "yes"}, []),
    ("PC環境なし → 紙資料（抜粋版）配付 / No PC → printed excerpt", "printed_excerpt", {"has_pc": "no"}, []),
]


def seed(apps, schema_editor):
    DeliveryRule = apps.get_model("training", "DeliveryRule")
    EmployeeCategory = apps.get_model("organisation", "EmployeeCategory")
    if DeliveryRule.objects.exists():
        return
    for position, (name, method, conditions, category_codes) in enumerate(RULES, start=1):
        rule = DeliveryRule.objects.create(position=position * 10, name=name, method=method, **conditions)
        rule.categories.set(EmployeeCategory.objects.filter(code__in=category_codes))


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial"), ("organisation", "0002_seed_categories")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
