"""Installs the runtime (non-dev) npm packages of package-lock.json into node_modules/, without node or npm.

A fresh machine running scripts/start may have Python but no node: the platform still needs the
front-end files it serves itself (reveal.js for the classroom slides). This reads the lock file,
downloads each runtime package's tarball from the registry, checks it against the lock's sha512
``integrity`` and unpacks it where npm would. Standard library only: it runs before any package is
installed.

    python scripts/npm_packages.py            install what is missing or of another version
    python scripts/npm_packages.py --check    exit 1 if something is missing, install nothing

Invariants: nothing is written unless the tarball's sha512 matches the lock; a tarball member that
is not a plain file or directory, or whose path would leave the package's directory, refuses the
whole package; a package is swapped in only once fully unpacked. Dev packages (axe-core, the test
tools) are left to ``npm ci`` in scripts/test.

The registry is the lock's ``resolved`` URL when it is recorded, else ``npm_config_registry`` (the
variable npm itself reads) or https://registry.npmjs.org/.
"""

import argparse
import base64
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REGISTRY = "https://registry.npmjs.org/"
TIMEOUT_SECONDS = 60


class PackageError(Exception):
    """A package that cannot be installed safely; nothing of it was written."""


def runtime_packages(lock: dict) -> list[tuple[str, dict]]:
    """(install path, entry) of every package the platform needs at run time, in the lock's order."""
    packages = lock.get("packages")
    if lock.get("lockfileVersion", 1) < 2 or not isinstance(packages, dict):
        raise PackageError("package-lock.json must be lockfileVersion 2 or 3 (npm 7 or newer).")
    selected = []
    for install_path, entry in packages.items():
        if not install_path.startswith("node_modules/"):
            continue  # "" is the project itself; workspaces are not used.
        if entry.get("dev") or entry.get("devOptional"):
            continue
        if entry.get("link"):
            raise PackageError(f"{install_path} is a link in the lock; only registry packages are installed.")
        selected.append((install_path, entry))
    return selected


def package_name(install_path: str, entry: dict) -> str:
    """The npm name: the last node_modules/ segment of the path (an alias records its real name)."""
    return entry.get("name") or install_path.rsplit("node_modules/", 1)[1]


def tarball_url(install_path: str, entry: dict) -> str:
    resolved = entry.get("resolved")
    if not resolved:
        name = package_name(install_path, entry)
        # npm's own setting, spelt as npm reads it from the environment.
        registry = os.environ.get("npm_config_registry") or DEFAULT_REGISTRY  # noqa: SIM112
        basename = name.rsplit("/", 1)[-1]
        resolved = f"{registry.rstrip('/')}/{name}/-/{basename}-{entry['version']}.tgz"
    if urllib.parse.urlsplit(resolved).scheme != "https":
        raise PackageError(f"{install_path}: {resolved} is not an https URL.")
    return resolved


def expected_sha512(install_path: str, entry: dict) -> bytes:
    """The sha512 digest the lock records (``integrity`` may list several algorithms)."""
    for token in (entry.get("integrity") or "").split():
        algorithm, _, encoded = token.partition("-")
        if algorithm == "sha512":
            return base64.b64decode(encoded.split("?", 1)[0])
    raise PackageError(f"{install_path}: the lock records no sha512 integrity; run npm install to refresh it.")


def installed_version(target: Path) -> str | None:
    try:
        return json.loads((target / "package.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None


def download(url: str) -> bytes:
    if urllib.parse.urlsplit(url).scheme != "https":
        raise PackageError(f"{url} is not an https URL.")
    # Only https URLs reach here (checked above), never file: or a custom scheme.
    request = urllib.request.Request(url, headers={"Accept": "application/octet-stream"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        return response.read()


def member_path(member: tarfile.TarInfo, install_path: str) -> PurePosixPath | None:
    """The member's path inside the package (npm drops the first segment, usually ``package/``).

    None for the top-level directory itself; refuses anything that could leave the package.
    """
    name = member.name.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or ".." in parts or any(":" in part for part in parts):
        raise PackageError(f"{install_path}: refusing tar member {member.name!r} (it leaves the package).")
    if not (member.isfile() or member.isdir()):
        raise PackageError(f"{install_path}: refusing tar member {member.name!r} (not a plain file or directory).")
    inner = parts[1:]
    return PurePosixPath(*inner) if inner else None


def unpack(data: bytes, destination: Path, install_path: str) -> None:
    """Write the tarball's files under ``destination`` (an empty directory), checking every path."""
    root = destination.resolve()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive:
            relative = member_path(member, install_path)
            if relative is None:
                continue
            target = (root / relative).resolve()
            if not target.is_relative_to(root) or target == root:
                raise PackageError(f"{install_path}: refusing tar member {member.name!r} (it leaves the package).")
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            source = archive.extractfile(member)
            with open(target, "wb") as output:
                shutil.copyfileobj(source, output)
            target.chmod(0o755 if member.mode & 0o111 else 0o644)


def install(install_path: str, entry: dict, *, root: Path) -> None:
    target = root / install_path
    if not target.resolve().is_relative_to((root / "node_modules").resolve()):
        raise PackageError(f"{install_path}: not a path under node_modules/.")
    url = tarball_url(install_path, entry)
    data = download(url)
    if hashlib.sha512(data).digest() != expected_sha512(install_path, entry):
        raise PackageError(f"{install_path}: the download from {url} does not match the lock's sha512 integrity.")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked beside the target, then swapped in: an interrupted run never leaves half a package.
    staging = Path(tempfile.mkdtemp(prefix=".npm-packages-", dir=target.parent))
    try:
        unpack(data, staging, install_path)
        if installed_version(staging) != entry["version"]:
            raise PackageError(f"{install_path}: the tarball is not version {entry['version']}.")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report missing packages, install nothing")
    parser.add_argument("--root", type=Path, default=ROOT, help="the directory holding package-lock.json")
    arguments = parser.parse_args(argv)
    root = arguments.root.resolve()
    try:
        lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
        missing = [
            (install_path, entry)
            for install_path, entry in runtime_packages(lock)
            if installed_version(root / install_path) != entry.get("version")
        ]
        if arguments.check:
            for install_path, entry in missing:
                print(f"missing: {install_path} {entry.get('version')}", file=sys.stderr)
            return 1 if missing else 0
        for install_path, entry in missing:
            print(f"Installing {package_name(install_path, entry)} {entry['version']} into {install_path}")
            install(install_path, entry, root=root)
    except PackageError as error:
        print(f"npm_packages: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        # Network errors (urllib.error.URLError) are OSErrors too.
        print(f"npm_packages: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
