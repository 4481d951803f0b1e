"""Drafting spaces, their member collectivités, and the drafts written in them.

A draft's text lives as a Yjs document (``Y.Text`` named ``content``): an append-only log of
updates (``DraftUpdate``) compacted now and then into a snapshot kept on the draft row. The
``markdown`` column is the text as of the last compaction, for REST reads, search and exports;
the live text is always snapshot + newer updates (``spaces.coedit.store``).
"""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from collectivites.models import Collectivite


class NotServedPage:
    """Spaces are private: read through the API and the SPA, with the permission layer.
    Wagtail's front end (``/pages/``) would serve them to anyone (or fail without a template),
    so these pages answer 404 there, whether they exist or not, and have no preview."""

    preview_modes: list = []

    def serve(self, request, *args, **kwargs):
        raise Http404

    def serve_preview(self, request, mode_name):
        raise Http404


class SpaceIndexPage(NotServedPage, Page):
    """The parent of every drafting space in the page tree."""

    max_count = 1
    subpage_types = ["spaces.SpacePage"]
    is_creatable = False  # created by ``services.space_index`` with the first space

    class Meta:
        verbose_name = _("index des espaces de rédaction")


class SpacePage(NotServedPage, Page):
    """A drafting space shared by several collectivités."""

    description = models.TextField(_("description"), blank=True)

    parent_page_types = ["spaces.SpaceIndexPage"]
    subpage_types: list[str] = []
    # Animators see and retitle spaces in the page tree; creating one goes through
    # ``services.space_create`` (API), which also sets its member collectivités and permissions.
    is_creatable = False
    content_panels = [*Page.content_panels, FieldPanel("description")]

    class Meta:
        verbose_name = _("espace de rédaction")
        verbose_name_plural = _("espaces de rédaction")
        permissions = [
            ("read_space", "Lire les brouillons de l'espace"),
            ("edit_space", "Modifier les brouillons de l'espace"),
        ]


class SpaceGroupObjectPermission(GroupObjectPermissionBase):
    """Direct-foreign-key permission rows for spaces (granted to collectivité groups only)."""

    content_object = models.ForeignKey(SpacePage, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False


class SpaceMember(models.Model):
    """A collectivité's place in a space; the source of truth for its object permissions."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("rédactrice")
        READER = "reader", _("lectrice")

    space = models.ForeignKey(SpacePage, on_delete=models.CASCADE, related_name="members")
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="space_memberships"
    )
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "collectivite"], name="unique_space_member")
        ]
        ordering = ["collectivite__search_name"]

    def __str__(self) -> str:
        return f"{self.collectivite} ({self.get_role_display()}) — {self.space}"


class Draft(index.Indexed, models.Model):
    class Status(models.TextChoices):
        WRITING = "writing", _("en rédaction")
        REVIEW = "review", _("en relecture")
        APPROVED = "approved", _("approuvé")
        PUBLISHED = "published", _("publié")

    space = models.ForeignKey(SpacePage, on_delete=models.CASCADE, related_name="drafts")
    title = models.CharField(_("titre"), max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WRITING)
    # Text as of the last compaction (what REST, search and exports read) and its sanitized HTML.
    markdown = models.TextField(blank=True)
    html = models.TextField(blank=True)
    # The Yjs state as of ``snapshot_seq``; updates with a greater seq are in the log.
    snapshot = models.BinaryField(default=b"")
    snapshot_seq = models.PositiveBigIntegerField(default=0)
    # The last sequence number handed out; allocating the next one locks this row.
    last_seq = models.PositiveBigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    # Searched: the title and the text as of the last compaction (never the live Yjs log).
    # Filtered: the space (who may find a draft is who may read its space, spaces.rules).
    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("markdown"),
        index.FilterField("space"),
        index.FilterField("status"),
        index.FilterField("updated_at"),
    ]

    class Meta:
        ordering = ["-updated_at", "-id"]
        # Keyset pagination (api/pagination.py): a space's drafts, newest first.
        indexes = [models.Index(fields=["space", "updated_at", "id"], name="draft_space_keyset")]

    def __str__(self) -> str:
        return self.title


class DraftUpdate(models.Model):
    """One accepted Yjs update, stored before anyone else receives it."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="updates")
    seq = models.PositiveBigIntegerField()
    data = models.BinaryField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["draft", "seq"], name="unique_draft_update_seq")
        ]
        ordering = ["draft", "seq"]

    def __str__(self) -> str:
        return f"{self.draft_id}#{self.seq}"


class DraftVersion(models.Model):
    """A named snapshot of a draft's text, which can be viewed, compared and restored."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    label = models.CharField(_("libellé"), max_length=200)
    markdown = models.TextField(blank=True)
    seq = models.PositiveBigIntegerField(help_text="Last update included in this version.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="unique_draft_version")
        ]
        ordering = ["draft", "-number"]

    def __str__(self) -> str:
        return f"{self.draft} v{self.number} — {self.label}"


class DraftApproval(models.Model):
    """A collectivité signs off on the draft's text as of ``seq`` (its content hash too)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="approvals")
    collectivite = models.ForeignKey(Collectivite, on_delete=models.CASCADE, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    seq = models.PositiveBigIntegerField()
    content_sha256 = models.CharField(max_length=64)
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["draft", "collectivite"], name="unique_draft_approval")
        ]

    def __str__(self) -> str:
        return f"{self.collectivite} approuve {self.draft}"


class DraftComment(models.Model):
    """A threaded comment quoting the passage it is about."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(_("passage cité"), blank=True)
    # Where the quote stood in the text when the comment was written (the text moves on since).
    quote_start = models.PositiveIntegerField(null=True, blank=True)
    quote_end = models.PositiveIntegerField(null=True, blank=True)
    body = models.TextField(_("commentaire"))
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class DraftTicket(models.Model):
    """A short-lived, single-use WebSocket ticket (stored hashed; shared by every worker)."""

    token_sha256 = models.CharField(max_length=64, unique=True)
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"ticket {self.user_id} → {self.draft_id}"


class DraftClause(models.Model):
    """Where a passage of a draft came from: a library model clause, as of one published revision.

    The text inserted is kept as it was (the clause may change or disappear since), with the
    clause's reference and title; the draft page lists these beside the text and compares each
    with the clause's current published revision ("modifiée depuis"). See docs/decisions/0018.
    """

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="clauses")
    clause = models.ForeignKey(
        "library.ModelClausePage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reference = models.CharField(_("référence"), max_length=40)
    title = models.CharField(_("titre"), max_length=255)
    inserted_text = models.TextField(_("texte inséré"))
    inserted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    inserted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "inserted_at", "id"]

    def __str__(self) -> str:
        return f"{self.reference} → {self.draft}"
