"""Staff see their clinic's payments and refund with a reason (audited, clinic-scoped, once per
Idempotency-Key); clinic administrators set the payment policy."""

import pytest

from apps.audit.models import AuditEvent
from apps.payments import stripe_client
from apps.payments.models import PaymentPolicy, Refund, RefundKind, RefundStatus
from apps.payments.services.refunds import refund_execute
from tests.accounts.factories import PatientFactory
from tests.booking.conftest import NOW
from tests.clinics.factories import ClinicFactory

from .conftest import book_and_pay
from .factories import PaymentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.localstripe]


def refund(client, payment, key="refund-1", **body):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(f"/api/v1/payments/{payment.pk}/refunds", body, format="json", **headers)


def test_the_front_desk_refunds_part_of_a_payment_with_a_reason_and_the_patient_sees_it(
    open_clinic, client_for, staff_client_for, sdk, tasks_run
):
    patient = PatientFactory()
    client = client_for(patient)
    _, payment = book_and_pay(client, sdk)
    desk = staff_client_for(open_clinic, role="front_desk")
    with tasks_run():
        made = refund(desk, payment, amount_cents=5000, reason="Session ran short")
    assert made.status_code == 201
    body = made.json()
    assert (body["kind"], body["amount_cents"], body["reason"]) == ("staff", 5000, "Session ran short")
    stored = Refund.objects.get(pk=body["id"])
    assert (stored.status, stored.requested_by) == ("succeeded", desk.user)
    assert [r.amount for r in sdk.v1.refunds.list(params={"payment_intent": payment.stripe_payment_intent_id})] == [
        5000
    ]
    assert AuditEvent.objects.filter(
        actor=desk.user, action="create", object_id=str(stored.pk), patient=patient, clinic=open_clinic
    ).exists()

    mine = client.get("/api/v1/me/payments").json()["results"][0]
    assert (mine["refunded_cents"], mine["receipt"]["net_cents"]) == (5000, 20000)
    assert [(r["amount_cents"], r["status"], r["reason"]) for r in mine["refunds"]] == [
        (5000, "succeeded", "Session ran short")
    ]


def test_a_double_submitted_refund_refunds_once(open_clinic, client_for, staff_client_for, sdk, tasks_run):
    _, payment = book_and_pay(client_for(PatientFactory()), sdk)
    desk = staff_client_for(open_clinic, role="clinic_admin")
    with tasks_run():
        first = refund(desk, payment, key="same", amount_cents=7000, reason="Goodwill")
        second = refund(desk, payment, key="same", amount_cents=7000, reason="Goodwill")
    assert (first.status_code, second.status_code) == (201, 201)
    assert second["Idempotent-Replayed"] == "true" and second.json()["id"] == first.json()["id"]
    assert Refund.objects.count() == 1
    assert [r.amount for r in sdk.v1.refunds.list(params={"payment_intent": payment.stripe_payment_intent_id})] == [
        7000
    ]
    reused = refund(desk, payment, key="same", amount_cents=100, reason="Other")
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"


def test_refunds_stop_at_what_is_left_and_need_a_reason_and_a_key(open_clinic, client_for, staff_client_for, sdk):
    _, payment = book_and_pay(client_for(PatientFactory()), sdk)
    desk = staff_client_for(open_clinic, role="front_desk")
    too_much = refund(desk, payment, amount_cents=25001, reason="Oops")
    assert too_much.status_code == 409 and too_much.json()["refundable_cents"] == 25000
    assert refund(desk, payment, amount_cents=100).json()["fields"] == {"reason": ["This field is required."]}
    no_key = refund(desk, payment, key=None, reason="No key")
    assert no_key.status_code == 400 and no_key.json()["code"] == "idempotency_key_required"
    everything = refund(desk, payment, key="all", reason="Everything")
    assert everything.json()["amount_cents"] == 25000
    nothing_left = refund(desk, payment, key="again", reason="Again")
    assert nothing_left.status_code == 409 and nothing_left.json()["code"] == "refund_not_possible"


