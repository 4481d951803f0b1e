import django_filters

from collectivites.models import Collectivite
from collectivites.text import fold


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
