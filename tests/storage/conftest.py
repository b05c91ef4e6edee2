"""A real S3-compatible server for the private storage: moto's server mode, one per test session.

``s3_server`` starts ``moto_server`` (installed with the development lock) on a free local port
and creates a bucket; ``bucket`` points the "private" storage of one test at its own prefix in
that bucket, with the options production uses, and reads the bucket back with boto3.
"""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest

from tests.pdf.helpers import english, xhtml2pdf_warnings_fail  # noqa: F401

BUCKET = "mamori-private-test"
REGION = "us-east-1"
ACCESS_KEY = "mamori-test"
SECRET_KEY = "mamori-test-secret"
START_SECONDS = 30


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    headers: dict
    body: bytes


def http_get(url: str) -> HttpAnswer:
    """A plain GET, as a browser without credentials would send it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return HttpAnswer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return HttpAnswer(error.code, dict(error.headers), error.read())


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    bucket: str

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def private_storage_settings(self, *, location: str) -> dict:
        """STORAGES["private"] as production builds it (mamori/settings/production.py)."""
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": self.bucket,
                "location": location,
                "endpoint_url": self.endpoint_url,
                "region_name": REGION,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
                "signature_version": "s3v4",
                "file_overwrite": False,
            },
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_listening(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"moto_server exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"moto_server did not answer within {START_SECONDS} s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """moto's S3 server in a subprocess, with an empty bucket; stopped at the end of the session."""
    port = _free_port()
    log = tmp_path_factory.mktemp("moto") / "moto_server.log"
    command = [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)]
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_listening(process, port, log)
        server = S3Server(endpoint_url=f"http://127.0.0.1:{port}", bucket=BUCKET)
        server.client().create_bucket(Bucket=BUCKET)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class PrivateBucket:
    """One test's prefix in the bucket; names are the storage's (without the prefix)."""

    server: S3Server
    location: str

    def key(self, name: str) -> str:
        return f"{self.location}/{name}"

    def names(self) -> list[str]:
        listed = self.server.client().list_objects_v2(Bucket=self.server.bucket, Prefix=f"{self.location}/")
        return sorted(entry["Key"].removeprefix(f"{self.location}/") for entry in listed.get("Contents", []))

    def read(self, name: str) -> bytes:
        return self.server.client().get_object(Bucket=self.server.bucket, Key=self.key(name))["Body"].read()

    def anonymous_get(self, name: str) -> HttpAnswer:
        """The object's plain URL, fetched without credentials or signature."""
        return http_get(f"{self.server.endpoint_url}/{self.server.bucket}/{self.key(name)}")


@pytest.fixture
def bucket(settings, s3_server):
    """The private storage of this test in the S3 server's bucket, under a prefix of its own."""
    location = f"test-{uuid.uuid4().hex}"
    settings.STORAGES = {**settings.STORAGES, "private": s3_server.private_storage_settings(location=location)}
    return PrivateBucket(server=s3_server, location=location)
