import pytest

pytestmark = pytest.mark.django_db

PAYMENT_PATHS = [
    "/api/v1/clinics/{clinic_slug}/payment-policy",
    "/api/v1/clinics/{clinic_slug}/payments",
    "/api/v1/appointments/{appointment_id}/payments",
    "/api/v1/appointments/{appointment_id}/cancellation-quote",
    "/api/v1/payments/{payment_id}",
    "/api/v1/payments/{payment_id}/checkout",
    "/api/v1/payments/{payment_id}/confirmation",
    "/api/v1/payments/{payment_id}/refunds",
    "/api/v1/payments/stripe/webhook",
    "/api/v1/me/payments",
    "/api/v1/me/card-consents",
    "/api/v1/me/card-consents/{consent_id}",
]


def test_every_payments_endpoint_is_documented_with_its_bodies(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert set(PAYMENT_PATHS) <= set(paths)
    checkout = paths["/api/v1/payments/{payment_id}/checkout"]["post"]
    assert checkout["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("CheckoutInputRequest")
    assert checkout["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("CheckoutOutput")
    refunds = paths["/api/v1/payments/{payment_id}/refunds"]["post"]
    assert "Idempotency-Key" in [parameter["name"] for parameter in refunds["parameters"]]
    quote = schema["components"]["schemas"]["CancellationQuoteOutput"]["properties"]
    assert {"allowed", "late", "refund_cents", "fee_cents", "window_starts_clinic_time", "message"} <= set(quote)
    policy = paths["/api/v1/clinics/{clinic_slug}/payment-policy"]
    assert "PolicyInputRequest" in policy["put"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
