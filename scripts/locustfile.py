"""Load for `make bench` (locust, headless). One scenario per run, chosen by BENCH_SCENARIO;
the driver (scripts/bench.py) passes what it needs in a JSON file (BENCH_PLAN).

Closed loop: each simulated user sends its next request as soon as the previous answered, so
throughput at a fixed concurrency is what the server can do.
"""

import itertools
import json
import os
import random
import threading

from locust import HttpUser, constant, task

PLAN = json.loads(open(os.environ["BENCH_PLAN"], encoding="utf-8").read())  # noqa: SIM115
SCENARIO = PLAN["scenarios"][os.environ["BENCH_SCENARIO"]]
_surge_accounts = itertools.cycle(PLAN.get("surge_accounts", []))
_lock = threading.Lock()
_sequence = itertools.count()


class Visitor(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.headers["Host"] = "127.0.0.1"
        if SCENARIO.get("cookie"):
            self.client.headers["Cookie"] = SCENARIO["cookie"]
        if SCENARIO["kind"] == "surge":
            with _lock:
                self.account = next(_surge_accounts)
            self.client.headers["Cookie"] = self.account["cookie"]

    @task
    def visit(self) -> None:
        kind = SCENARIO["kind"]
        if kind == "get":
            path = random.choice(SCENARIO["paths"])  # noqa: S311 - load pattern, not security
            self.client.get(path, name=SCENARIO["name"], allow_redirects=False)
        elif kind == "surge":
            self._nominate()

    def _nominate(self) -> None:
        number = next(_sequence)
        fields = {
            "csrfmiddlewaretoken": self.account["csrf"],
            "family_name": f"Surge-{os.getpid()}-{number}",
            "given_names": "Amina",
            "date_of_birth": f"{1960 + number % 40}-{1 + number % 12:02d}-{1 + number % 28:02d}",
            "nationality": "KE",
            "country_of_residence": "KE",
            "email": f"surge{os.getpid()}-{number}@bench.example",
            "modality": "in_person",
            "privacy_consent": "on",
        }
        files = {"photo": ("photo.jpg", bytes.fromhex(PLAN["photo_hex"]), "image/jpeg")}
        with self.client.post(
            "/portal/representatives/new/",
            data=fields,
            files=files,
            headers={"Referer": "http://127.0.0.1/portal/representatives/new/"},
            name="surge: nominate",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # 302: nominated; 200: refused with the cap message (expected beyond the cap).
            if response.status_code in (200, 302):
                response.success()
            else:
                response.failure(f"status {response.status_code}")
            if response.status_code == 200:
                # This organization is full: move on to the next one.
                with _lock:
                    self.account = next(_surge_accounts)
                self.client.headers["Cookie"] = self.account["cookie"]
