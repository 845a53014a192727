"""`make prod-smoke`: run the application as in production and check it over HTTP.

collectstatic (whitenoise, compressed manifest) → migrate a fresh PostgreSQL database → start
gunicorn (several workers) and the tasks worker (`manage.py tasks_worker`, which survives
database outages) and a local SMTP server → check the landing page, sign-in, a static file's
far-future caching, the 404 and 500 pages in the site's look without a traceback, the security
headers, an e-mail delivered by the worker, and the worker's liveness check (docs/deployment.md)
→ stop everything it started, whatever happened.

A TLS-terminating proxy is simulated with the X-Forwarded-Proto header (DJANGO_BEHIND_PROXY=1).
The cache is a Redis server of its own (redis-server from Debian's packages), shared by the
gunicorn workers, so a rate limit is counted once whichever worker answers.
"""

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG = os.environ.get("SMOKE_PG", "postgres://postgres@127.0.0.1:5432")
failures: list[str] = []
# The worker's liveness check, as docs/deployment.md gives it: fails when the file the worker
# touches before each pass, task and wait for the database is missing or over 180 s old.
LIVENESS_CHECK = "import os, sys, time; sys.exit(time.time() - os.path.getmtime('/tmp/imrf-worker.alive') > 180)"
DOCUMENTED_FILE = "/tmp/imrf-worker.alive"  # noqa: S108  # nosec B108  # replaced by this run's file


def check(condition: bool, what: str) -> None:
    print(("  ok    " if condition else "  FAIL  ") + what, flush=True)
    if not condition:
        failures.append(what)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, https: bool = True):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1"}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1{path}"
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        connection.close()
        return response, content.decode("utf-8", "replace")


