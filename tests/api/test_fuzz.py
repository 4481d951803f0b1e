"""Property-based: whatever a client sends to any documented operation, the answer is documented.

Schemathesis generates requests from the OpenAPI schema (valid per the schema, then invalid:
wrong types, huge numbers, odd unicode, missing fields) and sends them to the Django app
in-process, as each kind of caller: anonymous, a superuser, a network animator, an agent of a
collectivité who buys, a plain member of that collectivité (an agent with no capability), and a
company. Each answer must not be a 500, and must be what the schema says: a documented status
code, a documented content type, a body that matches the documented schema (every 4xx in the
error shape). Path ids are sometimes those of real objects, so requests reach the views' own
code rather than stopping at a 404.

Two kinds of run per identity:

* ``stateless``: every operation on its own (``test_every_answer_is_documented``);
* ``stateful``: schemathesis' state machine over the links it infers from the schema (the schema
  declares none; ADR 0026): a create answers an id, the next step reads, updates, deletes or acts
  on that object (``POST /tenders/`` → ``GET``/``PATCH /tenders/{id}/``, ``POST /drafts/`` →
  ``GET /drafts/{id}/``, a reply → its topic…). The same checks, plus two that only make sense
  along a chain: what was just created can be read back (``ensure_resource_availability``), what
  was just deleted is gone (``use_after_free``). The test asserts that links were followed and
  some answered 2xx, so a schema change that silently removes every chain fails it.

The budget is small and the seed fixed (CI replays the same examples every run). The same tests
take a longer budget from the environment, which ``bench/fuzz_api.py`` sets:

* ``FUZZ_EXAMPLES`` (5): examples per operation (stateless) per round;
* ``FUZZ_SCENARIOS`` (40): state-machine scenarios per round (stateful), of up to
  ``FUZZ_STEPS`` (6) steps;
* ``FUZZ_SECONDS``: if set, repeat rounds (new seed each) until that many seconds have passed;
* ``FUZZ_SEED``: if set, random generation from that seed, with shrinking (else derandomized);
* ``FUZZ_STATS``: a directory; each test writes its figures there as JSON, prints progress, and
  collects every failure instead of stopping at the first one of an operation (it still fails).
"""

import json
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure
from schemathesis.generation.stateful.state_machine import StepOutput
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ensure_resource_availability,
    response_schema_conformance,
    status_code_conformance,
    use_after_free,
)

from .routes import COLLECTION_IDS

IDENTITIES = ["anonymous", "superuser", "animator", "buyer", "member", "company"]

# Revoking the token or logging out would end the session the rest of the run uses.
SKIPPED = re.compile(r"/auth/(token/revoke|logout)/$")

