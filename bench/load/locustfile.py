"""What members of the national network do, as Locust users (run by bench/load/run.py).

``Member``: an agent of one collectivité among thousands, with a token, reading what the
issue lists: the tender list filtered and paginated (following ``next`` cursors), a forum
topic's page, the library and the global search, their drafts and their acts.
``Floor``: the same stack's trivial JSON view (``/api/v1/health/``), the throughput a real
endpoint is measured against in the same run.

The people, topics and words come from the JSON file named by ``LOAD_FIXTURE`` (written by
run.py from the database under test).
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, constant, task

FIXTURE = json.loads(open(os.environ["LOAD_FIXTURE"]).read())  # noqa: SIM115
WORDS = ["marché", "voirie", "énergie", "école", "assainissement", "délibération", "travaux"]


class Member(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        member = random.choice(FIXTURE["members"])  # noqa: S311 -- load, not secrets
        self.client.headers["Authorization"] = f"Token {member['token']}"

    @task(4)
    def tender_list(self):
        query = random.choice(FIXTURE["tender_queries"])  # noqa: S311
        response = self.client.get(f"/api/v1/tenders/?{query}", name="tenders: list, filtered")
        next_url = response.json().get("next") if response.ok else None
        if next_url:
            self.client.get(next_url, name="tenders: next page (cursor)")

    @task(2)
    def topic_page(self):
        topic = random.choice(FIXTURE["topics"])  # noqa: S311
        self.client.get(f"/api/v1/forums/topics/{topic}/", name="forum: topic")
        self.client.get(f"/api/v1/forums/topics/{topic}/posts/", name="forum: topic posts")

    @task(2)
    def library_search(self):
        word = random.choice(WORDS)  # noqa: S311
        self.client.get(f"/api/v1/library/pages/?q={word}", name="library: search")

    @task(2)
    def global_search(self):
        word = random.choice(WORDS)  # noqa: S311
        self.client.get(f"/api/v1/search/?q={word}", name="search: everything")

    @task(1)
    def my_drafts(self):
        self.client.get("/api/v1/drafts/", name="my drafts")

    @task(1)
    def my_acts(self):
        self.client.get("/api/v1/acts/", name="my acts")


class Floor(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        member = random.choice(FIXTURE["members"])  # noqa: S311
        self.client.headers["Authorization"] = f"Token {member['token']}"

    @task
    def health(self):
        self.client.get("/api/v1/health/", name="floor: health")
