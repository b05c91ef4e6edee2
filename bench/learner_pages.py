"""Lesson pages as real learners use them, against /healthz, under gunicorn with production settings.

    .venv/bin/python bench/learner_pages.py [--learners 60] [--threads 4] [--rounds 5] [--probe-learners 3]

A learner reads each lesson a few times a year, so a page cached for one learner's session is
almost never read again; what counts is the lesson page of a learner who has not opened it yet.
The script:

1. builds a scratch SQLite database (or reuses the one named by BENCH_DB, with its static files in
   BENCH_STATIC) holding the real nine-rules course in Japanese and English, a launched campaign
   and ``--learners`` e-learning learners (two in three read Japanese, one in three English);
2. counts the SQL queries of each lesson page opened for the first time by ``--probe-learners``
   other learners per language (Django's test client, in-process), starting from an empty cache,
   and times the server's work for them in-process, beside /healthz and the login page;
3. empties the cache (file-based, in the scratch directory) and starts gunicorn (2 sync workers,
   ``mamori.settings.production``) on 127.0.0.1;
4. logs every learner in through the login form (GET, then POST with the CSRF token), several
   client threads at a time;
5. lets every learner open every lesson of the course once, in the course's order, each learner
   with their own session cookie, ``--threads`` client threads at a time: cold lesson requests/s;
6. sends as many requests to /healthz, and to the login page (for reference: the lightest page
   drawn with the site's layout), with the same threads and the same client code.

Steps 5 and 6 alternate in ``--rounds`` rounds (a group of learners, then as many health checks and
login pages), so that other load on the machine weighs on all figures alike.

The goal: cold lesson pages at >= 0.3 times the request rate of the health check.
"""

import argparse
import http.client
import json
import os
import queue
import re
import shutil
import socket
import statistics
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
PASSWORD = "bench-Mamori-2026"
LANGUAGES = ("ja", "ja", "en")  # the learners' languages, in turn
GOAL = 0.3


# --- Preparing the database (runs in a child process with Django set up) ------------------------


class StatementCounter:
    """Counts the SQL statements sent to the database; lighter than a debug cursor, so timings hold."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def prepare(learners: int, probe_learners: int) -> None:
    """Course, campaign and learners (once per database), then the probe; prints a JSON report."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from lms.learning.models import CoursePage, LessonPage
    from lms.organisation.models import Employee
    from lms.training.models import Assignment, Campaign, TrainingMethod
    from tests.factories import EmployeeFactory, UserFactory, unit_tree

    if not CoursePage.objects.filter(course_code="nine-rules").exists():
        call_command("load_nine_rules", "--language", "en", stdout=open(os.devnull, "w"))  # noqa: SIM115
    course = CoursePage.objects.get(course_code="nine-rules", locale__language_code="ja")
    campaign, _ = Campaign.objects.get_or_create(
        name="Bench campaign",
        defaults={
            "course": course,
            "fiscal_year": 2026,
            "due_date": "2027-03-31",
            "status": Campaign.Status.LAUNCHED,
        },
    )
    # One hash for every learner: hashing 60 passwords would take longer than the benchmark.
    password = make_password(PASSWORD)
    units = None
    wanted = {f"bench-{n:04d}": LANGUAGES[n % len(LANGUAGES)] for n in range(learners)}
    probes = {f"probe-{n:04d}-{lang}": lang for lang in dict.fromkeys(LANGUAGES) for n in range(probe_learners)}
    for login, language in {**wanted, **probes}.items():
        if Employee.objects.filter(user__username=login).exists():
            continue
        if units is None:
            from lms.organisation.models import OrgUnit

            plant = OrgUnit.objects.filter(code="ACME-PA").first()
            units = {"plant_a": plant} if plant else unit_tree()
        employee = EmployeeFactory(unit=units["plant_a"], preferred_language=language)
        user = UserFactory(username=login)
        user.password = password
        user.save(update_fields=["password"])
        employee.user = user
        employee.save()
        Assignment.objects.create(campaign=campaign, employee=employee, method=TrainingMethod.ELEARNING)

    lesson_paths = {}
    for language in dict.fromkeys(LANGUAGES):
        translated = CoursePage.objects.get(translation_key=course.translation_key, locale__language_code=language)
        lessons = LessonPage.objects.live().child_of(translated).order_by("path")
        lesson_paths[language] = [lesson.url for lesson in lessons]

    # Queries of a lesson page opened for the first time by a learner, from an empty cache, and the
    # server's time for it in this process (no HTTP, no client), beside /healthz and the login page.
    cache.clear()
    counts = {"cold_cache": None, "body_cold": [], "body_warm": []}
    milliseconds = {"lesson": [], "healthz": [], "login page": []}
    anonymous = Client(HTTP_HOST="127.0.0.1")
    for index, login in enumerate(probes):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(Employee.objects.get(user__username=login).user)
        # The first probe learner of each language is the first to open each lesson in it.
        first_of_language = index % probe_learners == 0
        for path in lesson_paths[probes[login]]:
            queries = StatementCounter()
            with connection.execute_wrapper(queries):
                started = time.perf_counter()
                response = client.get(path)
                elapsed = 1000 * (time.perf_counter() - started)
            if response.status_code != 200:
                sys.exit(f"probe {login} {path}: status {response.status_code}")
            if counts["cold_cache"] is None:
                counts["cold_cache"] = queries.count
            elif first_of_language:
                counts["body_cold"].append(queries.count)
            else:
                counts["body_warm"].append(queries.count)
                milliseconds["lesson"].append(elapsed)
            for name, reference in (("healthz", "/healthz"), ("login page", "/ja/accounts/login/")):
                started = time.perf_counter()
                anonymous.get(reference)
                milliseconds[name].append(1000 * (time.perf_counter() - started))
    cache.clear()
    logins = {login: lesson_paths[language] for login, language in wanted.items()}
    in_process = {name: statistics.median(values) for name, values in milliseconds.items()}
    print(json.dumps({"logins": logins, "queries": counts, "in_process_ms": in_process}))


