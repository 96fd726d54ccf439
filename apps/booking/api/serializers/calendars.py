"""The patient's private calendar feed."""

from rest_framework import serializers


class CalendarFeedOutput(serializers.Serializer):
    active = serializers.BooleanField()
    created_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField(allow_null=True, help_text="Shown once, when made: keep it private.")
