"""The public directory of collectivités."""

import pytest

from collectivites.services import collectivite_update

from ..factories import CollectiviteFactory


@pytest.fixture
def network(db):
    return [
        CollectiviteFactory(name="Plouénan", departement_code="29"),
        CollectiviteFactory(name="Quimper", departement_code="29"),
        CollectiviteFactory(name="Saint-Brieuc", departement_code="22"),
        CollectiviteFactory(name="Rennes Métropole", kind="epci", departement_code="35"),
        CollectiviteFactory(
            name="Centre hospitalier de Saint-Brieuc",
            kind="etablissement_public",
            departement_code="22",
        ),
    ]


@pytest.mark.django_db
def test_anyone_can_list_the_directory_with_a_count(api, network):
    body = api.get("/api/v1/collectivites/").json()
    assert body["count"] == 5
    assert [c["name"] for c in body["results"]][:2] == [
        "Centre hospitalier de Saint-Brieuc",
        "Plouénan",
    ]
    assert set(body["results"][0]) == {
        "id",
        "name",
        "kind",
        "kind_label",
        "siren",
        "departement_code",
        "adhesion_date",
        "is_active",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=epci", ["Rennes Métropole"]),
        ("departement=22", ["Centre hospitalier de Saint-Brieuc", "Saint-Brieuc"]),
        ("search=plouenan", ["Plouénan"]),  # accents do not matter
        ("search=SAINT BRIEUC", ["Centre hospitalier de Saint-Brieuc", "Saint-Brieuc"]),
        ("search=brieuc&kind=commune", ["Saint-Brieuc"]),
        ("search=métropole", ["Rennes Métropole"]),
        ("search=nowhere", []),
    ],
)
def test_filters_and_search(api, network, query, expected):
    body = api.get(f"/api/v1/collectivites/?{query}").json()
    assert [c["name"] for c in body["results"]] == expected
    assert body["count"] == len(expected)


@pytest.mark.django_db
def test_an_unknown_kind_is_a_field_error(api, network):
    response = api.get("/api/v1/collectivites/?kind=planet")
    assert response.status_code == 400
    assert "kind" in response.json()["extra"]["fields"]


@pytest.mark.django_db
def test_pagination(api, network):
    first = api.get("/api/v1/collectivites/?page_size=2").json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["previous"] is None
    assert "page=2" in first["next"]
    last = api.get("/api/v1/collectivites/?page_size=2&page=3").json()
    assert len(last["results"]) == 1 and last["next"] is None
    beyond = api.get("/api/v1/collectivites/?page_size=2&page=9")
    assert beyond.status_code == 404
    assert beyond.json()["message"] == "Page invalide."


@pytest.mark.django_db
def test_detail_and_inactive_collectivites(api, client_for, animator, network):
    closed = network[0]
    assert api.get(f"/api/v1/collectivites/{closed.pk}/").status_code == 200
    collectivite_update(actor=None, collectivite=closed, is_active=False)
    assert api.get(f"/api/v1/collectivites/{closed.pk}/").status_code == 404
    assert api.get("/api/v1/collectivites/").json()["count"] == 4
    as_animator = client_for(animator)
    assert as_animator.get(f"/api/v1/collectivites/{closed.pk}/").json()["is_active"] is False
    assert as_animator.get("/api/v1/collectivites/").json()["count"] == 5


@pytest.mark.django_db
def test_the_list_costs_the_same_number_of_queries_for_5_or_50(
    api, network, django_assert_num_queries
):
    with django_assert_num_queries(2):  # count + page
        api.get("/api/v1/collectivites/")
    for n in range(45):
        CollectiviteFactory(name=f"Commune {n}")
    with django_assert_num_queries(2):
        assert api.get("/api/v1/collectivites/?page_size=100").json()["count"] == 50


@pytest.mark.django_db
def test_the_directory_is_in_french_alphabetical_order(api):
    for name in ["CHU de Brest", "Carhaix-Plouguer", "Île-Tudy", "Irvillac", "Hôpital de Vitré"]:
        CollectiviteFactory(name=name)
    names = [c["name"] for c in api.get("/api/v1/collectivites/").json()["results"]]
    assert names == ["Carhaix-Plouguer", "CHU de Brest", "Hôpital de Vitré", "Île-Tudy", "Irvillac"]
