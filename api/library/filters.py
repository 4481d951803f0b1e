"""Query parameters of the page list, validated here (400 naming the field), applied by the
selector (``library.selectors.page_list``)."""

import django_filters

from library.kinds import KIND_CHOICES
from library.models import LibraryPage
from library.themes import Theme

from ..filters import IdFilter, UtcDateTimeFilter


class LibraryPageFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=KIND_CHOICES, label="Type de page")
    theme = django_filters.ChoiceFilter(choices=Theme.choices, label="Thème")
    tag = django_filters.CharFilter(max_length=100, label="Mot-clé (slug)")
    updated_since = UtcDateTimeFilter(label="Publiées ou mises à jour depuis (ISO 8601)")
    q = django_filters.CharFilter(max_length=200, label="Texte contenu dans le titre ou le résumé")
    parent = IdFilter(label="Sous-pages de cette page (ou de l'index)")

    class Meta:
        model = LibraryPage
        fields: list[str] = []

    def filter_queryset(self, queryset):
        return queryset  # the selector filters; this class validates and documents


def page_filters(filterset: LibraryPageFilter) -> dict:
    """The selector's keyword arguments for what the request gave."""
    data = filterset.form.cleaned_data
    names = {"kind", "theme", "tag", "updated_since", "q"}
    arguments = {name: data[name] for name in names if data.get(name) not in (None, "")}
    if data.get("parent") is not None:
        arguments["parent_id"] = data["parent"]
    return arguments
