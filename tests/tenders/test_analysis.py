"""The analysis grid: criteria weighted to 100 and frozen at publication, scores of the opened
offers by the buyer's office, weighted totals, ranking, the report in PDF, and the scores quoted
in the rejection letters."""

import pytest
from django.utils import timezone

from tenders import services
from tenders.models import Bid, Criterion, OfferScore

from ..factories import CompanyFactory, UserFactory
from .choosing import REASONS, award_to, opened_with_bids
from .conftest import expire, make_tender, pdf

pytestmark = pytest.mark.django_db

CRITERIA = [{"name": "Prix", "weight": 60}, {"name": "Valeur technique", "weight": 40}]


def _put(client, tender, criteria):
    return client.put(
        f"/api/v1/tenders/{tender.pk}/analysis/criteria/", {"criteria": criteria}, format="json"
    )


def test_weights_add_up_to_100_and_freeze_at_publication(client_for, api, buyer, rennes):
    tender = make_tender(buyer, rennes)
    client = client_for(buyer)
    response = _put(
        client, tender, [{"name": "Prix", "weight": 60}, {"name": "Délai", "weight": 30}]
    )
    assert response.status_code == 400
    assert "90 %" in response.json()["message"] and "R.2152-12" in response.json()["message"]
    assert not Criterion.objects.exists()
    twice = [{"name": "Prix", "weight": 50}, {"name": "prix", "weight": 50}]
    assert _put(client, tender, twice).status_code == 400
    response = _put(client, tender, CRITERIA)
    assert response.status_code == 200, response.json()
    assert [(c["name"], c["weight"]) for c in response.json()] == [
        ("Prix", 60),
        ("Valeur technique", 40),
    ]
    services.tender_document_add(actor=buyer, tender=tender, title="RC", file=pdf())
    services.tender_publish(actor=buyer, tender=tender)
    response = _put(client, tender, [{"name": "Prix", "weight": 100}])
    assert response.status_code == 400
    assert response.json()["extra"]["rule"] == "R.2152-12"
    assert Criterion.objects.count() == 2
    # Public with the consultation.
    public = api.get(f"/api/v1/tenders/{tender.pk}/analysis/criteria/").json()
    assert [c["weight"] for c in public] == [60, 40]


def _scored(client_for, buyer, rennes):
    tender = make_tender(
        buyer,
        rennes,
        reference="2026-AO-02",
        procedure="appel_offres_ouvert",
        estimated_value=6000000,
    )
    services.criteria_set(actor=buyer, tender=tender, criteria=CRITERIA)
    services.tender_document_add(actor=buyer, tender=tender, title="RC", file=pdf())
    services.tender_publish(actor=buyer, tender=tender)
    users = []
    for index in range(3):
        user = UserFactory(username=f"offre{index}", company=CompanyFactory(name=f"Offre {index}"))
        Bid.objects.create(
            tender=tender, company=user.company, submitted_by=user, submitted_at=timezone.now()
        )
        users.append(user)
    expire(tender)
    services.tender_close_due()
    tender.refresh_from_db()
    services.tender_open(actor=buyer, tender=tender)
    return tender, users


def test_scores_totals_ranking_and_report(client_for, buyer, rennes):
    tender, users = _scored(client_for, buyer, rennes)
    client = client_for(buyer)
    prix, technique = tender.criteria.order_by("position")
    bids = {bid.company_id: bid for bid in Bid.objects.filter(tender=tender)}
    marks = {0: ("8", "6"), 1: ("10", "5"), 2: ("4", "9.5")}
    for index, (p, t) in marks.items():
        response = client.post(
            f"/api/v1/tenders/{tender.pk}/analysis/{bids[users[index].company_id].pk}/scores/",
            {
                "scores": [
                    {"criterion": prix.pk, "score": p, "comment": "Prix"},
                    {"criterion": technique.pk, "score": t},
                ]
            },
            format="json",
        )
        assert response.status_code == 200, response.json()
    grid = client.get(f"/api/v1/tenders/{tender.pk}/analysis/").json()
    rows = grid[0]["rows"]
    # 8*6+6*4 = 72 ; 10*6+5*4 = 80 ; 4*6+9.5*4 = 62
    assert [(row["company"], row["total"], row["rank"]) for row in rows] == [
        ("Offre 1", "80.00", 1),
        ("Offre 0", "72.00", 2),
        ("Offre 2", "62.00", 3),
    ]
    report = client.get(f"/api/v1/tenders/{tender.pk}/analysis/report/")
    assert report.status_code == 200 and report.content.startswith(b"%PDF")

    # Out of range, an unknown criterion: 400, nothing written.
    before = OfferScore.objects.count()
    url = f"/api/v1/tenders/{tender.pk}/analysis/{bids[users[0].company_id].pk}/scores/"
    assert (
        client.post(
            url, {"scores": [{"criterion": prix.pk, "score": "11"}]}, format="json"
        ).status_code
        == 400
    )
    assert (
        client.post(
            url, {"scores": [{"criterion": 99999, "score": "1"}]}, format="json"
        ).status_code
        == 400
    )
    assert OfferScore.objects.count() == before
    # The buyer's office only: not a company, not a superuser-less animator.
    assert client_for(users[0]).post(url, {"scores": []}, format="json").status_code == 403

    # The choice quotes the grid in the letters; the grid is then frozen.
    award = award_to(buyer, tender, users[1])
    services.rejection_letters_send(actor=buyer, award=award, **REASONS)
    letter = award.rejection_letters.get(company=users[0].company)
    assert letter.content["scores"] == {
        "own_total": "72.00",
        "own_rank": 2,
        "winner_total": "80.00",
        "winner_rank": 1,
        "offers": 3,
    }
    text = client_for(users[0]).get("/api/v1/me/rejection-letters/").json()["results"][0]["text"]
    assert "72.00/100 (rang 2 sur 3)" in text and "offre retenue : 80.00/100" in text
    frozen = client.post(url, {"scores": [{"criterion": prix.pk, "score": "10"}]}, format="json")
    assert frozen.status_code == 400


def test_only_opened_current_bids_are_scored(client_for, buyer, rennes):
    tender, _users = _scored(client_for, buyer, rennes)
    old = Bid.objects.filter(tender=tender).first()
    Bid.objects.filter(pk=old.pk).update(is_current=False)
    prix = tender.criteria.first()
    response = client_for(buyer).post(
        f"/api/v1/tenders/{tender.pk}/analysis/{old.pk}/scores/",
        {"scores": [{"criterion": prix.pk, "score": "5"}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["extra"]["rule"] == "R.2151-6"


def test_a_sealed_tender_has_no_grid(client_for, buyer, rennes):
    tender, _users = opened_with_bids(buyer, rennes)
    sealed = make_tender(buyer, rennes, reference="SCELLE")
    assert client_for(buyer).get(f"/api/v1/tenders/{sealed.pk}/analysis/").status_code == 409
    assert client_for(buyer).get(f"/api/v1/tenders/{tender.pk}/analysis/").status_code == 200
