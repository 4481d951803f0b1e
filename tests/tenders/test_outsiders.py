"""The services are where permissions are enforced: called directly (no view in front) by an
outsider — an account with no membership, no platform role, no company — every write service
of the tender room refuses and writes nothing, not even an audit event or a notification.

And the decisions the rules make explicit: opening the bids is the buyer's own act (a superuser
may not open another body's tender), as reading them is.
"""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from collectivites.errors import ApplicationError, NotFoundError, PermissionDeniedError
from collectivites.models import AuditEvent
from spaces.services import draft_create, space_create
from tenders import services
from tenders.models import (
    Answer,
    AnswerFile,
    Award,
    AwardNotification,
    Bid,
    BidFile,
    BidOpening,
    Candidature,
    CandidatureFile,
    CandidatureRequirement,
    Certificate,
    ClarificationRequest,
    ContractModification,
    Criterion,
    DocumentVersion,
    Download,
    EarlierBidOpening,
    Notification,
    OfferScore,
    Question,
    RefusedDeposit,
    RejectionLetter,
    Tender,
    TenderDocument,
)

from ..factories import CompanyFactory, UserFactory
from .awarding import contract
from .bidding import offer
from .conftest import expire, make_tender, pdf, published_tender

pytestmark = pytest.mark.django_db

