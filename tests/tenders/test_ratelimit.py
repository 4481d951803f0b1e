"""Bid submissions and DCE downloads are rate-limited per account and per address: past the
limit a 429 says how long to wait; nothing is recorded for the refused request."""

import pytest
from django.core.cache import cache

from tenders import ratelimit
from tenders.models import Bid, Download

from .bidding import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def test_rates_are_parsed():
    assert ratelimit.parse_rate("20/hour") == (20, 3600)
    assert ratelimit.parse_rate("3/min") == (3, 60)
    assert ratelimit.parse_rate("") is None


def test_submissions_per_account_stop_at_the_limit(client_for, company_user, published, settings):
    settings.TENDER_RATE_LIMITS = {"bid_submit": {"account": "2/hour", "address": ""}}
    client = client_for(company_user)
    assert submit(client, published).status_code == 201
    assert submit(client, published).status_code == 201
    refused = submit(client, published)  # the third in the hour
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "throttled" and body["extra"]["per"] == "account"
    wait = body["extra"]["retry_after_seconds"]
    assert 1 <= wait <= 3601 and refused["Retry-After"] == str(wait)
    assert Bid.objects.count() == 2


def test_submissions_per_address_count_every_account(client_for, company_user, published, settings):
    from ..factories import CompanyFactory, UserFactory

    other = UserFactory(username="autre-entreprise", company=CompanyFactory())
    settings.TENDER_RATE_LIMITS = {"bid_submit": {"account": "", "address": "1/hour"}}
    assert submit(client_for(company_user), published).status_code == 201
    refused = submit(client_for(other), published)  # same address (the test client)
    assert refused.status_code == 429 and refused.json()["extra"]["per"] == "address"


def test_downloads_are_limited_per_address_even_anonymous(api, published, settings):
    settings.TENDER_RATE_LIMITS = {"download": {"account": "", "address": "2/min"}}
    url = f"/api/v1/tenders/{published.pk}/dce.zip"
    assert api.get(url).status_code == 200
    assert api.get(url).status_code == 200
    refused = api.get(url)
    assert refused.status_code == 429
    assert refused.json()["extra"]["retry_after_seconds"] <= 61
    assert Download.objects.count() == 2  # the refused one is not in the registre


def test_a_limit_switched_off_lets_everything_through(api, published, settings):
    settings.TENDER_RATE_LIMITS = {"download": {"account": "", "address": ""}}
    for _ in range(5):
        assert api.get(f"/api/v1/tenders/{published.pk}/dce.zip").status_code == 200
