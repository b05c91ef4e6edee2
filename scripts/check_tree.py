#!/usr/bin/env python3
"""Fails when the repository points at one particular machine.

A clone must work anywhere, so nothing tracked may lead outside the repository:
- no tracked symbolic link whose target is absolute or climbs out of the repository
  (a committed ``.venv -> /some/where`` breaks every other machine);
- no tracked file that names a virtualenv, home or work directory of a developer's machine.

Usage: ``scripts/check_tree.py [REPOSITORY]`` (default: the repository holding this script).
Exit status 1 and one line per problem when something is wrong. Standard library only, so it
runs before any virtualenv exists.
"""

import re
import subprocess
import sys
from pathlib import Path, PurePosixPath

# Absolute paths that only exist on somebody's machine. Paths inside the repository are written
# relative to it; system paths every Debian machine has (/usr/bin/chromium) are fine.
MACHINE_PATH = re.compile(r"(?<![\w.:/-])(/home/[\w.-]+|/Users/[\w.-]+|/root/|/work/|/tmp/venv|/private/var/)")
# Binary and generated files that cannot name a path a person typed.
SKIPPED_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".pdf", ".ttf", ".otf", ".woff", ".woff2", ".zip", ".xlsx"}


def _git(repository: Path, *args: str) -> str:
    command = ["git", "-C", str(repository), *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603


def links_leaving(repository: Path) -> list[str]:
    """Tracked symbolic links whose target lies outside the repository."""
    problems = []
    for line in _git(repository, "ls-files", "-s", "-z").split("\0"):
        if not line.startswith("120000 "):
            continue
        meta, path = line.split("\t", 1)
        blob = meta.split()[1]
        target = _git(repository, "cat-file", "blob", blob)
        resolved = PurePosixPath(path).parent / target
        depth = 0
        for part in resolved.parts:
            depth += -1 if part == ".." else (0 if part == "." else 1)
            if depth < 0:
                break
        if target.startswith("/") or depth < 0:
            problems.append(f"{path}: a tracked symbolic link to {target}, outside the repository")
    return problems


def machine_paths(repository: Path) -> list[str]:
    """Tracked text files that mention a path of one developer's machine."""
    problems = []
    for path in _git(repository, "ls-files", "-z").split("\0"):
        # This file spells the patterns out; it is the one place allowed to.
        if not path or path == "scripts/check_tree.py" or Path(path).suffix.lower() in SKIPPED_SUFFIXES:
            continue
        file = repository / path
        if file.is_symlink() or not file.is_file():
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            match = MACHINE_PATH.search(line)
            if match:
                problems.append(f"{path}:{number}: names a path of one machine ({match.group(0)})")
    return problems


def main(argv: list[str]) -> int:
    repository = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    problems = links_leaving(repository) + machine_paths(repository)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("The repository must not point at one machine: fix the lines above.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
