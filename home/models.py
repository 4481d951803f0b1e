from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site's root page (served at ``/pages/``) and the parent of each module's section:
    the library (``library.LibraryIndexPage``) and the drafting spaces' index. Its introduction
    is edited by animators; the sections are created by their apps (``library_setup``,
    ``space_index``), one each."""

    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["library.LibraryIndexPage", "spaces.SpaceIndexPage"]

    class Meta:
        verbose_name = _("page d'accueil")
