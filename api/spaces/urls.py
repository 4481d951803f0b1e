"""Routes of spaces and drafts: one router, ids as ``dbid`` (see ``api.routing``)."""

from ..routing import api_router
from . import approvals, clauses, comments, drafts, exports, spaces, versions

router = api_router()
router.register("spaces", spaces.SpaceViewSet, basename="space")
router.register("drafts", drafts.DraftViewSet, basename="draft")
router.register("drafts/<dbid:id>/export", exports.DraftExportViewSet, basename="draft-export")
router.register("drafts/<dbid:id>/versions", versions.DraftVersionViewSet, basename="draft-version")
router.register(
    "drafts/<dbid:id>/approvals", approvals.DraftApprovalViewSet, basename="draft-approval"
)
router.register("drafts/<dbid:id>/comments", comments.DraftCommentViewSet, basename="draft-comment")

router.register("drafts/<dbid:id>/clauses", clauses.DraftClauseViewSet, basename="draft-clause")

urlpatterns = router.urls
