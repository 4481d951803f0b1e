"""Choice labels (``status_label``, ``kind_label``…) are what ``get_<field>_display()`` says,
in the request's language, read from a dict made once rather than by Django's method, which
rebuilds the field's translated choices on every row (api.serializers.ChoiceLabelField)."""

import pytest
from django.utils import translation

from api.serializers import ChoiceLabelField
from collectivites.models import Collectivite
from tenders.models import Tender

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    ("model", "field"),
    [(Tender, "status"), (Tender, "procedure"), (Tender, "nature"), (Collectivite, "kind")],
)
def test_labels_are_get_display(model, field, language):
    label = ChoiceLabelField(model, field)
    with translation.override(language):
        for value, _ in model._meta.get_field(field).flatchoices:
            row = model(**{field: value})
            expected = getattr(row, f"get_{field}_display")()
            assert label.to_representation(value) == expected, (value, language)
        assert label.to_representation("inconnu") == "inconnu"  # as Django: the value itself