def wait_for(port: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def security_headers(response, path: str) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    check("'unsafe-inline'" not in csp and "script-src 'self'" in csp, f"{path}: CSP without unsafe-inline")
    check(response.headers.get("X-Frame-Options") == "DENY", f"{path}: X-Frame-Options DENY")
    check(response.headers.get("Referrer-Policy") == "same-origin", f"{path}: Referrer-Policy")
    check(response.headers.get("Cross-Origin-Opener-Policy") == "same-origin", f"{path}: Cross-Origin-Opener-Policy")
    check(response.headers.get("X-Content-Type-Options") == "nosniff", f"{path}: X-Content-Type-Options")
    check(
        response.headers.get("Strict-Transport-Security", "").startswith("max-age=31536000"),
        f"{path}: Strict-Transport-Security",
    )


def main() -> int:
    database = f"imrf_smoke_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="imrf-smoke-"))
    port, smtp_port, redis_port = free_port(), free_port(), free_port()
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"},
        "DJANGO_SETTINGS_MODULE": "imrf.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": subprocess.check_output(
            [PYTHON, "-c", "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"], text=True
        ).strip(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
        "DJANGO_BEHIND_PROXY": "1",
        "DATABASE_URL": f"{PG}/{database}",
        "STATIC_ROOT": str(workdir / "static"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "TASKS_BACKEND": "database",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "DJANGO_ERROR_PROBE": "1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
        "VERIFY_RATE_LIMIT_FORM": "20",
    }
    processes: list[subprocess.Popen] = []
    alive = workdir / "worker.alive"
    inbox = workdir / "mail"
    inbox.mkdir()

    def start(name: str, command: list[str]) -> subprocess.Popen:
        log = open(workdir / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        processes.append(process)
        return process

    print(f"prod-smoke: database {database}, port {port}, work dir {workdir}", flush=True)
    subprocess.run(["psql", f"{PG}/postgres", "-qc", f"CREATE DATABASE {database}"], check=True)
    try:
        start(
            "redis",
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        )
        check(wait_for(redis_port), "Redis (the shared cache) is listening")
        subprocess.run(
            [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT, env=env, check=True
        )
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "seed_demo", "--force", "--quiet-accounts"], cwd=ROOT, env=env, check=True)
        start("smtp", [PYTHON, str(ROOT / "scripts" / "smtp_sink.py"), str(smtp_port), str(inbox)])
        start(
            "gunicorn",
            [GUNICORN, "imrf.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "3", "--access-logfile", "-"],
        )
        start(
            "worker",
            [
                PYTHON,
                "manage.py",
                "tasks_worker",
                "--interval",
                "0.5",
                "--no-startup-delay",
                "--healthcheck-file",
                str(alive),
            ],
        )
        check(wait_for(port) and wait_for(smtp_port), "gunicorn and the SMTP server are listening")
        client = Client(port)

        response, body = client.request("GET", "/", https=False)
        check(
            response.status in {301, 302} and response.headers.get("Location", "").startswith("https://"),
            "plain HTTP redirects to HTTPS",
        )
        response, body = client.request("GET", "/")
        check(response.status == 200 and "International Migration Review Forum" in body, "landing page 200")
        security_headers(response, "/")

        match = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', body)
        check(match is not None, "landing page links a hashed static file")
        if match:
            static, _ = client.request("GET", match.group(1))
            cache_control = static.headers.get("Cache-Control", "")
            check(
                static.status == 200 and "max-age=315360000" in cache_control,
                f"static file far-future ({cache_control})",
            )
            gzipped_conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            gzipped_conn.request(
                "GET",
                match.group(1),
                headers={"Accept-Encoding": "gzip", "Host": "127.0.0.1", "X-Forwarded-Proto": "https"},
            )
            gzipped = gzipped_conn.getresponse()
            gzipped.read()
            check(gzipped.headers.get("Content-Encoding") == "gzip", "static file served compressed")

        response, body = client.request("GET", "/accounts/login/")
        check(response.status == 200, "sign-in page 200")
        security_headers(response, "/accounts/login/")
        response, body = client.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""),
                "login": "focal@imrf.example",
                "password": "imrf-demo-focal-point",
            },
        )
        check(response.status == 302 and "sessionid" in client.cookies, "sign-in with the demo focal point")
        response, body = client.request("GET", "/portal/")
        check(response.status == 200 and "Migrant Workers Rights Network" in body, "portal after sign-in")

        response, body = client.request("GET", "/no-such-page/")
        check(
            response.status == 404 and "Page not found" in body and "site-header" in body, "404 page in the site's look"
        )
        check("Traceback" not in body, "404 page without a traceback")
        response, body = client.request("GET", "/__probe__/error/")
        check(
            response.status == 500 and "Something went wrong" in body and "site-header" in body,
            "500 page in the site's look",
        )
        check("Traceback" not in body and "RuntimeError" not in body, "500 page without a traceback")
        for path in ("/programme/", "/organizations/", "/verify/"):
            response, body = client.request("GET", path)
            check(response.status == 200, f"{path} 200")
            security_headers(response, path)

        # Three gunicorn workers share the Redis cache: the 21st verification from one client is
        # refused whichever worker answers it (a per-process cache would let about 60 through).
        consul = Client(port)
        consul.request("GET", "/verify/")
        statuses = [
            consul.request(
                "POST",
                "/verify/",
                {
                    "csrfmiddlewaretoken": consul.cookies.get("csrftoken", ""),
                    "reference": "IMRF2026-999999",
                    "passport_number": "X0000000",
                },
            )[0].status
            for _attempt in range(21)
        ]
        check(statuses == [404] * 20 + [429], f"verification limit counted once across workers ({statuses[-3:]})")

        anonymous = Client(port)
        anonymous.request("GET", "/accounts/password/reset/")
        response, body = anonymous.request(
            "POST",
            "/accounts/password/reset/",
            {"csrfmiddlewaretoken": anonymous.cookies.get("csrftoken", ""), "email": "focal@imrf.example"},
        )
        check(response.status == 302, "password reset requested")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any(inbox.iterdir()):
            time.sleep(0.5)
        delivered = [path.read_text(errors="replace") for path in inbox.iterdir()]
        check(
            len(delivered) == 1 and "focal@imrf.example" in delivered[0] and "password" in delivered[0].lower(),
            "the tasks worker delivered the password-reset e-mail",
        )
        check(
            bool(delivered) and f"{env['SITE_URL']}/accounts/password/reset/key/" in delivered[0],
            "the password-reset link is built from SITE_URL",
        )
        # The container liveness check of docs/deployment.md, on the worker's file.
        liveness = subprocess.run([PYTHON, "-c", LIVENESS_CHECK.replace(DOCUMENTED_FILE, str(alive))])
        check(liveness.returncode == 0, "the tasks worker's liveness check passes")
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        subprocess.run(["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {database}"], check=False)
        if failures:
            for name in ("gunicorn", "worker", "smtp", "redis"):
                log = workdir / f"{name}.log"
                if log.exists():
                    print(f"--- {name}.log (last lines) ---")
                    print("\n".join(log.read_text(errors="replace").splitlines()[-25:]))
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"prod-smoke: {'FAILED: ' + ', '.join(failures) if failures else 'all checks passed'}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