# --- HTTP client ------------------------------------------------------------------------------------


def request(port: int, method: str, path: str, *, headers=None, body=None) -> http.client.HTTPResponse:
    """One request on a new connection (gunicorn's sync workers close every connection)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
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


def login(port: int, username: str) -> str:
    """Log in through the form as a browser does; the Cookie header of the learner's session."""
    page = request(port, "GET", "/ja/accounts/login/")
    csrf = cookies_of(page)["csrftoken"]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1).decode()
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
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
    cookies = {"csrftoken": csrf, **cookies_of(response)}
    if response.status != 302 or "sessionid" not in cookies:
        sys.exit(f"Login of {username} failed: {response.status} {response.body[:300]!r}")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def in_threads(jobs: list, work, threads: int) -> float:
    """Run ``work(job)`` for every job on ``threads`` client threads; the elapsed seconds."""
    pending = queue.Queue()
    for job in jobs:
        pending.put(job)
    errors = []

    def worker() -> None:
        while True:
            try:
                job = pending.get_nowait()
            except queue.Empty:
                return
            try:
                work(job)
            except BaseException as exc:  # noqa: BLE001 - reported after the run
                errors.append(exc)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        sys.exit(f"{len(errors)} failed: {errors[0]!r}")
    return elapsed


def timed_get(port: int, path: str, latencies: list[float], cookie: str = "") -> None:
    sent = time.perf_counter()
    response = request(port, "GET", path, headers={"Cookie": cookie} if cookie else {})
    latencies.append(time.perf_counter() - sent)
    if response.status != 200:
        raise RuntimeError(f"GET {path}: status {response.status}")


