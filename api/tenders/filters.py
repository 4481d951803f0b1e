import django_filters
from django.core.validators import RegexValidator

from tenders import selectors
from tenders.models import Nature, Procedure, Tender, TenderStatus

from ..filters import IdFilter, UtcDateTimeFilter

CPV_PREFIX = RegexValidator(r"^[0-9]{1,8}(-[0-9]?)?$", "Préfixe CPV invalide (chiffres).")


class TenderFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=TenderStatus.choices)
    procedure = django_filters.ChoiceFilter(choices=Procedure.choices)
    nature = django_filters.ChoiceFilter(choices=Nature.choices)
    cpv = django_filters.CharFilter(
        method="filter_cpv", validators=[CPV_PREFIX], label="Préfixe de code CPV (ex. 4521)"
    )
    buyer = IdFilter(field_name="buyer_id", label="Collectivité acheteuse (coordonnatrice)")
    collectivite = IdFilter(
        method="filter_collectivite", label="Collectivité acheteuse ou membre du groupement"
    )
    departement = django_filters.CharFilter(
        field_name="buyer__departement_code", max_length=3, label="Département de l'acheteur"
    )
    deadline_after = UtcDateTimeFilter(field_name="response_deadline", lookup_expr="gte")
    deadline_before = UtcDateTimeFilter(field_name="response_deadline", lookup_expr="lte")
    q = django_filters.CharFilter(
        method="filter_q", max_length=200, label="Recherche plein texte (en français)"
    )
    mine = django_filters.BooleanFilter(
        method="filter_mine", label="Consultations de mes collectivités (acheteuse ou membre)"
    )

    class Meta:
        model = Tender
        fields = ["status", "procedure", "nature", "buyer", "departement"]

    def filter_cpv(self, queryset, name, value):
        # search_text ends with " |<code>" per CPV code: a prefix is a plain LIKE on any DB.
        return queryset.filter(search_text__contains=f" |{value}")

    def filter_q(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(pk__in=selectors.tender_search_ids(actor=self.request.user, q=value))

    def filter_mine(self, queryset, name, value):
        if value:
            return queryset.filter(selectors.involving_q(self.request.user))
        return queryset

    def filter_collectivite(self, queryset, name, value):
        return queryset.filter(selectors.involving_collectivite_q(value))
