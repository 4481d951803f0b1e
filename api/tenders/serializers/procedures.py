"""Shapes of the procedure's legal minimum deadlines (what the buyer's form shows)."""

from rest_framework import serializers


class MinimumDeadlineSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=["candidatures", "offres"])
    days = serializers.IntegerField()
    article = serializers.CharField()
    reason = serializers.CharField()
    earliest = serializers.DateTimeField(help_text="Date limite la plus proche permise.")
    counted_from = serializers.ChoiceField(
        choices=["avis", "invitation"],
        help_text="Le délai court de l'envoi de l'avis, ou de l'invitation à soumissionner.",
    )
    text = serializers.CharField()


class DeadlineReportSerializer(serializers.Serializer):
    two_phase = serializers.BooleanField()
    minimums = MinimumDeadlineSerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())
