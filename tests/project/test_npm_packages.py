"""scripts/npm_packages.py: the runtime npm packages installed without node, checked against the lock."""

import base64
import hashlib
import importlib.util
import io
import json
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("npm_packages", ROOT / "scripts" / "npm_packages.py")
npm_packages = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(npm_packages)


def tarball(files: dict[str, bytes], *, links: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            member = tarfile.TarInfo(name)
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
        for name, target in (links or {}).items():
            member = tarfile.TarInfo(name)
            member.type = tarfile.SYMTYPE
            member.linkname = target
            archive.addfile(member)
    return buffer.getvalue()


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def package(version: str = "1.2.3", extra: dict[str, bytes] | None = None) -> bytes:
    return tarball(
        {
            "package/package.json": json.dumps({"name": "slides-lib", "version": version}).encode(),
            "package/dist/slides.js": b"console.log('slides');",
            **(extra or {}),
        }
    )


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project whose lock has one runtime package and one dev package; downloads are counted."""
    data = package()
    lock = {
        "name": "demo",
        "lockfileVersion": 3,
        "packages": {
            "": {"dependencies": {"slides-lib": "1.2.3"}, "devDependencies": {"test-tool": "9.0.0"}},
            "node_modules/slides-lib": {"version": "1.2.3", "integrity": integrity(data)},
            "node_modules/test-tool": {"version": "9.0.0", "integrity": integrity(b"x"), "dev": True},
        },
    }
    (tmp_path / "package-lock.json").write_text(json.dumps(lock))
    downloads = []
    tarballs = {"https://registry.npmjs.org/slides-lib/-/slides-lib-1.2.3.tgz": data}

    def download(url):
        downloads.append(url)
        return tarballs[url]

    monkeypatch.setattr(npm_packages, "download", download)
    monkeypatch.delenv("npm_config_registry", raising=False)
    return tmp_path, lock, tarballs, downloads


def run(root: Path, *args: str) -> int:
    return npm_packages.main(["--root", str(root), *args])


def test_installs_the_runtime_packages_only_and_once(project):
    root, _lock, _tarballs, downloads = project
    assert run(root, "--check") == 1
    assert run(root) == 0
    assert (root / "node_modules/slides-lib/dist/slides.js").read_bytes() == b"console.log('slides');"
    assert not (root / "node_modules/test-tool").exists()
    assert run(root) == 0 and run(root, "--check") == 0
    assert downloads == ["https://registry.npmjs.org/slides-lib/-/slides-lib-1.2.3.tgz"]
    assert not list((root / "node_modules").glob(".npm-packages-*"))


def test_a_tarball_not_matching_the_lock_is_refused(project, capsys):
    root, _lock, tarballs, _downloads = project
    tarballs["https://registry.npmjs.org/slides-lib/-/slides-lib-1.2.3.tgz"] = package(extra={"package/x.js": b"evil"})
    assert run(root) == 1
    assert "does not match the lock's sha512 integrity" in capsys.readouterr().err
    assert not (root / "node_modules/slides-lib").exists()


@pytest.mark.parametrize(
    ("members", "links", "reason"),
    [
        ({"package/../../escaped.js": b"x"}, None, "it leaves the package"),
        ({"/etc/escaped.js": b"x"}, None, "it leaves the package"),
        ({}, {"package/dist/link.js": "/etc/passwd"}, "not a plain file or directory"),
    ],
)
def test_members_leaving_the_package_are_refused(project, capsys, members, links, reason):
    root, lock, tarballs, _downloads = project
    files = {"package/package.json": json.dumps({"name": "slides-lib", "version": "1.2.3"}).encode(), **members}
    data = tarball(files, links=links)
    tarballs["https://registry.npmjs.org/slides-lib/-/slides-lib-1.2.3.tgz"] = data
    lock["packages"]["node_modules/slides-lib"]["integrity"] = integrity(data)
    (root / "package-lock.json").write_text(json.dumps(lock))

    assert run(root) == 1
    assert reason in capsys.readouterr().err
    assert not (root / "node_modules/slides-lib").exists()
    assert not (root.parent / "escaped.js").exists()


def test_the_repository_lock_installs_reveal_js_from_the_registry_over_https():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    runtime = dict(npm_packages.runtime_packages(lock))
    assert set(runtime) == {"node_modules/reveal.js"}
    entry = runtime["node_modules/reveal.js"]
    assert entry["version"] == "6.0.2"
    assert npm_packages.tarball_url("node_modules/reveal.js", entry).startswith("https://")
    assert len(npm_packages.expected_sha512("node_modules/reveal.js", entry)) == 64
