"""The library index and the base every library page kind extends."""

import re
from html import unescape

from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessPreviewMixin

from collectivites.errors import NotFoundError

from ..blocks import BodyBlock
from ..themes import Theme

# Page kinds an animator may file under the index or under another page (a guide may hold
# fact sheets, a module holds its lessons: sub-pages inherit their parent's visibility).
CONTENT_PAGE_TYPES = [
    "library.GuidePage",
    "library.FactSheetPage",
    "library.ModelClausePage",
    "library.FaqEntryPage",
    "library.TrainingModulePage",
]


class ReviewInterval(models.IntegerChoices):
    """How often a page is re-read; a few fixed values keep "due for review" one SQL filter."""

    QUARTER = 91, _("tous les 3 mois")
    HALF_YEAR = 182, _("tous les 6 mois")
    YEAR = 365, _("tous les ans")
    TWO_YEARS = 730, _("tous les 2 ans")


class ReadInTheApp:
    """Library pages are read in the SPA, through the API and the permission layer.

    Wagtail's own front end (``/pages/…``) would render them with a template, to anyone, past
    the platform's visibility rules: "view live" in the admin goes to the SPA's reading view
    instead (a page the visitor may not read answers 404 there, as everywhere), and "preview"
    shows the SPA rendering the draft (``HeadlessPreviewMixin``, docs/decisions/0012).
    """

    spa_path = "/base-documentaire"

    def serve(self, request, *args, **kwargs):
        return redirect(self.spa_path)


class LibraryIndexPage(ReadInTheApp, Page):
    """The root of the library: its children are the pages of the base documentaire."""

    introduction = models.TextField(_("introduction"), blank=True)

    preview_modes: list = []  # nothing of its own to preview: the SPA lists the pages

    max_count = 1
    subpage_types = CONTENT_PAGE_TYPES
    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = _("base documentaire")


class LibraryPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "library.LibraryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


_TAG = re.compile(r"<[^>]+>")


def _words_of(raw) -> list[str]:
    """Every text in a StreamField's raw data, tags stripped; ids, flags and links skipped."""
    if isinstance(raw, str):
        if raw.startswith(("http://", "https://")):
            return []
        text = unescape(_TAG.sub(" ", raw)).strip()
        return [text] if text else []
    if isinstance(raw, dict):
        return [
            w for key, value in raw.items() if key not in ("type", "id") for w in _words_of(value)
        ]
    if isinstance(raw, list | tuple):
        return [w for item in raw for w in _words_of(item)]
    return []


class LibraryPage(ReadInTheApp, HeadlessPreviewMixin, Page):
    """What every kind of library page has. Not creatable itself: pick a kind."""

    summary = models.TextField(
        _("résumé"), blank=True, max_length=600, help_text=_("Deux ou trois phrases, en clair.")
    )
    theme = models.CharField(_("thème"), max_length=32, choices=Theme.choices, db_index=True)
    tags = ClusterTaggableManager(through=LibraryPageTag, blank=True, verbose_name=_("mots-clés"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))
    last_reviewed_on = models.DateField(
        _("dernière relecture"),
        default=timezone.localdate,
        help_text=_("Date à laquelle le contenu a été vérifié pour la dernière fois."),
    )
    review_interval_days = models.PositiveIntegerField(
        _("relecture"), choices=ReviewInterval.choices, default=ReviewInterval.YEAR
    )

    is_creatable = False
    parent_page_types = ["library.LibraryIndexPage", *CONTENT_PAGE_TYPES]

    # Wagtail's own fields (title with autocomplete; live and path, which ``library.rules``'
    # "search" rule filters on) plus the summary and the body as plain text.
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body_text"),
        index.FilterField("theme"),
    ]

    def body_text(self) -> str:
        """The body's words without markup, for the index and the search excerpts.

        Read from the stored JSON, not the blocks: building them would fetch each linked
        document (a query per page of search results).
        """
        return "\n".join(_words_of(list(self.body.raw_data)))

    @property
    def spa_path(self) -> str:
        return f"/base-documentaire/{self.pk}"

    def serve(self, request, *args, **kwargs):
        """The SPA's reading view, or 404 to whoever may not read the page (as the API)."""
        from ..selectors import page_get  # the selectors import these models

        try:
            page_get(actor=request.user, page_id=self.pk)
        except NotFoundError as error:
            raise Http404 from error
        return redirect(self.spa_path)

    subpage_types = CONTENT_PAGE_TYPES

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [FieldPanel("theme"), FieldPanel("tags")],
            heading=_("Classement"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("owner"),
                FieldPanel("last_reviewed_on"),
                FieldPanel("review_interval_days"),
            ],
            heading=_("Relecture"),
        ),
        *Page.settings_panels,
    ]

    class Meta:
        verbose_name = _("page de la base documentaire")
        verbose_name_plural = _("pages de la base documentaire")
        indexes = [models.Index(fields=["review_interval_days", "last_reviewed_on"])]