MODELS = (
    Tender,
    TenderDocument,
    DocumentVersion,
    Question,
    Answer,
    Bid,
    BidFile,
    BidOpening,
    Award,
    Download,
    Notification,
    AuditEvent,
    Candidature,
    CandidatureFile,
    CandidatureRequirement,
    EarlierBidOpening,
    RefusedDeposit,
    ClarificationRequest,
    AnswerFile,
    Criterion,
    OfferScore,
    RejectionLetter,
    Certificate,
    AwardNotification,
    ContractModification,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def nobody(db):
    """No membership, no platform role, no company: an account and nothing else."""
    return UserFactory(username="personne")


@pytest.fixture
def room(buyer, rennes, brest, animator):
    """A tender in each state a write service needs, with a question, a bid and a download."""
    draft = make_tender(buyer, rennes, reference="BROUILLON")
    services.tender_document_add(actor=buyer, tender=draft, title="RC", file=pdf())
    published = published_tender(buyer, rennes, reference="PUBLIEE")
    company = UserFactory(username="soumissionnaire", company=CompanyFactory())
    question = services.question_ask(actor=company, tender=published, text="Visite possible ?")
    answered = services.question_ask(actor=company, tender=published, text="Variantes ?")
    services.question_answer(actor=buyer, question=answered, text="Non.")  # a notification
    services.document_download(
        actor=company,
        tender=published,
        document_id=published.documents.get().pk,
    )
    closed = published_tender(buyer, rennes, reference="CLOSE")
    bid = services.bid_submit(actor=company, tender=closed, files=[offer()])
    expire(closed)
    services.tender_close_due()
    opened = published_tender(buyer, rennes, reference="OUVERTE")
    opened_bid = services.bid_submit(actor=company, tender=opened, files=[offer()])
    expire(opened)
    services.tender_open(actor=buyer, tender=opened)
    restricted = published_tender(
        buyer,
        rennes,
        reference="RESTREINT",
        procedure="appel_offres_restreint",
        candidature_deadline=timezone.now() + timedelta(days=40),
        question_deadline=None,
        response_deadline=None,
    )
    space = space_create(actor=animator, title="Rédaction", members=[(rennes, "editor")])
    cctp = draft_create(actor=buyer, space=space, title="CCTP", markdown="# CCTP\n")
    # After the choice: an awarded tender with a rejected bidder and certificates asked.
    awarded = published_tender(buyer, rennes, reference="ATTRIBUEE")
    services.bid_submit(actor=company, tender=awarded, files=[offer()])
    rival = UserFactory(username="concurrent", company=CompanyFactory())
    services.bid_submit(actor=rival, tender=awarded, files=[offer()])
    expire(awarded)
    services.tender_open(actor=buyer, tender=awarded)
    award = services.tender_award(
        actor=buyer,
        tender=awarded,
        awards=[
            {
                "amount": Decimal("1000"),
                "companies": [{"siret": company.company.siret}],
                **contract(),
            }
        ],
    )[0]
    services.certificates_request(actor=buyer, award=award)
    for tender in (draft, published, closed, opened, awarded):
        tender.refresh_from_db()
    return {
        "draft": draft,
        "published": published,
        "closed": closed,
        "opened": opened,
        "question": question,
        "bid": bid,
        "opened_bid": opened_bid,
        "cctp": cctp,
        "restricted": restricted,
        "award": award,
        "company": company,
    }


def _calls(room, rennes):
    """Every write service of the tender room, as an outsider would call it."""
    draft, published, closed, opened = (
        room[name] for name in ("draft", "published", "closed", "opened")
    )
    document = draft.documents.get()
    opened_file = room["opened_bid"].files.get()
    award = room["award"]
    certificate = award.certificates.first()
    return {
        "tender_create": lambda actor: services.tender_create(
            actor=actor,
            buyer=rennes,
            reference="INTRUS",
            title="Consultation d'un intrus",
            procedure="mapa",
            nature="travaux",
            estimated_value=Decimal("1000"),
        ),
        "tender_update": lambda actor: services.tender_update(
            actor=actor, tender=draft, title="Titre changé"
        ),
        "tender_publish": lambda actor: services.tender_publish(actor=actor, tender=draft),
        "tender_cancel": lambda actor: services.tender_cancel(
            actor=actor, tender=published, reason="Parce que."
        ),
        "tender_open": lambda actor: services.tender_open(actor=actor, tender=closed),
        "tender_declare_unsuccessful": lambda actor: services.tender_declare_unsuccessful(
            actor=actor, tender=closed, reason="Rien."
        ),
        "tender_award": lambda actor: services.tender_award(
            actor=actor,
            tender=opened,
            awards=[
                {
                    "amount": Decimal("1000"),
                    "companies": [{"siret": room["opened_bid"].company.siret}],
                    **contract(),
                }
            ],
        ),
        "tender_document_add": lambda actor: services.tender_document_add(
            actor=actor, tender=draft, title="Intrus", file=pdf("intrus.pdf")
        ),
        "tender_document_revise": lambda actor: services.tender_document_revise(
            actor=actor, tender=draft, document=document, file=pdf("v2.pdf")
        ),
        "tender_document_delete": lambda actor: services.tender_document_delete(
            actor=actor, tender=draft, document=document
        ),
        "tender_document_from_draft": lambda actor: services.tender_document_from_draft(
            actor=actor, tender=draft, draft=room["cctp"]
        ),
        "document_download (draft)": lambda actor: services.document_download(
            actor=actor, tender=draft, document_id=document.pk
        ),
        "dce_download (draft)": lambda actor: services.dce_download(actor=actor, tender=draft),
        "dce_current_versions (draft)": lambda actor: services.dce_current_versions(
            actor=actor, tender=draft
        ),
        "question_ask": lambda actor: services.question_ask(
            actor=actor, tender=published, text="Qui êtes-vous ?"
        ),
        "question_answer": lambda actor: services.question_answer(
            actor=actor, question=room["question"], text="Réponse d'un intrus."
        ),
        "bid_submit": lambda actor: services.bid_submit(
            actor=actor, tender=published, files=[offer()]
        ),
        "bid_file_read": lambda actor: services.bid_file_read(
            actor=actor, tender=opened, bid_id=room["opened_bid"].pk, file_id=opened_file.pk
        ),
        "candidature_requirements_set": lambda actor: services.candidature_requirements_set(
            actor=actor, tender=room["restricted"], items=[{"kind": "dume", "label": "DUME"}]
        ),
        "candidature_submit": lambda actor: services.candidature_submit(
            actor=actor, tender=room["restricted"], files=[offer()]
        ),
        "candidature_decide": lambda actor: services.candidature_decide(
            actor=actor, tender=room["restricted"], candidature_id=1, admitted=True
        ),
        "candidature_invite": lambda actor: services.candidature_invite(
            actor=actor,
            tender=room["restricted"],
            response_deadline=timezone.now() + timedelta(days=40),
        ),
        "candidature_file_read": lambda actor: services.candidature_file_read(
            actor=actor, tender=room["restricted"], candidature_id=1, file_id=1
        ),
        "clarification_request_send": lambda actor: services.clarification_request_send(
            actor=actor,
            tender=opened,
            company_id=room["opened_bid"].company_id,
            kind="preciser_offre",
            text="Précisez.",
            deadline=timezone.now() + timedelta(days=3),
        ),
        "clarification_answer": lambda actor: services.clarification_answer(
            actor=actor, request_id=1, text="Réponse d'un intrus."
        ),
        "clarification_answer_read": lambda actor: services.clarification_answer_read(
            actor=actor, tender=opened, request_id=1, file_id=1
        ),
        "bid_open_earlier": lambda actor: services.bid_open_earlier(
            actor=actor, tender=opened, bid_id=room["opened_bid"].pk, reason="Motif."
        ),
        "criteria_set": lambda actor: services.criteria_set(
            actor=actor, tender=draft, criteria=[{"name": "Prix", "weight": 100}]
        ),
        "offer_scores_set": lambda actor: services.offer_scores_set(
            actor=actor, tender=opened, bid_id=room["opened_bid"].pk, scores=[]
        ),
        "rejection_letters_send": lambda actor: services.rejection_letters_send(
            actor=actor, award=award, reasons="Prix.", winner_reasons="Moins cher."
        ),
        "certificates_request": lambda actor: services.certificates_request(
            actor=actor, award=award
        ),
        "certificate_upload": lambda actor: services.certificate_upload(
            actor=actor, award=award, certificate_id=certificate.pk, file=pdf("urssaf.pdf")
        ),
        "certificate_review": lambda actor: services.certificate_review(
            actor=actor, award=award, certificate_id=certificate.pk, accept=True
        ),
        "award_notify": lambda actor: services.award_notify(actor=actor, award=award),
        "award_notification_record": lambda actor: services.award_notification_record(
            actor=actor, award=award, notification_date=datetime.date.today()
        ),
        "award_acknowledge": lambda actor: services.award_acknowledge(actor=actor, award=award),
        "award_correct": lambda actor: services.award_correct(
            actor=actor, award=award, reason="Coquille.", changes={"amount": Decimal("999")}
        ),
        "contract_modification_add": lambda actor: services.contract_modification_add(
            actor=actor,
            award=award,
            object="Avenant",
            amount=Decimal("1100"),
            signed_on=datetime.date.today(),
            notified_on=datetime.date.today(),
        ),
    }


SERVICES = [
    "tender_create",
    "tender_update",
    "tender_publish",
    "tender_cancel",
    "tender_open",
    "tender_declare_unsuccessful",
    "tender_award",
    "tender_document_add",
    "tender_document_revise",
    "tender_document_delete",
    "tender_document_from_draft",
    "document_download (draft)",
    "dce_download (draft)",
    "dce_current_versions (draft)",
    "question_ask",
    "question_answer",
    "bid_submit",
    "bid_file_read",
    "bid_open_earlier",
    "candidature_requirements_set",
    "candidature_submit",
    "candidature_decide",
    "candidature_invite",
    "candidature_file_read",
    "clarification_request_send",
    "clarification_answer",
    "clarification_answer_read",
    "criteria_set",
    "offer_scores_set",
    "rejection_letters_send",
    "certificates_request",
    "certificate_upload",
    "certificate_review",
    "award_notify",
    "award_notification_record",
    "award_acknowledge",
    "award_correct",
    "contract_modification_add",
]


@pytest.mark.parametrize("name", SERVICES)
def test_an_outsider_calling_a_write_service_is_refused_and_nothing_is_written(
    name, room, rennes, nobody
):
    call = _calls(room, rennes)[name]
    before = _counts()
    with pytest.raises((PermissionDeniedError, NotFoundError)):
        call(nobody)
    assert _counts() == before
    # The buyer's own call passes the permission check (it may still meet a state rule): the
    # refusal above is the permission layer's, not a broken fixture.
    company_acts = {"award_acknowledge", "certificate_upload"}  # the titulaire's, tested apart
    if name not in {
        "question_ask",
        "bid_submit",
        "tender_document_from_draft",
        "candidature_submit",
        "clarification_answer",  # a company's act: the buyer has no company
        "clarification_answer_read",  # no answer in the room: the buyer's 404 is the file's
        *company_acts,
    }:
        try:
            call(room["draft"].created_by)
        except ApplicationError as error:
            assert not isinstance(error, PermissionDeniedError | NotFoundError), error


def test_every_write_service_is_covered():
    """A new service of the package lands in this test, or this test says so."""
    exported = set(services.__all__)
    not_writes = {
        "LateBidError",
        "TooLargeError",
        "bid_check_files",  # checks uploads, stores nothing
        "bid_require_readable",  # a check
        "candidature_require_readable",  # a check
        "max_request_bytes",
        "publicity_required",  # a computation
        "tender_close_due",  # the clock's act (cron and lazy reads), no actor
        "notification_mark_read",  # the actor's own rows only: tested below
    }
    covered = {name.split(" ")[0] for name in SERVICES}
    assert exported - not_writes == covered


def test_marking_notifications_read_touches_only_ones_own(room, nobody):
    notified = Notification.objects.filter(read_at__isnull=True)
    assert notified.exists()
    ids = list(notified.values_list("pk", flat=True))
    assert services.notification_mark_read(actor=nobody, ids=ids) == 0
    assert services.notification_mark_read(actor=nobody) == 0
    assert Notification.objects.filter(read_at__isnull=True).count() == len(ids)


def test_opening_the_bids_is_the_buyers_act_superusers_do_not_pass(room, superuser, animator):
    closed = room["closed"]
    before = _counts()
    for user in (superuser, animator):
        with pytest.raises(PermissionDeniedError):
            services.tender_open(actor=user, tender=closed)
    assert _counts() == before
    closed.refresh_from_db()
    assert closed.status == "closed"
    services.tender_open(actor=closed.created_by, tender=closed)
    assert closed.status == "opened"


def test_opening_through_the_api_is_refused_to_a_superuser(room, superuser, client_for):
    response = client_for(superuser).post(f"/api/v1/tenders/{room['closed'].pk}/open/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_a_superuser_does_not_see_who_asked(room, superuser, client_for):
    published = room["published"]
    answer = client_for(superuser).get(f"/api/v1/tenders/{published.pk}/questions/")
    assert answer.status_code == 200
    questions = answer.json()["results"]
    assert len(questions) == 2
    assert all(q["company"] is None and q["asked_by"] is None for q in questions)


def test_a_refusal_does_not_disclose_a_draft(room, nobody):
    with pytest.raises(NotFoundError):
        services.tender_publish(actor=nobody, tender=room["draft"])
    with pytest.raises(PermissionDeniedError):
        services.tender_cancel(actor=nobody, tender=room["published"], reason="Non.")


def test_the_titulaires_acts_are_its_own(room, superuser, animator):
    """Depositing a certificate and acknowledging the notification: the titulaire's users only,
    not the buyer, an animator or a superuser."""
    award, buyer = room["award"], room["draft"].created_by
    certificate = award.certificates.filter(company=room["company"].company).first()
    before = _counts()
    for user in (buyer, superuser, animator):
        with pytest.raises((PermissionDeniedError, NotFoundError)):
            services.certificate_upload(
                actor=user, award=award, certificate_id=certificate.pk, file=pdf("kbis.pdf")
            )
        with pytest.raises((PermissionDeniedError, NotFoundError)):
            services.award_acknowledge(actor=user, award=award)
    assert _counts() == before
