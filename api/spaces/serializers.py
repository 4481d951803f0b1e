"""Representations of spaces and drafts. Shapes only: the services own the rules."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from collectivites.models import Collectivite, User
from spaces.limits import DRAFT_MAX_CHARACTERS
from spaces.models import Draft, DraftComment, DraftVersion, SpaceMember, SpacePage
from spaces.services import content_sha256

MAX_ID = 2**63 - 1


def id_field(**kwargs) -> serializers.IntegerField:
    """A database id: a whole number the database can hold (else a 400, not an overflow)."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class PersonSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "display_name"]


class CollectiviteNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = Collectivite
        fields = ["id", "name"]


# --- Spaces -----------------------------------------------------------------------------------


class SpaceMemberSerializer(serializers.ModelSerializer):
    collectivite = CollectiviteNameSerializer(read_only=True)

    class Meta:
        model = SpaceMember
        fields = ["collectivite", "role"]


class SpaceSerializer(serializers.ModelSerializer):
    """Needs ``viewer`` (``spaces.selectors.SpaceViewer``) in its context."""

    members = SpaceMemberSerializer(many=True, read_only=True)
    my_role = serializers.SerializerMethodField()
    can_manage = serializers.SerializerMethodField()
    draft_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SpacePage
        fields = ["id", "title", "description", "members", "my_role", "can_manage", "draft_count"]

    @extend_schema_field(serializers.ChoiceField(choices=SpaceMember.Role.choices, allow_null=True))
    def get_my_role(self, space: SpacePage) -> str | None:
        return self.context["viewer"].role_in(space)

    def get_can_manage(self, space: SpacePage) -> bool:
        return self.context["viewer"].can_manage(space)


class SpaceMemberInputSerializer(serializers.Serializer):
    collectivite = id_field()
    role = serializers.ChoiceField(choices=SpaceMember.Role.choices)


class SpaceCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    members = SpaceMemberInputSerializer(many=True, max_length=500)


# --- Drafts -----------------------------------------------------------------------------------


class DraftListItemSerializer(serializers.ModelSerializer):
    space = serializers.IntegerField(source="space_id", read_only=True)
    updated_by = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Draft
        fields = ["id", "space", "title", "status", "updated_at", "updated_by"]


class ApprovalSerializer(serializers.Serializer):
    collectivite = CollectiviteNameSerializer(source="approval.collectivite")
    approved_by = PersonSerializer(source="approval.approved_by")
    approved_at = serializers.DateTimeField(source="approval.approved_at")
    current = serializers.BooleanField(
        help_text="L'approbation porte sur le texte actuel (faux après une modification)."
    )


class LinkedTenderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()


class DraftDetailSerializer(serializers.ModelSerializer):
    """Needs ``detail`` (``spaces.selectors.DraftDetail``: the reader's capabilities, approvals,
    editors) and ``tender`` (the consultation it prepares, if the reader may see it) in its
    context."""

    space = serializers.IntegerField(source="space_id", read_only=True)
    space_title = serializers.CharField(source="space.title", read_only=True)
    created_by = PersonSerializer(read_only=True)
    updated_by = PersonSerializer(read_only=True, allow_null=True)
    can_edit = serializers.SerializerMethodField()
    can_approve = serializers.SerializerMethodField()
    approvals = serializers.SerializerMethodField()
    editor_collectivites = serializers.SerializerMethodField()
    tender = serializers.SerializerMethodField(
        help_text="La consultation que ce brouillon prépare (si vous pouvez la voir)."
    )
    content_sha256 = serializers.SerializerMethodField(
        help_text="SHA-256 du texte (markdown, UTF-8), à renvoyer avec une approbation."
    )

    class Meta:
        model = Draft
        fields = [
            "id",
            "space",
            "space_title",
            "title",
            "markdown",
            "html",
            "status",
            "can_edit",
            "can_approve",
            "created_by",
            "created_at",
            "updated_by",
            "updated_at",
            "approvals",
            "editor_collectivites",
            "tender",
            "content_sha256",
        ]

    def get_content_sha256(self, draft: Draft) -> str:
        return content_sha256(draft.markdown)

    @extend_schema_field(LinkedTenderSerializer(allow_null=True))
    def get_tender(self, draft: Draft) -> dict | None:
        tender = self.context.get("tender")
        return LinkedTenderSerializer(tender).data if tender is not None else None

    def get_can_edit(self, draft: Draft) -> bool:
        return self.context["detail"].can_edit

    def get_can_approve(self, draft: Draft) -> bool:
        return self.context["detail"].can_approve

    @extend_schema_field(ApprovalSerializer(many=True))
    def get_approvals(self, draft: Draft) -> list[dict]:
        return ApprovalSerializer(self.context["detail"].approvals, many=True).data

    @extend_schema_field(CollectiviteNameSerializer(many=True))
    def get_editor_collectivites(self, draft: Draft) -> list[dict]:
        return CollectiviteNameSerializer(self.context["detail"].editors, many=True).data


