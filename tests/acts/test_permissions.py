"""Who sees and acts: the collectivité's act officers only; other agents and other
collectivités get a 404; the prefecture sees transmitted acts; lists cost a constant number of
queries."""

import pytest

from acts.models import Act
from tests.factories import MembershipFactory

from .conftest import PNG, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def plain_agent(rennes):
    """An agent of the same collectivité without the act-officer capability."""
    return MembershipFactory(collectivite=rennes, capabilities=("buyer",)).user


def test_an_agent_without_the_capability_cannot_submit(submit, plain_agent):
    response = submit(plain_agent)
    assert response.status_code == 403
    assert not Act.objects.exists()


def test_an_officer_of_another_collectivite_cannot_submit_for_this_one(submit, brest_officer):
    assert submit(brest_officer).status_code == 403


def test_anonymous_is_401(submit, api, rennes):
    from .conftest import act_payload

    assert api.post("/api/v1/acts/", act_payload(rennes), format="multipart").status_code == 401
    assert api.get("/api/v1/acts/").status_code == 401


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", ""),
        ("get", "timeline/"),
        ("get", "stamped/"),
        ("get", "acknowledgement/"),
        ("get", "archive/"),
        ("get", "files/{file}/download/"),
        ("post", "transmit/"),
        ("post", "cancel/"),
        ("post", "publish/"),
    ],
)
@pytest.mark.parametrize("who", ["plain_agent", "brest_officer", "company_user", "animator"])
def test_others_get_404_on_every_route(transmitted, client_for, request, method, path, who):
    pk = transmitted()
    act = Act.objects.get(pk=pk)
    url = f"/api/v1/acts/{pk}/" + path.format(file=act.files.get().pk)
    client = client_for(request.getfixturevalue(who))
    response = getattr(client, method)(url, {}, format="json")
    assert response.status_code == 404, (who, url, response.status_code)
    assert client.get("/api/v1/acts/").json()["count"] == 0


def test_the_prefecture_sees_transmitted_acts_only(
    submit, transmitted, officer, prefecture, client_for
):
    posted = submit(officer, number="BROUILLON").json()["id"]
    sent = transmitted()
    listed = [row["id"] for row in client_for(prefecture).get("/api/v1/acts/").json()["results"]]
    assert listed == [sent]
    assert client_for(prefecture).get(f"/api/v1/acts/{posted}/").status_code == 404
    # it reads, but does not act for the collectivité
    assert client_for(prefecture).post(f"/api/v1/acts/{sent}/cancel/").status_code == 403


def test_filters(submit, officer, client_for, transmitted):
    transmitted(number="A1", classification="7.1", decision_date="2026-10-01")
    submit(officer, number="A2", nature=3, classification="4.1", decision_date="2026-11-01")
    client = client_for(officer)

    def numbers(query: str) -> list[str]:
        response = client.get(f"/api/v1/acts/?{query}")
        assert response.status_code == 200, response.json()
        return sorted(row["number"] for row in response.json()["results"])

    assert numbers("status=acknowledged") == ["A1"]
    assert numbers("nature=3") == ["A2"]
    assert numbers("classification=7") == ["A1"]
    assert numbers("classification=4.1") == ["A2"]
    assert numbers("decided_after=2026-10-15") == ["A2"]
    assert numbers("decided_before=2026-10-15") == ["A1"]
    assert numbers("collectivite=999") == []
    for bad in (
        "status=perdu",
        "nature=9",
        "classification=abc",
        "decided_after=demain",
        "collectivite=-1",
    ):
        response = client.get(f"/api/v1/acts/?{bad}")
        assert response.status_code == 400, bad
        assert bad.split("=")[0] in response.json()["extra"]["fields"]


def test_list_query_count_is_constant(submit, officer, client_for, django_assert_num_queries):
    client = client_for(officer)
    submit(officer, number="N1", annexes=[upload("a.png", PNG)])
    client.get("/api/v1/acts/")  # warm caches (content types…)
    with django_assert_num_queries(3):
        client.get("/api/v1/acts/")
    for n in range(2, 8):
        submit(officer, number=f"N{n}", annexes=[upload("a.png", PNG), upload("b.png", PNG)])
    with django_assert_num_queries(3):
        response = client.get("/api/v1/acts/")
    assert response.json()["count"] == 7
