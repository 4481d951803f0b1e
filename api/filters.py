from datetime import UTC

import django_filters
from django import forms

from collectivites.models import AuditEvent, Collectivite
from collectivites.text import fold


class IdFilter(django_filters.NumberFilter):
    """A database id: a whole number the database can hold, else a 400 (not an overflow 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class UtcDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 date-time, turned into UTC before it reaches the database.

    Python accepts offsets PostgreSQL refuses (up to ±24 h); in UTC there is nothing to refuse,
    and a date that cannot be expressed in UTC (year 9999 minus an offset) is a 400.
    """

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError("Date hors des limites.", code="invalid") from None


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class CollectiviteFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Collectivite.Kind.choices)
    departement = django_filters.CharFilter(field_name="departement_code")
    search = django_filters.CharFilter(method="filter_search", label="Recherche dans le nom")

    class Meta:
        model = Collectivite
        fields = ["kind", "departement"]

    def filter_search(self, queryset, name, value):
        words = fold(value).split()
        for word in words:
            queryset = queryset.filter(search_name__contains=word)
        return queryset


class AuditEventFilter(django_filters.FilterSet):
    collectivite = IdFilter(field_name="collectivite_id")
    action = django_filters.CharFilter(field_name="action", lookup_expr="startswith")
    object_type = django_filters.CharFilter()
    object_id = django_filters.CharFilter()
    since = UtcDateTimeFilter(field_name="at", lookup_expr="gte")

    class Meta:
        model = AuditEvent
        fields = ["collectivite", "action", "object_type", "object_id", "since"]