def test_only_the_front_desk_and_admins_of_that_clinic_refund(open_clinic, client_for, staff_client_for, sdk):
    _, payment = book_and_pay(client_for(PatientFactory()), sdk)
    provider = staff_client_for(open_clinic, role="provider")
    assert refund(provider, payment, reason="x").status_code == 403
    elsewhere = staff_client_for(ClinicFactory(organization=open_clinic.organization), role="clinic_admin")
    assert refund(elsewhere, payment, reason="x").status_code == 404
    assert elsewhere.get(f"/api/v1/payments/{payment.pk}").status_code == 404
    patient = client_for(payment.patient)
    assert refund(patient, payment, reason="x").status_code in (403, 404)
    without_mfa = staff_client_for(open_clinic, role="front_desk", mfa=False)
    assert refund(without_mfa, payment, reason="x").json()["code"] == "mfa_required"
    assert not Refund.objects.exists()


def test_staff_list_their_clinics_payments_only_and_the_reads_are_audited(
    open_clinic, client_for, staff_client_for, sdk
):
    _, payment = book_and_pay(client_for(PatientFactory()), sdk)
    desk = staff_client_for(open_clinic, role="front_desk")
    listed = desk.get("/api/v1/clinics/denver/payments", {"status": "succeeded"}).json()["results"]
    assert [p["id"] for p in listed] == [str(payment.pk)]
    assert desk.get("/api/v1/clinics/denver/payments", {"status": "canceled"}).json()["results"] == []
    assert AuditEvent.objects.filter(actor=desk.user, action="read", object_id=str(payment.pk)).exists()
    other = ClinicFactory(slug="elsewhere")
    assert staff_client_for(other).get("/api/v1/clinics/denver/payments").status_code == 404


POLICY = {
    "currency": "USD",
    "consultation_at_booking": "deposit",
    "consultation_deposit_cents": 5000,
    "session_at_booking": "full",
    "induction_package_price_cents": 240000,
    "late_cancellation": "fee",
    "late_fee_cents": 7500,
    "no_show_fee_cents": 10000,
}


def test_a_clinic_admin_sets_the_policy_and_patients_see_what_they_will_pay(
    stripe_on, clock, denver, consultation, staff_client_for, api_client
):
    admin = staff_client_for(denver, role="clinic_admin")
    assert admin.put("/api/v1/clinics/denver/payment-policy", POLICY, format="json").status_code == 200
    assert PaymentPolicy.objects.get(clinic=denver).late_fee_cents == 7500
    info = api_client.get("/api/v1/clinics/denver/payment-policy").json()
    assert (info["payment_mode"], info["publishable_key"]) == ("stripe", "pk_test_portal")
    assert [(s["slug"], s["price_cents"], s["due_at_booking_cents"]) for s in info["services"]] == [
        ("consult", 25000, 5000)
    ]
    assert info["policy"]["induction_package_sessions"] == 6
    assert (
        "a fee of $75.00 for cancelling an appointment within its cancellation window"
        in (info["card_on_file_terms"]["text"])
    )


def test_the_policy_is_validated_and_only_a_clinic_admin_sets_it(stripe_on, denver, consultation, staff_client_for):
    admin = staff_client_for(denver, role="clinic_admin")
    invalid = admin.put(
        "/api/v1/clinics/denver/payment-policy",
        POLICY | {"late_refund_percent": 101, "consultation_deposit_cents": 0, "currency": "usd"},
        format="json",
    )
    assert invalid.status_code == 400
    assert set(invalid.json()["fields"]) == {"late_refund_percent", "currency"}
    wrong_currency = admin.put("/api/v1/clinics/denver/payment-policy", POLICY | {"currency": "EUR"}, format="json")
    assert wrong_currency.status_code == 400 and wrong_currency.json()["code"] == "invalid_policy"
    desk = staff_client_for(denver, role="front_desk")
    assert desk.put("/api/v1/clinics/denver/payment-policy", POLICY, format="json").status_code == 403
    assert not PaymentPolicy.objects.exists()


def test_a_refund_of_a_payment_never_charged_fails_clearly_without_calling_stripe(monkeypatch):
    """Only a charged payment has an intent to refund; a stray refund row of another fails at once."""
    payment = PaymentFactory(appointment__starts_at=NOW, stripe_payment_intent_id=None)
    stray = Refund.objects.create(payment=payment, kind=RefundKind.STAFF, amount_cents=100, reason="Overcharged")
    monkeypatch.setattr(stripe_client, "refund_create", lambda **kwargs: pytest.fail("Stripe was called"))
    stray = refund_execute(refund=stray)
    assert stray.status == RefundStatus.FAILED
    assert stray.failure_message == "The payment was never charged, so there is nothing to refund."
