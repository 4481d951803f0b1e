"""Where the library sits in Wagtail's page tree."""

from wagtail.models import Page

from .models import LibraryIndexPage


def library_index() -> LibraryIndexPage:
    """The library's index page, created under the site's root page the first time.

    Like the spaces' index, it hangs under the site root (the home page), so Wagtail's admin
    shows the network's sections side by side.
    """
    index = LibraryIndexPage.objects.first()
    if index is None:
        parent = Page.objects.filter(depth=2).first() or Page.get_first_root_node()
        index = parent.add_child(
            instance=LibraryIndexPage(title="Base documentaire", slug="base-documentaire")
        )
    return index
