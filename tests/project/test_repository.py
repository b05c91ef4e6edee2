"""The repository works on any machine: nothing tracked points at one developer's machine."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "scripts" / "check_tree.py"


def check(repository: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CHECK), str(repository)], capture_output=True, text=True)


def git(repository: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repository), *args], check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path):
    """A small git repository with one ordinary file and a link that stays inside."""
    repository = tmp_path / "repo"
    (repository / "docs").mkdir(parents=True)
    (repository / "docs" / "guide.md").write_text("See /usr/bin/chromium and url_path='/home/'.\n")
    os.symlink("docs/guide.md", repository / "GUIDE.md")
    os.symlink("../docs/guide.md", repository / "docs" / "again.md")
    git(repository, "init", "-q")
    git(repository, "add", "-A")
    return repository


def test_this_repository_points_nowhere_else():
    result = check(ROOT)
    assert result.returncode == 0, result.stderr


def test_links_inside_the_repository_pass(repository):
    result = check(repository)
    assert result.returncode == 0, result.stderr


def test_a_tracked_link_to_an_absolute_path_fails(repository, tmp_path):
    (tmp_path / "venv").mkdir()
    os.symlink(tmp_path / "venv", repository / ".venv")
    git(repository, "add", "-f", ".venv")
    result = check(repository)
    assert result.returncode == 1
    assert f".venv: a tracked symbolic link to {tmp_path / 'venv'}" in result.stderr


def test_a_tracked_link_climbing_out_fails(repository):
    os.symlink("../../outside", repository / "docs" / "escape")
    git(repository, "add", "docs/escape")
    result = check(repository)
    assert result.returncode == 1
    assert "docs/escape: a tracked symbolic link to ../../outside" in result.stderr


def test_a_machine_path_in_a_tracked_file_fails(repository):
    home = "/" + "home/alice/.virtualenvs/mamori"  # spelled in two parts so this file passes the check
    (repository / "run.sh").write_text(f"#!/bin/sh\n{home}/bin/python manage.py\n")
    git(repository, "add", "run.sh")
    result = check(repository)
    assert result.returncode == 1
    assert "run.sh:2: names a path of one machine" in result.stderr
