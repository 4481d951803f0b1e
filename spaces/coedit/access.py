"""Who may read and edit a draft through its socket: asked at connection, and again while open.

A socket lives for hours, and what it was allowed at connection can be taken back: a
collectivité leaves the space or becomes a reader, the draft is published (final), an agent
leaves the collectivité or is deactivated. Every room therefore asks again for each of its
connections when told (``access_changed``, sent by the spaces services after such a change
commits) and every ``COEDIT_ACCESS_RECHECK_SECONDS`` whatever happened (changes made elsewhere:
memberships, accounts). The answers come from the permission layer, as for REST.
"""

from dataclasses import dataclass

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from collectivites.models import User
from collectivites.permissions import user_can

from ..models import Draft
from . import protocol, store
from .tickets import ticket_redeem

ACCESS_CHANGED = "draft.access"
DOCUMENT_FIELDS = ("snapshot", "markdown", "html")


@dataclass(frozen=True)
class Access:
    user_id: int
    name: str
    can_edit: bool


def access_at_connect(user, ticket: str | None, draft_id: int) -> Access | int:
    """The connecting user's access (``ticket`` redeemed if given), or the refusing close code."""
    if ticket is not None:
        user = ticket_redeem(token=ticket, draft_id=draft_id)
    return _access(user, draft_id)


def access_now(user_id: int, draft_id: int) -> Access | int:
    """What a connected user may do now, read afresh (no permission cache of a past request)."""
    return _access(User.objects.filter(pk=user_id).first(), draft_id)


def _access(user: User | None, draft_id: int) -> Access | int:
    if user is None or not user.is_authenticated or not user.is_active:
        return protocol.CLOSE_UNAUTHENTICATED
    # Not the document: the rules read the draft's status and space, and this runs for every
    # connection at connect and every COEDIT_ACCESS_RECHECK_SECONDS (the snapshot, markdown and
    # html of a long draft are hundreds of kB, read for nothing).
    draft = (
        Draft.objects.select_related("space").defer(*DOCUMENT_FIELDS).filter(pk=draft_id).first()
    )
    if draft is None or not user_can(user, "view", draft):
        return protocol.CLOSE_NOT_FOUND
    return Access(user.pk, user.display_name, user_can(user, "edit", draft))


def access_changed(draft_ids: list[int]) -> None:
    """Tell every worker's room of these drafts to ask again for each of its connections.

    Call it once the change is committed (``transaction.on_commit``): a room asking earlier
    would read the old permissions.
    """
    send = async_to_sync(get_channel_layer().group_send)
    for draft_id in draft_ids:
        send(store.group_name(draft_id), {"type": ACCESS_CHANGED})
