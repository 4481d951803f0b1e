"""The audit trail is read by a collectivité's referents and by animators."""

import pytest

from ..factories import MembershipFactory


@pytest.fixture
def history(rennes, brest, referent, outsider, animator):
    # Each membership wrote a "membership.created" event in its collectivité; granting the
    # animator role wrote one that belongs to no collectivité.
    MembershipFactory(collectivite=rennes)
    MembershipFactory(collectivite=brest)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("animator", {"Rennes", "Brest", None}),
        ("superuser", {"Rennes", "Brest", None}),
        ("referent", {"Rennes"}),
        ("outsider", {"Brest"}),  # referent of Brest
        ("agent", set()),
        ("moderator", set()),
        ("company_user", set()),
    ],
)
def test_who_reads_which_events(request, client_for, history, role, visible):
    body = (
        client_for(request.getfixturevalue(role)).get("/api/v1/audit-events/?page_size=100").json()
    )
    seen = {(e["collectivite"] or {}).get("name") for e in body["results"]}
    assert seen == visible


@pytest.mark.django_db
def test_filters_and_detail(client_for, history, referent, rennes, brest, outsider):
    client = client_for(referent)
    events = client.get(f"/api/v1/audit-events/?collectivite={rennes.pk}&action=membership").json()
    assert events["count"] == 2 and {e["action"] for e in events["results"]} == {
        "membership.created"
    }
    first = events["results"][0]
    assert client.get(f"/api/v1/audit-events/{first['id']}/").status_code == 200
    foreign = (
        client_for(outsider)
        .get(f"/api/v1/audit-events/?collectivite={brest.pk}")
        .json()["results"][0]
    )
    assert client.get(f"/api/v1/audit-events/{foreign['id']}/").status_code == 404


@pytest.mark.django_db
def test_the_audit_list_costs_the_same_queries_for_few_or_many_events(
    client_for, animator, rennes, django_assert_num_queries
):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=animator).key}")
    client.get("/api/v1/audit-events/")
    with django_assert_num_queries(4):  # token+user, roles, count, page
        client.get("/api/v1/audit-events/")
    for _ in range(30):
        MembershipFactory(collectivite=rennes)
    with django_assert_num_queries(4):
        assert client.get("/api/v1/audit-events/?page_size=100").json()["count"] >= 30
