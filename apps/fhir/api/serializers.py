from rest_framework import serializers

from ..scopes import SCOPE_LABELS, SCOPES


class APIKeyCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="What the key is for, e.g. the system that uses it.")
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=SCOPES), min_length=1, help_text="What the key may read."
    )
    expires_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Last day the key works (the clinic's calendar); none: until revoked.",
    )


class APIKeyOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    prefix = serializers.CharField(help_text="The start of the key, before the dot: how to tell keys apart.")
    scopes = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField()
    created_by = serializers.EmailField(source="created_by.email")
    last_used_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)


class NewAPIKeyOutput(APIKeyOutput):
    secret = serializers.CharField(
        help_text="The whole key, to send as Authorization: Bearer <secret>. Shown only here."
    )


class ScopeOutput(serializers.Serializer):
    scope = serializers.CharField()
    label = serializers.CharField()


class APIKeyListOutput(serializers.Serializer):
    keys = APIKeyOutput(many=True)
    scopes = ScopeOutput(many=True, help_text="Every scope a key may be given, in plain words.")


def scope_choices() -> list[dict]:
    return [{"scope": scope, "label": label} for scope, label in SCOPE_LABELS.items()]