class DraftCreateSerializer(serializers.Serializer):
    space = id_field()
    title = serializers.CharField(max_length=200)
    markdown = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        trim_whitespace=False,
        max_length=DRAFT_MAX_CHARACTERS,
    )


class DraftUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    status = serializers.ChoiceField(choices=Draft.Status.choices, required=False)
    tender = id_field(
        required=False,
        allow_null=True,
        help_text="La consultation que ce brouillon prépare (null : aucune).",
    )


class TicketSerializer(serializers.Serializer):
    ticket = serializers.CharField(help_text="À passer en `?ticket=` à /ws/drafts/<id>, 60 s.")


# --- Versions and diff ------------------------------------------------------------------------


class VersionListItemSerializer(serializers.ModelSerializer):
    created_by = PersonSerializer(read_only=True)

    class Meta:
        model = DraftVersion
        fields = ["number", "label", "created_by", "created_at"]


class DraftVersionSerializer(serializers.ModelSerializer):
    created_by = PersonSerializer(read_only=True)
    html = serializers.CharField(read_only=True, help_text="HTML assaini.")

    class Meta:
        model = DraftVersion
        fields = ["number", "label", "markdown", "html", "created_by", "created_at"]


class VersionCreateSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200)


class DiffLineSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["equal", "insert", "delete"])
    text = serializers.CharField()


# "from" is a Python keyword, hence a class built from a dict of fields.
DiffSerializer = type(
    "DiffSerializer",
    (serializers.Serializer,),
    {
        "__module__": __name__,
        "from": serializers.CharField(source="from_", help_text="Numéro de version."),
        "to": serializers.CharField(help_text="Numéro de version, ou « current »."),
        "unified": serializers.CharField(help_text="Diff unifié (format patch)."),
        "lines": DiffLineSerializer(many=True),
    },
)


# --- Approvals and comments -------------------------------------------------------------------


class ApprovalCreateSerializer(serializers.Serializer):
    collectivite = id_field(
        required=False,
        help_text="Obligatoire si vous êtes agent de plusieurs collectivités rédactrices.",
    )
    content_sha256 = serializers.RegexField(
        r"^[0-9a-f]{64}$",
        required=False,
        help_text="SHA-256 (hexadécimal) du texte relu, en UTF-8 : si le texte en cours diffère, "
        "l'approbation est refusée (409).",
    )


class CommentSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)
    resolved_by = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = DraftComment
        fields = [
            "id",
            "parent",
            "author",
            "quote",
            "quote_start",
            "quote_end",
            "body",
            "created_at",
            "resolved_at",
            "resolved_by",
        ]
        read_only_fields = fields


class CommentCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10_000)
    quote = serializers.CharField(
        required=False, default="", allow_blank=True, trim_whitespace=False, max_length=5_000
    )
    parent = id_field(required=False, allow_null=True, default=None)
    quote_start = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=2**31 - 1
    )
    quote_end = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=2**31 - 1
    )