def percentile(latencies: list[float], point: int) -> float:
    ordered = sorted(latencies)
    return 1000 * ordered[min(len(ordered) - 1, len(ordered) * point // 100)]


# --- The benchmark --------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--threads", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--rounds", type=int, default=5, help="learner groups, each followed by its health checks")
    parser.add_argument("--probe-learners", type=int, default=3, help="per language, for the query count")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.prepare:
        prepare(options.learners, options.probe_learners)
        return

    scratch = Path(tempfile.mkdtemp(prefix="mamori-learner-bench-"))
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
        "MAMORI_PRIVATE_ROOT": str(scratch / "private"),
        "MAMORI_CACHE_DIR": str(scratch / "cache"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_CACHE_URL", None)
    try:
        run_benchmark(options, env, db, static)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(args: list[str], env: dict) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_benchmark(options, env: dict, db: Path, static: Path) -> None:
    print(f"database: {db}", flush=True)
    started = time.perf_counter()
    run([PYTHON, "manage.py", "migrate", "--noinput"], env)
    if not (static / "staticfiles.json").exists():
        run([PYTHON, "manage.py", "collectstatic", "--noinput"], env)
    prepared = json.loads(
        run(
            [
                PYTHON,
                __file__,
                "--prepare",
                f"--learners={options.learners}",
                f"--probe-learners={options.probe_learners}",
            ],
            env,
        ).splitlines()[-1]
    )
    print(f"prepared in {time.perf_counter() - started:.0f} s", flush=True)
    logins, queries, in_process = prepared["logins"], prepared["queries"], prepared["in_process_ms"]

    port = free_port()
    server = subprocess.Popen(
        [GUNICORN, "mamori.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(200):
            try:
                if request(port, "GET", "/healthz").status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("gunicorn did not start")
        # Warm both workers' imports and compiled templates; no lesson is opened before the run.
        in_threads(["/healthz"] * 40 + ["/ja/accounts/login/"] * 20, lambda path: request(port, "GET", path), 4)

        sessions: dict[str, str] = {}
        login_seconds = in_threads(list(logins), lambda name: sessions.__setitem__(name, login(port, name)), 4)

        # In rounds, each learner group's lessons then as many health checks and login pages: the
        # machine's other load weighs on the three figures alike.
        latencies: dict[str, list[float]] = {"lesson": [], "healthz": [], "login page": []}
        seconds = dict.fromkeys(latencies, 0.0)
        names = list(logins)
        for group in (names[start :: options.rounds] for start in range(options.rounds)):
            count = sum(len(logins[name]) for name in group)
            seconds["lesson"] += in_threads(
                group,
                lambda name: [timed_get(port, path, latencies["lesson"], sessions[name]) for path in logins[name]],
                options.threads,
            )
            seconds["healthz"] += in_threads(
                ["/healthz"] * count, lambda path: timed_get(port, path, latencies["healthz"]), options.threads
            )
            # For reference: the lightest page drawn with the site's layout (anonymous, no SQL query).
            seconds["login page"] += in_threads(
                ["/ja/accounts/login/"] * count,
                lambda path: timed_get(port, path, latencies["login page"]),
                options.threads,
            )
    finally:
        server.terminate()
        server.wait(timeout=10)

    rate = {name: len(latencies[name]) / seconds[name] for name in latencies}
    ratio = rate["lesson"] / rate["healthz"]
    body_cold, body_warm = queries["body_cold"], queries["body_warm"]
    lessons = len(next(iter(logins.values())))
    print(
        f"learners: {len(logins)} ({', '.join(sorted(set(LANGUAGES)))}), {lessons} lessons each, "
        f"{options.threads} client threads, {options.rounds} rounds, gunicorn 2 sync workers"
    )
    print(f"logins (form GET + POST): {len(logins) / login_seconds:8.1f} logins/s")
    print(f"cold lesson pages: {len(latencies['lesson'])} requests, {rate['lesson']:8.1f} requests/s")
    print(f"/healthz:          {len(latencies['healthz'])} requests, {rate['healthz']:8.1f} requests/s")
    print(f"ratio cold lesson/healthz: {ratio:.2f} (goal >= {GOAL}) {'OK' if ratio >= GOAL else 'BELOW GOAL'}")
    print(
        f"for reference, the login page (anonymous, no SQL): {rate['login page']:8.1f} requests/s, "
        f"ratio to /healthz {rate['login page'] / rate['healthz']:.2f}"
    )
    for name, measured in latencies.items():
        print(f"latency {name}: p50 {percentile(measured, 50):.1f} ms  p95 {percentile(measured, 95):.1f} ms")
    print(
        "server time in-process (test client, one thread, median): "
        + ", ".join(f"{name} {value:.2f} ms" for name, value in in_process.items())
    )
    print(
        "SQL queries per lesson page on a learner's first visit: "
        f"{min(body_warm)}..{max(body_warm)} (min..max over {len(body_warm)} pages) once the page has been read "
        f"by another learner; {min(body_cold)}..{max(body_cold)} (over {len(body_cold)} pages) for the first "
        f"reader of each lesson (content not cached yet); {queries['cold_cache']} for the very first page "
        "after emptying the cache"
    )


if __name__ == "__main__":
    main()
