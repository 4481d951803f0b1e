"""Every write of the drafting spaces enforces its own permission: the services are the layer.

Each service is called directly (no view in front of it) by an outsider, a signed-in user with
no membership and no platform role. Every call is refused with the right error, a 404 where
the object is not even visible to them, and nothing is written: no row, no audit event, no
permission, no co-editing update.
"""

import pytest
from guardian.models import GroupObjectPermission, UserObjectPermission

from collectivites.errors import NotFoundError, PermissionDeniedError
from collectivites.models import AuditEvent
from spaces import services
from spaces.models import (
    Draft,
    DraftApproval,
    DraftClause,
    DraftComment,
    DraftUpdate,
    DraftVersion,
    SpaceGroupObjectPermission,
    SpaceMember,
    SpacePage,
)
from tenders.models import TenderDraft
from tenders.services import draft_links
from tests.factories import CollectiviteFactory, MembershipFactory, UserFactory
from tests.library.clause_helpers import make_clause
from tests.tenders.conftest import make_tender

pytestmark = pytest.mark.django_db

TABLES = [
    SpacePage,
    SpaceMember,
    SpaceGroupObjectPermission,
    GroupObjectPermission,
    UserObjectPermission,
    Draft,
    DraftUpdate,
    DraftApproval,
    DraftVersion,
    DraftComment,
    DraftClause,
    TenderDraft,
    AuditEvent,
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def nobody(db):
    """Signed in, active, but a member of nothing and holding no platform role."""
    return UserFactory(username="personne")


@pytest.fixture
def world(space, draft, agent, rennes):
    """Something to act on for every write: an approval, a version, a comment, a tender."""
    services.draft_approve(actor=agent, draft=draft)
    version = services.draft_version_save(actor=agent, draft=draft, label="v1")
    comment = services.draft_comment_create(actor=agent, draft=draft, body="À revoir.")
    buyer = MembershipFactory(collectivite=rennes, role="agent", capabilities=("buyer",)).user
    tender = make_tender(buyer, rennes)
    return {
        "space": space,
        "draft": draft,
        "version": version,
        "comment": comment,
        "tender": tender,
        "rennes": rennes,
        "newcomer": CollectiviteFactory(name="Lorient"),
        "clause": make_clause(),
    }


def _writes(world, actor) -> dict:
    """Every write service of the drafting spaces (and of the draft ↔ tender link)."""
    space, draft, rennes = world["space"], world["draft"], world["rennes"]
    return {
        "space_create": lambda: services.space_create(
            actor=actor, title="Mon espace", members=[(rennes, "editor")]
        ),
        "space_member_set": lambda: services.space_member_set(
            actor=actor, space=space, collectivite=world["newcomer"], role="editor"
        ),
        "space_member_remove": lambda: services.space_member_remove(
            actor=actor, space=space, collectivite=rennes
        ),
        "draft_create": lambda: services.draft_create(actor=actor, space=space, title="Mien"),
        "draft_update": lambda: services.draft_update(
            actor=actor, draft=draft, title="Renommé", status="review"
        ),
        "draft_approve": lambda: services.draft_approve(actor=actor, draft=draft),
        "draft_approval_withdraw": lambda: services.draft_approval_withdraw(
            actor=actor, draft=draft, collectivite_id=rennes.pk
        ),
        "draft_version_save": lambda: services.draft_version_save(
            actor=actor, draft=draft, label="à moi"
        ),
        "draft_version_restore": lambda: services.draft_version_restore(
            actor=actor, draft=draft, number=world["version"].number
        ),
        "draft_comment_create": lambda: services.draft_comment_create(
            actor=actor, draft=draft, body="Bonjour"
        ),
        "draft_comment_resolve": lambda: services.draft_comment_resolve(
            actor=actor, comment=world["comment"]
        ),
        "draft_comment_reopen": lambda: services.draft_comment_reopen(
            actor=actor, comment=world["comment"]
        ),
        "draft_clause_record": lambda: services.draft_clause_record(
            actor=actor, draft=draft, clause_id=world["clause"].pk
        ),
        "draft_link_tender": lambda: draft_links.draft_link_tender(
            actor=actor, draft=draft, tender=world["tender"]
        ),
        "draft_patch": lambda: draft_links.draft_patch(
            actor=actor, draft=draft, tender_id=world["tender"].pk, title="Renommé"
        ),
    }


# What each write answers an outsider: nothing to hide when there is no object yet (403);
# otherwise the object is not visible to them at all (404).
EXPECTED = {
    "space_create": PermissionDeniedError,
    **dict.fromkeys(
        [
            "space_member_set",
            "space_member_remove",
            "draft_create",
            "draft_update",
            "draft_approve",
            "draft_approval_withdraw",
            "draft_version_save",
            "draft_version_restore",
            "draft_comment_create",
            "draft_comment_resolve",
            "draft_comment_reopen",
            "draft_clause_record",
            "draft_link_tender",
            "draft_patch",
        ],
        NotFoundError,
    ),
}


def _snapshot() -> dict:
    return {
        "counts": {model.__name__: model.objects.count() for model in TABLES},
        "drafts": list(Draft.objects.values_list("pk", "title", "status", "last_seq")),
        "members": list(SpaceMember.objects.values_list("space_id", "collectivite_id", "role")),
        "comments": list(DraftComment.objects.values_list("pk", "resolved_at")),
    }


@pytest.mark.parametrize("write", sorted(EXPECTED))
def test_an_outsider_is_refused_by_every_write_service_and_nothing_is_written(write, world, nobody):
    if write == "draft_comment_reopen":
        services.draft_comment_resolve(actor=world["draft"].created_by, comment=world["comment"])
    before = _snapshot()
    with pytest.raises(EXPECTED[write]) as refused:
        _writes(world, nobody)[write]()
    assert type(refused.value) is EXPECTED[write]
    assert _snapshot() == before


def test_every_write_service_is_in_the_outsiders_test():
    """A new write service must be added above (and so be proven to refuse outsiders)."""
    public = {name for name in services.__all__ if name.startswith(("space_", "draft_"))}
    public -= {"space_index"}  # finds or makes the index page: no actor, nothing of anyone's
    assert public | {"draft_link_tender", "draft_patch"} == set(EXPECTED)
