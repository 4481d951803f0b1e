"""Routes of spaces and drafts, with ``dbid`` path converters (bounded, so ids never overflow)."""

from django.urls import path, register_converter

from . import views


class DbIdConverter:
    """A positive database id of at most 18 digits (fits a 64-bit signed integer)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(DbIdConverter, "dbid")

V = views
space_list = V.SpaceViewSet.as_view({"get": "list", "post": "create"})
space_detail = V.SpaceViewSet.as_view({"get": "retrieve"})
space_members = V.SpaceViewSet.as_view({"post": "member_set"})
space_member = V.SpaceViewSet.as_view({"delete": "member_remove"})
draft_list = V.DraftViewSet.as_view({"get": "list", "post": "create"})
draft_detail = V.DraftViewSet.as_view({"get": "retrieve", "patch": "partial_update"})
versions = V.DraftVersionViewSet

urlpatterns = [
    path("spaces/", space_list, name="space-list"),
    path("spaces/<dbid:id>/", space_detail, name="space-detail"),
    path("spaces/<dbid:id>/members/", space_members, name="space-members"),
    path("spaces/<dbid:id>/members/<dbid:collectivite_id>/", space_member, name="space-member"),
    path("drafts/", draft_list, name="draft-list"),
    path("drafts/<dbid:id>/", draft_detail, name="draft-detail"),
    path(
        "drafts/<dbid:id>/ticket/", V.DraftViewSet.as_view({"post": "ticket"}), name="draft-ticket"
    ),
    path("drafts/<dbid:id>/diff/", V.DraftViewSet.as_view({"get": "diff"}), name="draft-diff"),
    path(
        "drafts/<dbid:id>/export/<str:format>/",
        V.DraftExportView.as_view({"get": "export"}),
        name="draft-export",
    ),
    path(
        "drafts/<dbid:id>/versions/",
        versions.as_view({"get": "list", "post": "create"}),
        name="draft-versions",
    ),
    path(
        "drafts/<dbid:id>/versions/<dbid:number>/",
        versions.as_view({"get": "retrieve"}),
        name="draft-version",
    ),
    path(
        "drafts/<dbid:id>/versions/<dbid:number>/restore/",
        versions.as_view({"post": "restore"}),
        name="draft-version-restore",
    ),
    path(
        "drafts/<dbid:id>/approvals/",
        V.DraftApprovalViewSet.as_view({"post": "create"}),
        name="draft-approvals",
    ),
    path(
        "drafts/<dbid:id>/approvals/<dbid:collectivite_id>/",
        V.DraftApprovalViewSet.as_view({"delete": "destroy"}),
        name="draft-approval",
    ),
    path(
        "drafts/<dbid:id>/comments/",
        V.DraftCommentViewSet.as_view({"get": "list", "post": "create"}),
        name="draft-comments",
    ),
    path(
        "drafts/<dbid:id>/comments/<dbid:cid>/resolve/",
        V.DraftCommentViewSet.as_view({"post": "resolve"}),
        name="draft-comment-resolve",
    ),
    path(
        "drafts/<dbid:id>/comments/<dbid:cid>/reopen/",
        V.DraftCommentViewSet.as_view({"post": "reopen"}),
        name="draft-comment-reopen",
    ),
]
