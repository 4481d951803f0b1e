"""Endpoints of drafting spaces and drafts; every decision is the permission layer's or a service's.

Ids in paths go through the ``dbid`` converter (at most 18 digits), so no id can overflow the
database. A denied read is a 404, a denied write on a readable object a 403.
"""

import re

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.response import Response

from collectivites.errors import ApplicationError, NotFoundError, PermissionDeniedError
from collectivites.models import Collectivite
from collectivites.permissions import require, user_can, user_can_create
from spaces import exports, selectors, services
from spaces.coedit.tickets import ticket_issue
from spaces.models import Draft, SpaceMember, SpacePage
from spaces.rendering import render_markdown
from tenders.selectors import tender_list

from ..errors import ErrorSerializer
from ..filters import IdFilter
from .serializers import (
    ApprovalCreateSerializer,
    CommentCreateSerializer,
    CommentSerializer,
    DiffSerializer,
    DraftCreateSerializer,
    DraftDetailSerializer,
    DraftListItemSerializer,
    DraftUpdateSerializer,
    DraftVersionSerializer,
    SpaceCreateSerializer,
    SpaceMemberInputSerializer,
    SpaceSerializer,
    TicketSerializer,
    VersionCreateSerializer,
    VersionListItemSerializer,
)

NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Introuvable, ou non visible pour vous.")
WRITE_ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: NOT_FOUND, 409: ErrorSerializer}


def _collectivite(pk: int) -> Collectivite:
    found = Collectivite.objects.filter(pk=pk).first()
    if found is None:
        raise NotFoundError("Collectivité introuvable.", extra={"collectivite": pk})
    return found


# --- Spaces -----------------------------------------------------------------------------------


