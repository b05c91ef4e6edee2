"""Throughput of a logged-in lesson page against /healthz, under gunicorn with production settings.

    .venv/bin/python bench/learner_pages.py [--requests 400] [--threads 4]

Builds a scratch SQLite database (or reuses the one named by BENCH_DB, with its
static files in BENCH_STATIC) holding a course of eleven lessons and one
e-learning learner, starts gunicorn (2 workers) on 127.0.0.1, logs in once and
times a fixed number of requests to each URL with a few client threads. The
goal: the lesson page serves at least half as many requests per second as the
trivial health check.
"""

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LEARNER_NUMBER = "B00001"
PASSWORD = "bench-Mamori-2026"

SETUP = r"""
import django
django.setup()
from lms.learning.models import CoursePage
from lms.organisation.models import Employee
if not CoursePage.objects.filter(slug="bench-course").exists():
    from lms.accounts.models import User
    from tests.factories import unit_tree
    from tests.learning.course import build_course
    course = build_course(slug="bench-course", units=unit_tree(), lessons=11, learners=1, final_test_size=15)
    employee = course.learner
    employee.number = "%(number)s"
    employee.save()
    employee.user.set_password("%(password)s")
    employee.user.save()
course = CoursePage.objects.get(slug="bench-course")
lesson = course.get_children().live().order_by("path")[1].specific
print(lesson.url)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args: list[str], env: dict) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def request(port: int, method: str, path: str, *, headers=None, body=None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def cookies_of(response) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def login(port: int) -> str:
    page = request(port, "GET", "/ja/accounts/login/")
    csrf = cookies_of(page)["csrftoken"]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1).decode()
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": LEARNER_NUMBER, "password": PASSWORD})
    response = request(
        port,
        "POST",
        "/ja/accounts/login/",
        headers={
            "Cookie": f"csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}/ja/accounts/login/",
        },
        body=body,
    )
    session = cookies_of(response).get("sessionid")
    if response.status != 302 or not session:
        sys.exit(f"Login failed: {response.status} {response.body[:500]!r}")
    return f"sessionid={session}; csrftoken={csrf}"


def measure(port: int, path: str, *, requests: int, threads: int, cookie: str = "", latencies=None) -> float:
    """Requests per second for ``requests`` GETs split over ``threads`` client threads.

    Each request's latency (seconds) is appended to ``latencies`` when a list is given."""
    headers = {"Cookie": cookie} if cookie else {}
    failures = []
    latencies = [] if latencies is None else latencies

    def worker(count: int) -> None:
        for _ in range(count):
            sent = time.perf_counter()
            response = request(port, "GET", path, headers=headers)
            latencies.append(time.perf_counter() - sent)
            if response.status != 200:
                failures.append(response.status)

    per_thread = requests // threads
    pool = [threading.Thread(target=worker, args=(per_thread,)) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        sys.exit(f"{path}: {len(failures)} failed requests, e.g. status {failures[0]}")
    return per_thread * threads / elapsed


def percentiles(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    return "  ".join(
        f"p{point} {1000 * ordered[min(len(ordered) - 1, len(ordered) * point // 100)]:.1f} ms"
        for point in (50, 95, 99)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="mamori-bench-"))
    db = Path(os.environ.get("BENCH_DB") or scratch / "bench.sqlite3")
    static = Path(os.environ.get("BENCH_STATIC") or scratch / "static")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mamori.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-not-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SECURE_COOKIES": "0",
        "MAMORI_STATIC_ROOT": str(static),
        "MAMORI_MEDIA_ROOT": str(scratch / "media"),
        "PYTHONPATH": str(ROOT),
    }
    print(f"database: {db}", flush=True)
    run([PYTHON, "manage.py", "migrate", "--noinput"], env)
    if not (static / "staticfiles.json").exists():
        run([PYTHON, "manage.py", "collectstatic", "--noinput"], env)
    lesson_path = run([PYTHON, "-c", SETUP % {"number": LEARNER_NUMBER, "password": PASSWORD}], env).strip()
    lesson_path = lesson_path.splitlines()[-1]

    port = free_port()
    server = subprocess.Popen(
        [GUNICORN, "mamori.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                if request(port, "GET", "/healthz").status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("gunicorn did not start")
        cookie = login(port)
        # Warm both workers: imports, templates, caches.
        measure(port, lesson_path, requests=40, threads=options.threads, cookie=cookie)
        measure(port, "/healthz", requests=40, threads=options.threads)
        health_latencies, lesson_latencies = [], []
        health = measure(
            port, "/healthz", requests=options.requests, threads=options.threads, latencies=health_latencies
        )
        lesson = measure(
            port,
            lesson_path,
            requests=options.requests,
            threads=options.threads,
            cookie=cookie,
            latencies=lesson_latencies,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    ratio = lesson / health
    print(f"lesson page {lesson_path}: {lesson:8.1f} requests/s")
    print(f"/healthz:{' ' * (len(lesson_path) + 4)}{health:8.1f} requests/s")
    for name, latencies in ((lesson_path, lesson_latencies), ("/healthz", health_latencies)):
        print(f"latency {name}: {percentiles(latencies)}")
    print(f"ratio lesson/healthz: {ratio:.2f} (goal >= 0.5) {'OK' if ratio >= 0.5 else 'BELOW GOAL'}")


if __name__ == "__main__":
    main()