CHECKS = {
    check.__name__: check
    for check in [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
}
STATEFUL_CHECKS = {
    check.__name__: check for check in [ensure_resource_availability, use_after_free]
}

# Mismatches between the schema and what an operation of another module answers, found by this
# test and left for that module to fix: "METHOD path" -> {check: what was found}. The other
# checks still run on these operations; remove an entry once its operation is fixed.
KNOWN_MISMATCHES: dict[str, dict[str, str]] = {}

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
SCENARIOS = int(os.environ.get("FUZZ_SCENARIOS", "40"))
STEPS = int(os.environ.get("FUZZ_STEPS", "6"))
SECONDS = float(os.environ.get("FUZZ_SECONDS", "0"))
SEED = int(os.environ["FUZZ_SEED"]) if os.environ.get("FUZZ_SEED") else None
STATS_DIR = Path(os.environ["FUZZ_STATS"]) if os.environ.get("FUZZ_STATS") else None
PROGRESS_EVERY = 15.0  # seconds between progress lines (when FUZZ_STATS is set)


@dataclass
class Stats:
    """What one identity's run sent and got back: the figures ``bench/fuzz_api.py`` sums up."""

    identity: str
    kind: str
    started: float = field(default_factory=time.monotonic)
    rounds: int = 0
    requests: int = 0
    operations: set = field(default_factory=set)  # called at least once
    reached: set = field(default_factory=set)  # answered 2xx at least once
    statuses: Counter = field(default_factory=Counter)  # "2xx", "4xx"…
    failures: Counter = field(default_factory=Counter)  # check -> failing answers
    failing: dict = field(default_factory=dict)  # "label | check" -> first message
    errors: dict = field(default_factory=dict)  # the run's own errors (not the API's), by type
    links_followed: int = 0  # stateful steps whose input came from an earlier answer
    links_ok: int = 0  # …and answered 2xx
    _last_progress: float = field(default_factory=time.monotonic)

    def record(self, case, response, via_link: bool = False) -> None:
        self.requests += 1
        self.operations.add(case.operation.label)
        self.statuses[f"{response.status_code // 100}xx"] += 1
        if 200 <= response.status_code < 300:
            self.reached.add(case.operation.label)
        if via_link:
            self.links_followed += 1
            self.links_ok += 200 <= response.status_code < 300
        if STATS_DIR and time.monotonic() - self._last_progress > PROGRESS_EVERY:
            self._last_progress = time.monotonic()
            print(f"  [{self.identity} {self.kind}] {self.line()}", flush=True)

    def fail(self, label: str, exc: BaseException) -> None:
        failures = exc.exceptions if isinstance(exc, BaseExceptionGroup) else [exc]
        for failure in failures:
            check = _check_name(failure)
            self.failures[check] += 1
            self.failing.setdefault(f"{label} | {check}", f"{failure}"[:2000])

    def line(self) -> str:
        return (
            f"{time.monotonic() - self.started:.0f}s round {self.rounds} requests {self.requests}"
            f" operations {len(self.operations)} (2xx on {len(self.reached)})"
            f" links {self.links_ok}/{self.links_followed} failures {sum(self.failures.values())}"
        )

    def write(self) -> None:
        if not STATS_DIR:
            return
        STATS_DIR.mkdir(parents=True, exist_ok=True)
        data = {
            "identity": self.identity,
            "kind": self.kind,
            "seconds": round(time.monotonic() - self.started, 1),
            "rounds": self.rounds,
            "requests": self.requests,
            "operations": sorted(self.operations),
            "reached": sorted(self.reached),
            "statuses": dict(self.statuses),
            "failures": dict(self.failures),
            "failing": self.failing,
            "errors": self.errors,
            "links_followed": self.links_followed,
            "links_ok": self.links_ok,
        }
        path = STATS_DIR / f"{self.kind}-{self.identity}.json"
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False))
        print(f"  [{self.identity} {self.kind}] done: {self.line()}", flush=True)


def _check_name(failure: BaseException) -> str:
    """The check that reported a failure (``not_a_server_error``…), or what was raised."""
    if isinstance(failure, Failure) and type(failure).checks:
        return type(failure).checks[0]
    return type(failure).__name__


def _rounds():
    """Round numbers: one round, or as many as fit in FUZZ_SECONDS."""
    deadline = time.monotonic() + SECONDS
    yield 0
    number = 1
    while SECONDS and time.monotonic() < deadline:
        yield number
        number += 1


def _hypothesis_settings(max_examples: int, **extra) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=SEED is None,
        database=None,
        phases=list(Phase) if SEED is not None else [Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        **extra,
    )


def _seeded(test, round_number: int):
    return test if SEED is None else hypothesis.seed(SEED + round_number)(test)


def _headers(api_world, identity: str) -> dict[str, str]:
    headers = {"X-Forwarded-Proto": "https"}
    if identity != "anonymous":
        user = getattr(api_world, identity)
        headers["Authorization"] = f"Token {Token.objects.create(user=user).key}"
    return headers


def _schema():
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json",
        get_wsgi_application(),
        headers={"X-Forwarded-Proto": "https"},
    )
    return schema.exclude(path_regex=SKIPPED.pattern)


def _checks(label: str, checks: dict) -> list:
    known = KNOWN_MISMATCHES.get(label, {})
    return [check for name, check in checks.items() if name not in known]


@pytest.mark.django_db
@pytest.mark.parametrize("identity", IDENTITIES)
def test_every_answer_is_documented(settings_for_fuzzing, api_world, identity):
    headers = _headers(api_world, identity)
    schema = _schema()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 10
    assert set(KNOWN_MISMATCHES) <= {operation.label for operation in operations}
    stats = Stats(identity, "stateless")
    failures = []
    for round_number in _rounds():
        stats.rounds += 1
        for operation in operations:
            real_ids = _real_ids(operation.path, api_world.ids)
            checks = _checks(operation.label, CHECKS)
            try:
                _fuzz(operation, real_ids, headers, checks, stats, round_number)
            except (Exception, BaseExceptionGroup) as exc:  # report every operation, not the first
                failures.append(f"{operation.label} as {identity}: {exc}")
                stats.errors.setdefault(type(exc).__name__, f"{operation.label}: {exc}"[:2000])
    stats.write()
    assert not failures and not stats.failures, "\n\n".join(failures)[:20000] or stats.failing


