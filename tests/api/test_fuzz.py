"""Property-based: whatever a client sends to any documented operation, never a 500.

Schemathesis generates requests (valid and invalid: wrong types, huge numbers, odd unicode,
missing fields) from the OpenAPI schema and sends them to the Django app in-process, as an
animator, who may call every operation.
"""

import os
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from spaces.services import draft_create, space_create

from ..factories import MembershipFactory

# Revoking the token or logging out would end the session the rest of the run uses.
SKIPPED = re.compile(r"/auth/(token/revoke|logout)/$")


@pytest.mark.django_db
def test_no_input_makes_the_api_fail(settings_for_fuzzing, animator, rennes):
    referent = MembershipFactory(collectivite=rennes, role="referent").user
    # A space and a draft, so that small ids reach the drafting endpoints' own code.
    space = space_create(actor=animator, title="Voirie", members=[(rennes, "editor")])
    draft_create(actor=referent, space=space, title="CCTP", markdown="# CCTP\n\nTexte.\n")
    headers = {
        "Authorization": f"Token {Token.objects.create(user=animator).key}",
        "X-Forwarded-Proto": "https",
    }
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 10
    for operation in operations:
        if SKIPPED.search(operation.path):
            continue

        # CI replays the same examples every run; FUZZ_RANDOM=1 explores new ones.
        @settings(
            max_examples=40,
            deadline=None,
            derandomize=not os.environ.get("FUZZ_RANDOM"),
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def no_server_error(case):
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        no_server_error()


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
