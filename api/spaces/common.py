"""What the spaces endpoints share: the draft as its page needs it, and the errors they declare.

``ApiAutoSchema`` documents 400/401/403/404 on every operation; only the answers of the spaces'
own logic are declared here (409: the space's or the draft's state forbids the act; 404 on a
collection path: an id in the body names something absent or not visible).
"""

from spaces import selectors
from tenders.selectors import draft_tender

from ..errors import ErrorSerializer
from .serializers import DraftDetailSerializer

CONFLICT = {409: ErrorSerializer}
# A 404 on a path without an id: an id in the body names something absent or not visible.
BODY_NOT_FOUND = {404: ErrorSerializer}


def draft_representation(request, pk: int) -> dict:
    """The draft with the reader's capabilities and, if they may see it, the consultation it
    prepares (a link the tender room holds: the API is where both sides meet)."""
    detail = selectors.draft_detail(actor=request.user, pk=pk)
    tender = draft_tender(actor=request.user, draft=detail.draft)
    return DraftDetailSerializer(detail.draft, context={"detail": detail, "tender": tender}).data