def _fuzz(operation, real_ids: dict, headers: dict, checks: list, stats: Stats, round_number=0):
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real_ids),
        operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=real_ids),
    )

    @_hypothesis_settings(EXAMPLES)
    @given(case=strategy)
    def answer_is_documented(case):
        response = case.call(headers=headers)
        stats.record(case, response)
        try:
            case.validate_response(response, checks=checks, headers=headers)
        except (Failure, BaseExceptionGroup) as exc:
            stats.fail(operation.label, exc)
            if not STATS_DIR:
                raise  # CI: let Hypothesis report it; a longer run collects them all

    _seeded(answer_is_documented, round_number)()


@pytest.mark.django_db
@pytest.mark.parametrize("identity", IDENTITIES)
def test_chains_of_operations_answer_as_documented(settings_for_fuzzing, api_world, identity):
    """Create → read/update/delete chains along the inferred links, as each identity."""
    headers = _headers(api_world, identity)
    stats = Stats(identity, "stateful")
    machine = _state_machine(_schema(), headers, stats, api_world.ids)
    for round_number in _rounds():
        stats.rounds += 1
        try:
            _seeded(machine, round_number).run(
                settings=_hypothesis_settings(SCENARIOS, stateful_step_count=STEPS)
            )
        except Exception as exc:
            if not STATS_DIR:
                raise
            stats.errors.setdefault(type(exc).__name__, f"{exc}"[:2000])  # next round, next seed
    stats.write()
    assert not stats.failures, stats.failing
    if identity in ("superuser", "animator"):
        # They may act on anything: some chains must have been followed to an answer in 2xx, or
        # the test tests nothing (the others' chains mostly stop at a 403 or 404: expected).
        assert stats.links_ok > 0, stats.line()


def _state_machine(schema, headers: dict, stats: Stats, ids: dict):
    all_checks = CHECKS | STATEFUL_CHECKS

    class Workflow(schema.as_state_machine()):
        def setup(self):
            # Each scenario starts from the same world (a savepoint rolled back at its end):
            # Hypothesis replays choices and expects the same answers to the same requests.
            self._scenario = transaction.atomic()
            self._scenario.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self._scenario.__exit__(None, None, None)

        def step(self, input):
            case = input.case
            if input.transition is None:
                # A scenario starts from a generated request pointed at the world's real objects,
                # so that creates can succeed and chains go past their first step (random ids
                # answer 404 and nothing follows; the stateless test sends those).
                _point_at_real_objects(case, ids)
            response = case.call(headers=headers)
            self.after_call(response, case)  # recorded: the stateful checks look at the parent
            stats.record(case, response, via_link=input.transition is not None and input.is_applied)
            try:
                case.validate_response(
                    response,
                    checks=_checks(case.operation.label, all_checks),
                    headers=headers,
                    recorder=self.recorder,
                )
            except (Failure, BaseExceptionGroup) as exc:
                stats.fail(case.operation.label, exc)
                if not STATS_DIR:
                    raise
            return StepOutput(response, case)

    return Workflow


# Fields of a request body that name an object of the world, by the key of its id.
BODY_IDS = {
    "collectivite": "collectivite_pk",
    "buyer": "collectivite_pk",
    "space": "space_pk",
    "forum": "forum_pk",
    "tender": "tender_pk",
    "draft": "draft_pk",
    "topic": "topic_pk",
}


def _point_at_real_objects(case, ids: dict) -> None:
    """Real ids in a generated case's path and in its body's reference fields."""
    real = _real_ids(case.operation.path, ids)
    if real and case.path_parameters is not None:
        case.path_parameters = {**case.path_parameters, **real}
    if isinstance(case.body, dict):
        references = {k: ids[BODY_IDS[k]] for k in case.body if k in BODY_IDS}
        if references:
            case.body = {**case.body, **references}


def _real_ids(path: str, ids: dict) -> dict[str, int | str]:
    """Path parameters named as in the schema (``{id}`` after ``/tenders/``…) -> real ids."""
    found = {}
    for before, name in re.findall(r"([^/{}]*)/\{(\w+)\}", path):
        key = COLLECTION_IDS.get(before, name) if name in ("id", "pk") else name
        key = {"tender_id": "tender_pk", "collectivite_id": "collectivite_pk"}.get(key, key)
        if key in ids:
            found[name] = ids[key]
    return found


@pytest.fixture
def settings_for_fuzzing(settings):
    """Call the WSGI app directly, as Django's test client would.

    Like the test client, keep Django from closing the database connection at the end of each
    request: that connection holds the test's transaction (PostgreSQL would lose it).
    """
    settings.ALLOWED_HOSTS = ["*"]
    settings.LOGIN_THROTTLE_RATE = "100000/min"
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
