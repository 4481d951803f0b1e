"""What the search endpoints answer: hits of every kind, their counts per kind, suggestions."""

from rest_framework import serializers

from search.kinds import KIND_NAMES

from ..serializers import CollectiviteRefSerializer


class SearchHitSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=KIND_NAMES)
    id = serializers.IntegerField()
    title = serializers.CharField()
    excerpt = serializers.CharField(
        help_text="HTML sûr : texte échappé, mots trouvés entre <mark> et </mark>."
    )
    url = serializers.CharField(help_text="Chemin dans l'application (ex. /marches/12).")
    collectivite = CollectiviteRefSerializer(allow_null=True)
    context = serializers.CharField(
        help_text="Où se trouve le résultat : espace, forum, référence, thème, numéro."
    )
    date = serializers.DateField(allow_null=True)


class SearchFacetsSerializer(serializers.Serializer):
    library = serializers.IntegerField()
    draft = serializers.IntegerField()
    post = serializers.IntegerField()
    tender = serializers.IntegerField()
    act = serializers.IntegerField()


class SearchResultsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Résultats des types demandés.")
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    facets = SearchFacetsSerializer(help_text="Résultats par type, quel que soit `type`.")
    results = SearchHitSerializer(many=True)


class SearchSuggestionSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=KIND_NAMES)
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
