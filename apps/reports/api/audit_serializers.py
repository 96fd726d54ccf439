from rest_framework import serializers

from apps.audit.models import AuditAction


class AuditQuery(serializers.Serializer):
    patient = serializers.UUIDField(required=False)
    actor = serializers.UUIDField(required=False)
    action = serializers.ChoiceField(choices=AuditAction.choices, required=False)
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)

    def filters(self) -> dict:
        data = self.validated_data
        return {
            "patient_id": data.get("patient"),
            "actor_id": data.get("actor"),
            "action": data.get("action"),
            "since": data.get("since"),
            "until": data.get("until"),
        }


class AuditEventOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.EmailField(source="actor.email", allow_null=True, default=None)
    action = serializers.ChoiceField(choices=AuditAction.choices)
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    patient = serializers.UUIDField(source="patient_id", allow_null=True)
    clinic = serializers.SlugField(source="clinic.slug", allow_null=True, default=None)
    ip_address = serializers.IPAddressField(allow_null=True)
    via = serializers.CharField(help_text="What acted when no account did: an API key or a shared link.")


CSV_COLUMNS = ["at", "actor", "action", "object_type", "object_id", "patient", "clinic", "ip_address", "via"]
