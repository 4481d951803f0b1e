"""Shapes of the DCE: pieces, their versions, the registre des retraits, uploads."""

from rest_framework import serializers

from tenders.models import (
    DocumentVersion,
    Download,
    TenderDocument,
)

from ...serializers import CompanySerializer


class DraftSourceSerializer(serializers.Serializer):
    """The drafting-space version a DCE piece was exported from (ids only: the space is private)."""

    draft = serializers.IntegerField(source="draft_id")
    version = serializers.IntegerField(source="number")
    label = serializers.CharField()


class DocumentVersionSerializer(serializers.ModelSerializer):
    source = DraftSourceSerializer(source="source_draft_version", allow_null=True, read_only=True)

    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "number",
            "name",
            "size",
            "sha256",
            "content_type",
            "uploaded_at",
            "change_note",
            "substantial",
            "source",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    current_version = DocumentVersionSerializer(allow_null=True)

    class Meta:
        model = TenderDocument
        fields = ["id", "title", "current_version", "created_at"]


class DownloadVersionSerializer(serializers.ModelSerializer):
    document_id = serializers.IntegerField(source="document.id")
    document_title = serializers.CharField(source="document.title")

    class Meta:
        model = DocumentVersion
        fields = ["id", "number", "name", "document_id", "document_title"]


class DownloadSerializer(serializers.ModelSerializer):
    """A line of the registre des retraits; ``version`` null means the whole DCE (ZIP)."""

    version = DownloadVersionSerializer(allow_null=True)
    user = serializers.SerializerMethodField()
    company = CompanySerializer(allow_null=True)

    class Meta:
        model = Download
        fields = ["id", "at", "version", "user", "company"]

    def get_user(self, download: Download) -> str | None:
        return download.user.display_name if download.user else None


class DocumentUploadSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    file = serializers.FileField(max_length=200)
    change_note = serializers.CharField(required=False, default="", allow_blank=True)
    substantial = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Modification importante après publication (R.2151-4) : un report de la date "
        "limite sera demandé.",
    )


class VersionUploadSerializer(serializers.Serializer):
    file = serializers.FileField(max_length=200)
    change_note = serializers.CharField(required=False, default="", allow_blank=True)
    substantial = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Modification importante après publication (R.2151-4) : un report de la date "
        "limite sera demandé.",
    )


class DocumentFromDraftSerializer(serializers.Serializer):
    draft = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    version = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        allow_null=True,
        default=None,
        help_text="Version nommée du brouillon (par défaut : le texte actuel, enregistré comme "
        "nouvelle version).",
    )
    format = serializers.ChoiceField(choices=["pdf", "odt"], default="pdf")
    title = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    change_note = serializers.CharField(required=False, default="", allow_blank=True)
    document = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        allow_null=True,
        default=None,
        help_text="Pièce existante dont ce sera une nouvelle version (sinon : nouvelle pièce).",
    )
