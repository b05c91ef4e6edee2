"""The dependency rules hold, and the check that enforces them would catch a new violation.

`lint-imports` (import-linter, contracts in pyproject.toml) runs in the test command. These tests run
it on a copy of the source tree with a violating module added, so a contract that stopped catching
anything would fail here. A last check covers what import-linter cannot see: templates and
dotted-path strings.
"""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def _first_party_packages() -> set[str]:
    """Top-level directories of the repository that are Python packages."""
    return {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests", "bench"}


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory) -> Path:
    """The Python files of every first-party package, and pyproject.toml, in a scratch directory."""
    target = tmp_path_factory.mktemp("tree")
    for package in _first_party_packages():
        shutil.copytree(
            ROOT / package,
            target / package,
            ignore=lambda directory, names: [
                n for n in names if not n.endswith(".py") and not (Path(directory) / n).is_dir() or n == "__pycache__"
            ],
        )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def _lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=tree, capture_output=True, text=True, timeout=300, check=False
    )


def test_every_first_party_package_is_under_the_contracts():
    assert set(_config()["root_packages"]) == _first_party_packages()
    forbidden = next(c for c in _config()["contracts"] if c["id"] == "core-never-imports-domain")
    assert forbidden["source_modules"] == ["lms"]
    assert set(forbidden["forbidden_modules"]) == _first_party_packages() - {"lms"}


def test_the_tree_keeps_every_contract(source_copy):
    result = _lint(source_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "source", "contract"),
    [
        (
            "lms/training/probe_top.py",
            "from certificates.services import certificate_issue\n",
            "The platform core (lms) imports no domain app",
        ),
        (
            "lms/paper/probe_inside.py",
            "def excerpt():\n    from courses.nine_rules.excerpt import nine_rules_excerpt\n\n    return nine_rules_excerpt\n",
            "The platform core (lms) imports no domain app",
        ),
        (
            "lms/audit/probe_up.py",
            "def who():\n    from lms.accounts.selectors import user_roles\n\n    return user_roles\n",
            "Core apps in layers",
        ),
        (
            "lms/organisation/probe_cycle.py",
            "from lms.training.models import Campaign\n",
            "Core apps in layers",
        ),
    ],
    ids=["core-to-domain", "core-to-domain-inside-a-function", "audit-reaches-up", "organisation-to-training"],
)
def test_a_violating_import_breaks_the_check(source_copy, module, source, contract):
    probe = source_copy / module
    probe.write_text(source, encoding="utf-8")
    try:
        result = _lint(source_copy)
    finally:
        probe.unlink()
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(line.startswith(contract) for line in broken), result.stdout
    assert probe.stem in result.stdout


def _domain_names() -> set[str]:
    """Names by which core code could reach a domain app without a Python import."""
    names = set()
    for package in _first_party_packages() - {"lms"}:
        names.add(package)
        for app in (ROOT / package).glob("*/apps.py"):
            names.add(f"{package}.{app.parent.name}")
        for templates in (ROOT / package).rglob("templates/*"):
            if templates.is_dir():
                names.add(templates.name)
    return names


def test_core_templates_and_strings_name_no_domain_app():
    """Settings strings, template includes and dotted paths in lms/ stay inside the core."""
    # "mamori." also prefixes every audit action code; the project package is covered by import-linter.
    names = _domain_names() - {"mamori"}
    alternatives = "|".join(sorted(map(re.escape, names)))
    dotted = re.compile(rf"""["']({alternatives})[./]""")
    offenders = []
    for path in (ROOT / "lms").rglob("*"):
        if path.suffix not in {".py", ".html", ".txt"} or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if dotted.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
