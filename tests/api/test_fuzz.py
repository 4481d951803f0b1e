"""Property-based: whatever a client sends to any documented operation, the answer is documented.

Schemathesis generates requests from the OpenAPI schema (valid per the schema, then invalid:
wrong types, huge numbers, odd unicode, missing fields) and sends them to the Django app
in-process, as an animator (may call every operation), a company, an agent of a collectivité
who buys, and anonymously. Each answer must not be a 500, and must be what the schema says:
a documented status code, a documented content type, a body that matches the documented schema
(every 4xx in the error shape). Path ids are sometimes those of real objects, so requests reach
the views' own code rather than stopping at a 404.

The budget is small and the seed fixed (CI replays the same examples every run, in a few
minutes on 2 cores); ``FUZZ_RANDOM=1 FUZZ_EXAMPLES=200`` explores new ones, with shrinking.
"""

import os
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .routes import COLLECTION_IDS

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

# Mismatches between the schema and what an operation of another module answers, found by this
# test and left for that module to fix: "METHOD path" -> {check: what was found}. The other
# checks still run on these operations; remove an entry once its operation is fixed.
KNOWN_MISMATCHES: dict[str, dict[str, str]] = {}

RANDOM = bool(os.environ.get("FUZZ_RANDOM"))
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))


@pytest.mark.django_db
@pytest.mark.parametrize("identity", ["animator", "buyer", "company", "anonymous"])
def test_every_answer_is_documented(settings_for_fuzzing, api_world, identity):
    headers = {"X-Forwarded-Proto": "https"}
    if identity != "anonymous":
        user = getattr(api_world, identity)
        headers["Authorization"] = f"Token {Token.objects.create(user=user).key}"
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 10
    assert set(KNOWN_MISMATCHES) <= {operation.label for operation in operations}
    failures = []
    for operation in operations:
        if SKIPPED.search(operation.path):
            continue
        known = KNOWN_MISMATCHES.get(operation.label, {})
        checks = [check for name, check in CHECKS.items() if name not in known]
        real_ids = _real_ids(operation.path, api_world.ids)
        try:
            _fuzz(operation, real_ids, headers, checks)
        except (Exception, BaseExceptionGroup) as exc:  # report every operation, not the first
            failures.append(f"{operation.label} as {identity}: {exc}")
    assert not failures, "\n\n".join(failures)


def _fuzz(operation, real_ids: dict, headers: dict, checks: list) -> None:
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real_ids),
        operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=real_ids),
    )

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=not RANDOM,
        database=None,
        phases=list(Phase) if RANDOM else [Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def answer_is_documented(case):
        case.call_and_validate(headers=headers, checks=checks)

    answer_is_documented()


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
