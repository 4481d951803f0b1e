"""Notices written from the consultation's data (HTML and PDF), the publicity its value
requires (R.2131-12, R.2131-16), and sending to the BOAMP/TED through a connector, by a task."""

from datetime import date
from decimal import Decimal

import pytest

from collectivites.models import AuditEvent
from tenders.models import NoticeSending, Tender
from tenders.publication import simulated
from tenders.publicity import publicity_for
from tenders.services import notices as notice_services

from .awarding import CONTRACT
from .conftest import expire

pytestmark = pytest.mark.django_db
ON = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _journal():
    simulated.SENT.clear()
    simulated.FAIL_NEXT["count"] = 0
    yield
    simulated.FAIL_NEXT["count"] = 0


@pytest.mark.parametrize(
    ("nature", "value", "level", "channels"),
    [
        ("services", "59999.99", "none_required", ["buyer_profile"]),
        ("services", "60000", "buyer_profile", ["buyer_profile"]),
        ("services", "89999.99", "buyer_profile", ["buyer_profile"]),
        ("services", "90000", "national", ["buyer_profile", "boamp"]),
        ("services", "215999.99", "national", ["buyer_profile", "boamp"]),
        ("services", "216000", "european", ["buyer_profile", "boamp", "joue"]),
        ("travaux", "99999.99", "none_required", ["buyer_profile"]),
        ("travaux", "100000", "national", ["buyer_profile", "boamp"]),
        ("travaux", "5403999.99", "national", ["buyer_profile", "boamp"]),
        ("travaux", "5404000", "european", ["buyer_profile", "boamp", "joue"]),
    ],
)
def test_the_publicity_level_follows_the_value(nature, value, level, channels):
    tender = Tender(nature=nature, estimated_value=Decimal(value))
    publicity = publicity_for(tender, on=ON)
    assert publicity.level == level
    assert list(publicity.channels) == channels


def test_the_contract_notice_in_html_and_pdf(api, published):
    html = api.get(f"/api/v1/tenders/{published.pk}/notices/contract.html")
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    text = html.content.decode()
    assert published.reference in text and published.buyer.name in text
    assert "Date limite de réception des offres" in text
    assert "BOAMP" in text  # 150 000 € HT of works: buyer profile and BOAMP
    pdf = api.get(f"/api/v1/tenders/{published.pk}/notices/contract.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_award_notice_only_once_awarded(client_for, api, buyer, company_user, published):
    assert api.get(f"/api/v1/tenders/{published.pk}/notices/award.html").status_code == 409
    expire(published)
    client = client_for(buyer)
    assert client.post(f"/api/v1/tenders/{published.pk}/open/").status_code == 200
    award = {
        "amount": "142000.00",
        "companies": [{"siret": company_user.company.siret}],
        **CONTRACT,
    }
    response = client.post(
        f"/api/v1/tenders/{published.pk}/award/", {"awards": [award]}, format="json"
    )
    assert response.status_code in (200, 201), response.json()
    text = api.get(f"/api/v1/tenders/{published.pk}/notices/award.html").content.decode()
    assert "Avis d&#x27;attribution" in text and company_user.company.siret in text
    assert "142" in text
    assert api.get(f"/api/v1/tenders/{published.pk}/notices/other.html").status_code == 404


def test_sending_goes_through_the_connector_by_a_task_audited(
    client_for, buyer, published, django_capture_on_commit_callbacks
):
    client = client_for(buyer)
    url = f"/api/v1/tenders/{published.pk}/notices/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": "contract", "channel": "boamp"}, format="json")
    assert response.status_code == 202, response.json()
    sending = NoticeSending.objects.get()
    assert sending.status == "sent" and sending.external_reference.startswith("SIM-BOAMP-")
    (sent,) = simulated.SENT
    assert sent.html == sending.html and published.reference in sent.html
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"tender.notice_requested", "tender.notice_sent"} <= actions
    listing = client.get(url).json()
    assert listing["publicity"]["level"] == "national"
    assert [item["status"] for item in listing["sendings"]] == ["sent"]
    again = client.post(url, {"kind": "contract", "channel": "boamp"}, format="json")
    assert again.status_code == 409
    profile = client.post(url, {"kind": "contract", "channel": "buyer_profile"}, format="json")
    assert profile.status_code == 400 and "channel" in profile.json()["extra"]["fields"]
    assert NoticeSending.objects.count() == 1


def test_a_failed_send_is_recorded_and_retried(client_for, buyer, published):
    simulated.FAIL_NEXT["count"] = 1
    client_for(buyer).post(
        f"/api/v1/tenders/{published.pk}/notices/",
        {"kind": "contract", "channel": "joue"},
        format="json",
    )
    sending = NoticeSending.objects.get()
    from tenders.publication import PublicationError

    with pytest.raises(PublicationError):
        notice_services.notice_deliver(sending_id=sending.pk)
    sending.refresh_from_db()
    assert (sending.status, sending.attempts) == ("queued", 1)
    assert "indisponible" in sending.last_error
    notice_services.notice_deliver(sending_id=sending.pk)  # the retry
    sending.refresh_from_db()
    assert (sending.status, sending.attempts) == ("sent", 2)
    assert AuditEvent.objects.filter(action="tender.notice_failed").count() == 1


def test_only_the_buyer_sends(client_for, company_user, published):
    response = client_for(company_user).post(
        f"/api/v1/tenders/{published.pk}/notices/",
        {"kind": "contract", "channel": "boamp"},
        format="json",
    )
    assert response.status_code == 403
    assert not NoticeSending.objects.exists()
