"""Library pages, documents and review dates as the API shows them."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from library.kinds import KIND_CHOICES, KIND_LABELS, KIND_MODELS
from library.models import LibraryPage
from library.selectors.review import review_due_on
from library.themes import Theme

from ..serializers import ChoiceLabelField

_KIND_BY_MODEL_NAME = {model._meta.model_name: kind for kind, model in KIND_MODELS.items()}


def kind_of(page) -> str:
    """From the content type (selected with the row): no query per page."""
    return _KIND_BY_MODEL_NAME.get(page.content_type.model, "guide")


class LibraryPageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.SerializerMethodField()
    kind_label = serializers.SerializerMethodField()
    theme = serializers.ChoiceField(choices=Theme.choices)
    theme_label = ChoiceLabelField(LibraryPage, "theme")
    summary = serializers.CharField()
    tags = serializers.SerializerMethodField()
    last_published_at = serializers.DateTimeField(allow_null=True)
    last_reviewed_on = serializers.DateField()

    @extend_schema_field(serializers.ChoiceField(choices=KIND_CHOICES))
    def get_kind(self, page) -> str:
        return kind_of(page)

    def get_kind_label(self, page) -> str:
        return KIND_LABELS[kind_of(page)]

    def get_tags(self, page) -> list[str]:
        return sorted(tag.name for tag in page.tags.all())


class ReviewDueSerializer(LibraryPageSerializer):
    review_interval_days = serializers.IntegerField()
    review_due_on = serializers.SerializerMethodField()
    owner = serializers.SerializerMethodField()
    admin_url = serializers.SerializerMethodField()

    def get_review_due_on(self, page) -> str:
        return review_due_on(page).isoformat()

    def get_owner(self, page) -> str | None:
        return page.owner.display_name if page.owner else None

    def get_admin_url(self, page) -> str:
        return reverse("wagtailadmin_pages:edit", args=[page.pk])


class CrumbSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class TocEntrySerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()
    level = serializers.IntegerField()


class BlockSerializer(serializers.Serializer):
    """One body block: ``type`` says which other fields it has (see ``library.rendering``)."""

    type = serializers.ChoiceField(
        choices=["rich_text", "markdown", "callout", "document", "table", "legal_reference"]
    )
    id = serializers.CharField(allow_null=True)
    html = serializers.CharField(help_text="Le bloc en HTML nettoyé.")
    markdown = serializers.CharField(required=False)
    kind = serializers.CharField(required=False, help_text="Encadré : info, warning, legal.")
    title = serializers.CharField(required=False)
    label = serializers.CharField(required=False)
    document = serializers.DictField(required=False, allow_null=True)
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
    first_row_is_header = serializers.BooleanField(required=False)
    first_col_is_header = serializers.BooleanField(required=False)
    code = serializers.CharField(required=False)
    code_label = serializers.CharField(required=False)
    article = serializers.CharField(required=False)
    url = serializers.CharField(required=False)
    summary = serializers.CharField(required=False)


class QuizChoiceSerializer(serializers.Serializer):
    id = serializers.CharField(allow_null=True)
    text = serializers.CharField()


class QuizQuestionSerializer(serializers.Serializer):
    id = serializers.CharField(allow_null=True)
    question = serializers.CharField()
    choices = QuizChoiceSerializer(many=True)


class LibraryDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    extension = serializers.CharField(source="file_extension")
    size = serializers.IntegerField(source="file_size", allow_null=True)
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, document) -> str:
        return reverse("library-document-download", args=[document.pk])


class LibraryPageDetailSerializer(LibraryPageSerializer):
    """A page to read: the rendered body, its blocks and table of contents, its place."""

    owner = serializers.SerializerMethodField()
    html = serializers.CharField(source="reading.body.html")
    blocks = BlockSerializer(source="reading.body.blocks", many=True)
    toc = TocEntrySerializer(source="reading.body.toc", many=True)
    quiz = QuizQuestionSerializer(source="reading.quiz", many=True)
    clause_text = serializers.SerializerMethodField()
    reference = serializers.SerializerMethodField()
    breadcrumbs = CrumbSerializer(many=True)
    children = LibraryPageSerializer(many=True)
    documents = LibraryDocumentSerializer(many=True)
    is_preview = serializers.BooleanField()

    def get_owner(self, page) -> str | None:
        return page.owner.display_name if page.owner else None

    def get_clause_text(self, page) -> str | None:
        return getattr(page, "clause_text", None)

    def get_reference(self, page) -> str | None:
        return getattr(page, "reference", None)
