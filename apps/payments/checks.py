"""Start-up checks: half-configured Stripe keys would take payments the portal cannot confirm."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def stripe_settings_check(app_configs, **kwargs):
    keys = {
        "STRIPE_SECRET_KEY": settings.STRIPE_SECRET_KEY,
        "STRIPE_PUBLISHABLE_KEY": settings.STRIPE_PUBLISHABLE_KEY,
        "STRIPE_WEBHOOK_SECRET": settings.STRIPE_WEBHOOK_SECRET,
    }
    if not any(keys.values()) or all(keys.values()):
        return []
    missing = ", ".join(name for name, value in keys.items() if not value)
    return [
        checks.Warning(
            f"Stripe is partly configured; not set: {missing}.",
            hint="Set all three to take payments online (webhooks are refused without the webhook secret), "
            'or none for "pay at the clinic" mode.',
            id="payments.W001",
        )
    ]