class SpaceViewSet(viewsets.GenericViewSet):
    """Drafting spaces the user may read; animators and referents create them."""

    serializer_class = SpaceSerializer
    filter_backends: list = []
    queryset = SpacePage.objects.none()  # for the schema; rows come from the selectors

    def _represent(self, spaces: list[SpacePage]) -> list[dict]:
        viewer = selectors.space_viewer(user=self.request.user, spaces=spaces)
        return SpaceSerializer(spaces, many=True, context={"viewer": viewer}).data

    def _one(self, pk: int) -> Response:
        space = selectors.space_get(user=self.request.user, pk=pk)
        return Response(self._represent([space])[0])

    @extend_schema(summary="Espaces de rédaction visibles")
    def list(self, request):
        page = self.paginate_queryset(selectors.space_list(user=request.user))
        return self.get_paginated_response(self._represent(page))

    @extend_schema(summary="Un espace", responses={200: SpaceSerializer, 404: NOT_FOUND})
    def retrieve(self, request, id: int):
        return self._one(id)

    @extend_schema(
        summary="Créer un espace (animateurs, référents)",
        request=SpaceCreateSerializer,
        responses={201: SpaceSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        if not user_can_create(request.user, SpacePage):
            raise PermissionDeniedError("Seuls les animateurs et les référents créent des espaces.")
        payload = SpaceCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        members = [(_collectivite(m["collectivite"]), m["role"]) for m in data["members"]]
        space = services.space_create(
            actor=request.user,
            title=data["title"],
            description=data["description"],
            members=members,
        )
        # The creator may not be a member (an animator): represent it from the row itself.
        space = SpacePage.objects.prefetch_related(
            Prefetch("members", queryset=SpaceMember.objects.select_related("collectivite"))
        ).get(pk=space.pk)
        space.draft_count = 0
        return Response(self._represent([space])[0], status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Ajouter une collectivité à l'espace ou changer son rôle (gestionnaires)",
        request=SpaceMemberInputSerializer,
        responses={200: SpaceSerializer, **WRITE_ERRORS},
    )
    def member_set(self, request, id: int):
        space = selectors.space_get(user=request.user, pk=id)
        payload = SpaceMemberInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.space_member_set(
            actor=request.user,
            space=space,
            collectivite=_collectivite(payload.validated_data["collectivite"]),
            role=payload.validated_data["role"],
        )
        return self._one(id)

    @extend_schema(
        summary="Retirer une collectivité de l'espace (gestionnaires)",
        responses={204: None, 403: ErrorSerializer, 404: NOT_FOUND, 409: ErrorSerializer},
    )
    def member_remove(self, request, id: int, collectivite_id: int):
        space = selectors.space_get(user=request.user, pk=id)
        require(request.user, "manage", space)
        services.space_member_remove(
            actor=request.user, space=space, collectivite=_collectivite(collectivite_id)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Drafts -----------------------------------------------------------------------------------


class DraftFilter(filters.FilterSet):
    space = IdFilter(field_name="space_id", help_text="Les brouillons de cet espace.")

    class Meta:
        model = Draft
        fields = ["space"]


def draft_detail(request, pk: int) -> dict:
    """The draft as the editor page needs it: live text, rights, approvals, editors."""
    draft = selectors.draft_live(draft=selectors.draft_get(user=request.user, pk=pk))
    context = {
        "can_edit": user_can(request.user, "edit", draft),
        "can_approve": draft.status != Draft.Status.PUBLISHED
        and user_can(request.user, "approve", draft),
        "approvals": selectors.draft_approvals(draft=draft),
        "editors": [m.collectivite for m in selectors.space_editor_members(space=draft.space)],
        "tender": draft.tender
        if draft.tender and user_can(request.user, "view", draft.tender)
        else None,
    }
    return DraftDetailSerializer(draft, context=context).data


class DraftViewSet(viewsets.GenericViewSet):
    """Drafts of the spaces the user may read; editors write them."""

    serializer_class = DraftListItemSerializer
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = DraftFilter
    queryset = Draft.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Draft.objects.none()
        return selectors.draft_list(user=self.request.user)

    @extend_schema(summary="Brouillons visibles (filtre `space`)")
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(DraftListItemSerializer(page, many=True).data)

    @extend_schema(
        summary="Créer un brouillon (rédacteurs de l'espace)",
        request=DraftCreateSerializer,
        responses={201: DraftDetailSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        payload = DraftCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        space = selectors.space_get(user=request.user, pk=data["space"])
        draft = services.draft_create(
            actor=request.user, space=space, title=data["title"], markdown=data["markdown"]
        )
        return Response(draft_detail(request, draft.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Un brouillon, texte en cours compris",
        responses={200: DraftDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request, id: int):
        return Response(draft_detail(request, id))

    @extend_schema(
        summary="Renommer un brouillon ou changer son statut (rédacteurs)",
        request=DraftUpdateSerializer,
        responses={200: DraftDetailSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request, id: int):
        draft = selectors.draft_get(user=request.user, pk=id)
        payload = DraftUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if "tender" in data:
            # Looked up here: the drafting spaces do not depend on the tender room.
            tender_id = data.pop("tender")
            data["tender"] = None
            if tender_id is not None:
                data["tender"] = tender_list(user=request.user).filter(pk=tender_id).first()
                if data["tender"] is None:
                    raise ApplicationError(
                        "Consultation introuvable.", extra={"fields": {"tender": ["Inconnue."]}}
                    )
        services.draft_patch(actor=request.user, draft=draft, **data)
        return Response(draft_detail(request, id))

    @extend_schema(
        summary="Ticket d'accès au WebSocket de co-édition (usage unique, 60 s)",
        request=None,
        responses={200: TicketSerializer, 404: NOT_FOUND},
    )
    def ticket(self, request, id: int):
        draft = selectors.draft_get(user=request.user, pk=id)
        return Response({"ticket": ticket_issue(user=request.user, draft=draft)})

    @extend_schema(
        summary="Différences entre deux versions, ou une version et le texte en cours",
        parameters=[
            OpenApiParameter("from", str, required=True, description="Numéro de version."),
            OpenApiParameter(
                "to", str, description="Numéro de version, ou `current` (par défaut)."
            ),
        ],
        responses={200: DiffSerializer, 400: ErrorSerializer, 404: NOT_FOUND},
    )
    def diff(self, request, id: int):
        draft = selectors.draft_get(user=request.user, pk=id)
        from_ = request.query_params.get("from", "")
        to = request.query_params.get("to") or selectors.CURRENT
        diff = selectors.draft_diff(draft=draft, from_=from_[:40], to=to[:40])
        return Response(DiffSerializer(diff).data)


class DraftExportView(viewsets.ViewSet):
    """A file to download: the draft (or a version) with the space and its collectivités."""

    def get_format_suffix(self, **kwargs):
        return None  # ``format`` here names the export, not DRF's response format

    @extend_schema(
        summary="Exporter un brouillon ou une version (html, odt, docx, pdf)",
        parameters=[
            OpenApiParameter("format", str, OpenApiParameter.PATH, enum=list(exports.FORMATS)),
            OpenApiParameter(
                "version", int, description="Numéro de version (sinon le texte en cours)."
            ),
        ],
        responses={
            (200, content_type.split(";")[0]): OpenApiResponse(OpenApiTypes.BINARY)
            for content_type in exports.FORMATS.values()
        }
        | {400: ErrorSerializer, 404: NOT_FOUND},
    )
    def export(self, request, id: int, format: str):
        draft = selectors.draft_live(draft=selectors.draft_get(user=request.user, pk=id))
        version = None
        raw = request.query_params.get("version")
        if raw:
            version = selectors.draft_version_get(draft=draft, number=_number(raw))
        produced = exports.draft_export(
            user=request.user, draft=draft, export_format=format, version=version
        )
        response = HttpResponse(produced.content, content_type=produced.content_type)
        response["Content-Disposition"] = content_disposition_header(True, produced.filename)
        return response


def _number(raw: str) -> int:
    """A version number from the query string; anything else is a version that does not exist."""
    if not re.fullmatch(r"[0-9]{1,9}", raw) or int(raw) == 0:
        raise NotFoundError("Version introuvable.")
    return int(raw)


# --- Versions ---------------------------------------------------------------------------------


class DraftVersionViewSet(viewsets.GenericViewSet):
    serializer_class = VersionListItemSerializer
    filter_backends: list = []
    pagination_class = None
    queryset = Draft.objects.none()

    @extend_schema(
        summary="Versions nommées d'un brouillon, la plus récente d'abord",
        responses={200: VersionListItemSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request, id: int):
        draft = selectors.draft_get(user=request.user, pk=id)
        versions = selectors.draft_version_list(draft=draft)
        return Response(VersionListItemSerializer(versions, many=True).data)

    @extend_schema(
        summary="Nommer une version du texte en cours (rédacteurs, brouillon publié compris)",
        request=VersionCreateSerializer,
        responses={201: DraftVersionSerializer, **WRITE_ERRORS},
    )
    def create(self, request, id: int):
        draft = selectors.draft_get(user=request.user, pk=id)
        require(request.user, "curate", draft)
        payload = VersionCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        version = services.draft_version_save(
            actor=request.user, draft=draft, label=payload.validated_data["label"]
        )
        return Response(_version(version), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Une version, en markdown et en HTML",
        responses={200: DraftVersionSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request, id: int, number: int):
        draft = selectors.draft_get(user=request.user, pk=id)
        return Response(_version(selectors.draft_version_get(draft=draft, number=number)))

    @extend_schema(
        summary="Restaurer une version : une modification que tous les éditeurs reçoivent",
        request=None,
        responses={200: DraftDetailSerializer, **WRITE_ERRORS},
    )
    def restore(self, request, id: int, number: int):
        draft = selectors.draft_get(user=request.user, pk=id)
        services.draft_version_restore(actor=request.user, draft=draft, number=number)
        return Response(draft_detail(request, id))


def _version(version) -> dict:
    version.html = render_markdown(version.markdown)
    return DraftVersionSerializer(version).data


# --- Approvals --------------------------------------------------------------------------------


class DraftApprovalViewSet(viewsets.GenericViewSet):
    filter_backends: list = []
    queryset = Draft.objects.none()
    serializer_class = ApprovalCreateSerializer

    @extend_schema(
        summary="Approuver le texte en cours au nom d'une collectivité rédactrice",
        request=ApprovalCreateSerializer,
        responses={200: DraftDetailSerializer, **WRITE_ERRORS},
    )
    def create(self, request, id: int):
        draft = selectors.draft_get(user=request.user, pk=id)
        payload = ApprovalCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.draft_approve(
            actor=request.user,
            draft=draft,
            collectivite_id=payload.validated_data.get("collectivite"),
            expected_sha256=payload.validated_data.get("content_sha256"),
        )
        return Response(draft_detail(request, id))

    @extend_schema(
        summary="Retirer l'approbation d'une collectivité",
        responses={204: None, 403: ErrorSerializer, 404: NOT_FOUND, 409: ErrorSerializer},
    )
    def destroy(self, request, id: int, collectivite_id: int):
        draft = selectors.draft_get(user=request.user, pk=id)
        services.draft_approval_withdraw(
            actor=request.user, draft=draft, collectivite_id=collectivite_id
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Comments ---------------------------------------------------------------------------------


class DraftCommentViewSet(viewsets.GenericViewSet):
    serializer_class = CommentSerializer
    filter_backends: list = []
    pagination_class = None
    queryset = Draft.objects.none()

    @extend_schema(
        summary="Commentaires d'un brouillon (liste à plat, par date ; fils par `parent`)",
        responses={200: CommentSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request, id: int):
        draft = selectors.draft_get(user=request.user, pk=id)
        comments = selectors.draft_comment_list(draft=draft)
        return Response(CommentSerializer(comments, many=True).data)

    @extend_schema(
        summary="Commenter (tout lecteur du brouillon) ou répondre dans un fil",
        request=CommentCreateSerializer,
        responses={201: CommentSerializer, **WRITE_ERRORS},
    )
    def create(self, request, id: int):
        draft = selectors.draft_get(user=request.user, pk=id)
        payload = CommentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        comment = services.draft_comment_create(
            actor=request.user,
            draft=draft,
            body=data["body"],
            quote=data["quote"],
            parent_id=data["parent"],
            quote_start=data["quote_start"],
            quote_end=data["quote_end"],
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Marquer un fil comme résolu (rédacteurs)",
        request=None,
        responses={200: CommentSerializer, **WRITE_ERRORS},
    )
    def resolve(self, request, id: int, cid: int):
        return self._thread(request, id, cid, services.draft_comment_resolve)

    @extend_schema(
        summary="Rouvrir un fil (rédacteurs)",
        request=None,
        responses={200: CommentSerializer, **WRITE_ERRORS},
    )
    def reopen(self, request, id: int, cid: int):
        return self._thread(request, id, cid, services.draft_comment_reopen)

    def _thread(self, request, id: int, cid: int, action) -> Response:
        draft = selectors.draft_get(user=request.user, pk=id)
        comment = selectors.draft_comment_get(draft=draft, pk=cid)
        comment = action(actor=request.user, comment=comment)
        return Response(CommentSerializer(comment).data)
