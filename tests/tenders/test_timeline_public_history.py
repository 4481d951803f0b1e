"""The public timeline must not reveal what the buyer did while the tender was a draft
(``selectors.PUBLIC_EVENTS``: "the buyer's side also sees drafts' edits")."""

import pytest

from tenders import services

from .conftest import make_tender, pdf

pytestmark = pytest.mark.django_db


def test_a_piece_deleted_before_publication_is_not_in_the_public_timeline(api, buyer, rennes):
    tender = make_tender(buyer, rennes)
    secret = services.tender_document_add(
        actor=buyer,
        tender=tender,
        title="Estimation interne du maître d'oeuvre",
        file=pdf("estimation.pdf", b"%PDF-1.4 estimation 148 000"),
    )
    services.tender_document_delete(actor=buyer, tender=tender, document=secret)
    services.tender_document_add(actor=buyer, tender=tender, title="RC", file=pdf())
    services.tender_publish(actor=buyer, tender=tender)

    events = api.get(f"/api/v1/tenders/{tender.pk}/timeline/").json()
    assert "Estimation interne" not in str(events), events
