"""Cancellations apply the clinic's policy (refund, partial refund, fee) exactly as the quote said
before the caller confirmed: at the window's boundary to the second, in the clinic's zone, on
daylight-saving days, for packages, and in "pay at the clinic" mode."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from apps.booking.models import Appointment
from apps.payments.models import Payment, Refund
from tests.accounts.factories import PatientFactory
from tests.booking.conftest import NOW
from tests.booking.factories import ChairFactory, ServiceTypeFactory

from .conftest import book, book_and_pay, checkout, confirm_payment, pay_in_browser, payment_of

SERIES = {"clinic": "denver", "service": "iv", "will_not_drive": True}

pytestmark = [pytest.mark.django_db, pytest.mark.localstripe]

DENVER = ZoneInfo("America/Denver")
WINDOW_OPENS = datetime.fromisoformat("2026-02-02T20:00:00+00:00")  # 24 hours before ONE_PM


def quote(client, appointment):
    return client.get(f"/api/v1/appointments/{appointment.pk}/cancellation-quote").json()


AS_QUOTED = "as quoted"


def cancel(client, appointment, reason="", *, accepted=AS_QUOTED):
    """Cancel as the portal's cancel page does: accepting the quote just shown (``accepted``: other
    amounts, or None for none)."""
    body = {"status": "cancelled", "reason": reason}
    if accepted == AS_QUOTED:
        shown = quote(client, appointment)
        accepted = {"refund_cents": shown["refund_cents"], "fee_cents": shown["fee_cents"]}
    if accepted is not None:
        body["accepted_quote"] = accepted
    return client.post(f"/api/v1/appointments/{appointment.pk}/transitions", body, format="json")


def refunds_in_stripe(sdk, payment):
    return sorted(r.amount for r in sdk.v1.refunds.list(params={"payment_intent": payment.stripe_payment_intent_id}))


def test_cancelling_in_time_refunds_everything_as_quoted(open_clinic, client_for, sdk, tasks_run):
    client = client_for(PatientFactory())
    appointment, payment = book_and_pay(client, sdk)
    said = quote(client, appointment)
    assert said | {"message": ""} == {
        "appointment": str(appointment.pk),
        "payment_mode": "stripe",
        "allowed": True,
        "late": False,
        "window_starts_at": "2026-02-02T20:00:00Z",
        "window_starts_clinic_time": {"local": "2026-02-02T13:00", "utc_offset": "-07:00", "abbreviation": "MST"},
        "currency": "USD",
        "paid_cents": 25000,
        "refund_cents": 25000,
        "kept_cents": 0,
        "fee_cents": 0,
        "fee_collection": "",
        "message": "",
        "reschedule_allowed": True,
        "reschedule_message": "Moving it to another time costs nothing; what was paid stays with it.",
    }
    assert said["message"] == (
        "Cancel now and the $250.00 you paid is refunded in full. "
        "The 24-hour cancellation window opens Mon 2 Feb 2026, 13:00 MST."
    )
    with tasks_run():
        assert cancel(client, appointment).status_code == 200
    refund = Refund.objects.get(payment=payment)
    assert (refund.kind, refund.amount_cents, refund.status, refund.appointment_id) == (
        "policy",
        25000,
        "succeeded",
        appointment.pk,
    )
    assert refunds_in_stripe(sdk, payment) == [25000]


@pytest.mark.parametrize(
    ("at", "late", "refund"),
    [
        (WINDOW_OPENS - timedelta(seconds=1), False, 25000),
        (WINDOW_OPENS, True, 12500),
        (WINDOW_OPENS + timedelta(hours=23), True, 12500),
    ],
    ids=["a second before the window", "exactly when it opens", "an hour before the start"],
)
def test_the_window_boundary_belongs_to_the_window(open_clinic, client_for, sdk, clock, tasks_run, at, late, refund):
    client = client_for(PatientFactory())
    appointment, payment = book_and_pay(client, sdk)
    clock.move_to(at, tick=False)
    client = client_for(client.user)
    said = quote(client, appointment)
    assert (said["allowed"], said["late"], said["refund_cents"], said["kept_cents"]) == (
        True,
        late,
        refund,
        25000 - refund,
    )
    assert said["reschedule_allowed"] is not late
    moved = client.patch(f"/api/v1/appointments/{appointment.pk}", {"start": "2026-02-04T20:00:00Z"}, format="json")
    assert moved.status_code == (409 if late else 200)
    with tasks_run():
        assert cancel(client, appointment).status_code == 200
    assert refunds_in_stripe(sdk, payment) == [refund]
    assert Payment.objects.get(pk=payment.pk).refunds.get().amount_cents == said["refund_cents"]


@pytest.mark.parametrize(
    ("booked_at", "start", "window_opens_local", "late_at_the_same_wall_time_the_day_before"),
    [
        # Spring forward (Sun 8 Mar 2026): 09:00 MDT Sunday minus 24 hours is 08:00 MST Saturday, so at
        # 09:00 on Saturday the window is already open.
        (NOW, "2026-03-08T09:00:00-06:00", ("2026-03-07T08:00", "-07:00", "MST"), True),
        # Fall back (Sun 1 Nov 2026): 09:00 MST Sunday minus 24 hours is 10:00 MDT Saturday, so at
        # 09:00 on Saturday it is not open yet.
        ("2026-10-20T12:00:00+00:00", "2026-11-01T09:00:00-07:00", ("2026-10-31T10:00", "-06:00", "MDT"), False),
    ],
    ids=["spring forward", "fall back"],
)
def test_on_a_daylight_saving_day_the_window_is_elapsed_hours_shown_in_the_clinics_zone(
    stripe_on,
    clock,
    denver,
    consultation,
    provider_at,
    policy,
    client_for,
    sdk,
    tasks_run,
    booked_at,
    start,
    window_opens_local,
    late_at_the_same_wall_time_the_day_before,
):
    provider_at(denver, start=time(8), end=time(18))
    clock.move_to(booked_at, tick=False)
    client = client_for(PatientFactory())
    appointment, payment = book_and_pay(client, sdk, start=start)
    window_opens = appointment.starts_at - timedelta(hours=24)
    said = quote(client, appointment)
    wall = said["window_starts_clinic_time"]
    assert (wall["local"], wall["utc_offset"], wall["abbreviation"]) == window_opens_local
    as_booked = client.get(f"/api/v1/appointments/{appointment.pk}").json()
    assert said["window_starts_at"] == as_booked["patient_may_change_until"]

    local_start = appointment.starts_at.astimezone(DENVER)
    same_wall_time_day_before = (local_start.replace(tzinfo=None) - timedelta(days=1)).replace(tzinfo=DENVER)
    clock.move_to(same_wall_time_day_before, tick=False)
    assert quote(client_for(client.user), appointment)["late"] is late_at_the_same_wall_time_the_day_before
    clock.move_to(window_opens - timedelta(seconds=1), tick=False)
    assert quote(client_for(client.user), appointment)["late"] is False
    clock.move_to(window_opens, tick=False)
    client = client_for(client.user)
    assert quote(client, appointment)["late"] is True
    with tasks_run():
        cancel(client, appointment)
    assert refunds_in_stripe(sdk, payment) == [12500]


def test_a_clinic_cancellation_inside_the_window_refunds_everything(
    open_clinic, client_for, staff_client_for, sdk, clock, tasks_run
):
    client = client_for(PatientFactory())
    appointment, payment = book_and_pay(client, sdk)
    clock.move_to(WINDOW_OPENS + timedelta(hours=2), tick=False)
    desk = staff_client_for(open_clinic, role="front_desk")
    said = quote(desk, appointment)
    assert (said["allowed"], said["late"], said["refund_cents"]) == (True, True, 25000)
    assert said["message"] == "A cancellation by the clinic refunds everything paid online ($250.00)."
    with tasks_run():
        assert cancel(desk, appointment, reason="Provider unwell").status_code == 200
    assert refunds_in_stripe(sdk, payment) == [25000]


def test_a_late_fee_is_kept_from_what_was_paid(open_clinic, policy, client_for, sdk, clock, tasks_run):
    policy.late_cancellation, policy.late_fee_cents = "fee", 10000
    policy.save()
    client = client_for(PatientFactory())
    appointment, payment = book_and_pay(client, sdk)
    clock.move_to(WINDOW_OPENS, tick=False)
    client = client_for(client.user)
    said = quote(client, appointment)
    assert (said["refund_cents"], said["kept_cents"], said["fee_cents"]) == (15000, 10000, 0)
    assert said["message"].endswith(
        "The late-cancellation fee is $100.00: $150.00 of the $250.00 you paid is refunded."
    )
    with tasks_run():
        cancel(client, appointment)
    assert refunds_in_stripe(sdk, payment) == [15000]
    assert not Payment.objects.filter(kind="late_cancellation_fee").exists()


def test_a_quote_that_turned_late_since_it_was_shown_cancels_and_charges_nothing(
    open_clinic, policy, client_for, sdk, clock, tasks_run
):
    policy.late_cancellation, policy.late_fee_cents = "fee", 10000
    policy.save()
    client = client_for(PatientFactory())
    appointment, payment = book_and_pay(client, sdk)
    shown = quote(client, appointment)
    assert (shown["refund_cents"], shown["fee_cents"]) == (25000, 0)  # in time: everything back

    clock.move_to(WINDOW_OPENS, tick=False)
    client = client_for(client.user)
    with tasks_run():
        stale = cancel(client, appointment, accepted={"refund_cents": 25000, "fee_cents": 0})
    assert stale.status_code == 409
    assert stale.json()["code"] == "cancellation_quote_changed"
    assert stale.json()["quote"] | {"message": ""} == {
        "refund_cents": 15000,
        "fee_cents": 0,
        "paid_cents": 25000,
        "kept_cents": 10000,
        "currency": "USD",
        "message": "",
    }
    appointment.refresh_from_db()
    assert appointment.status == "confirmed"
    assert refunds_in_stripe(sdk, payment) == []

    unsaid = cancel(client, appointment, accepted=None)
    assert unsaid.json()["code"] == "cancellation_quote_changed"

    with tasks_run():
        accepted = cancel(client, appointment, accepted={"refund_cents": 15000, "fee_cents": 0})
    assert accepted.status_code == 200, accepted.json()
    assert refunds_in_stripe(sdk, payment) == [15000]


def test_a_late_fee_beyond_a_deposit_becomes_a_payment_request_without_a_saved_card(
    open_clinic, policy, client_for, sdk, clock, tasks_run
):
    policy.late_cancellation, policy.late_fee_cents = "fee", 10000
    policy.consultation_at_booking, policy.consultation_deposit_cents = "deposit", 4000
    policy.save()
    patient = PatientFactory()
    client = client_for(patient)
    appointment, payment = book_and_pay(client, sdk)
    assert payment.amount_cents == 4000
    clock.move_to(WINDOW_OPENS, tick=False)
    client = client_for(client.user)
    said = quote(client, appointment)
    assert (said["refund_cents"], said["fee_cents"], said["fee_collection"]) == (0, 6000, "payment_request")
    assert said["message"].endswith("and you will be asked to pay $60.00 in the portal.")
    with tasks_run():
        cancel(client, appointment)
    fee = Payment.objects.get(kind="late_cancellation_fee")
    assert (fee.amount_cents, fee.status, fee.stripe_payment_intent_id) == (6000, "requires_payment", None)
    mine = client.get("/api/v1/me/payments").json()["results"]
    assert [(p["kind"], p["to_pay_in_portal"]) for p in mine] == [("late_cancellation_fee", True), ("booking", False)]
    assert refunds_in_stripe(sdk, payment) == []

    checkout(client, fee)
    pay_in_browser(sdk, Payment.objects.get(pk=fee.pk).stripe_payment_intent_id)
    assert confirm_payment(client, fee).json()["status"] == "succeeded"


def test_cancelling_an_unpaid_hold_cancels_the_intent_and_refunds_nothing(open_clinic, client_for, sdk, tasks_run):
    client = client_for(PatientFactory())
    appointment_id = book(client).json()["id"]
    payment = payment_of(appointment_id)
    checkout(client, payment)
    appointment = Appointment.objects.get(pk=appointment_id)
    assert quote(client, appointment)["message"] == (
        "This booking is not paid yet: cancelling releases the time and nothing is charged."
    )
    with tasks_run():
        assert cancel(client, appointment).status_code == 200
    payment.refresh_from_db()
    assert payment.status == "canceled" and not payment.refunds.exists()
    assert sdk.v1.payment_intents.retrieve(payment.stripe_payment_intent_id).status == "canceled"


def test_the_unused_sessions_of_a_cancelled_package_are_refunded(open_clinic, policy, client_for, sdk, tasks_run):
    policy.induction_package_price_cents = 240000
    policy.save()
    ServiceTypeFactory(clinic=open_clinic, slug="iv", iv=True, cancellation_window_hours=48)
    ChairFactory(clinic=open_clinic)
    client = client_for(PatientFactory(profile__region="US-CO"))
    sessions = [{"start": f"2026-02-{day:02d}T20:00:00Z"} for day in (4, 6, 9, 11, 13, 16)]
    series_id = client.post("/api/v1/series", SERIES | {"sessions": sessions}).json()["id"]
    payment = Payment.objects.get(series_id=series_id)
    checkout(client, payment)
    pay_in_browser(sdk, Payment.objects.get(pk=payment.pk).stripe_payment_intent_id)
    confirm_payment(client, payment)
    used, unused = (
        list(Appointment.objects.filter(series_id=series_id).order_by("starts_at")[:2]),
        list(Appointment.objects.filter(series_id=series_id).order_by("starts_at")[2:]),
    )
    Appointment.objects.filter(pk__in=[a.pk for a in used]).update(status="completed")
    with tasks_run():
        for appointment in unused:
            assert quote(client, appointment)["refund_cents"] == 40000
            assert cancel(client, appointment).status_code == 200
    payment.refresh_from_db()
    assert refunds_in_stripe(sdk, payment) == [40000] * 4
    body = client.get(f"/api/v1/payments/{payment.pk}").json()
    assert (body["refunded_cents"], body["receipt"]["net_cents"]) == (160000, 80000)


def test_in_pay_at_clinic_mode_nothing_moves_and_late_cancellations_go_through_the_clinic(
    clock, denver, consultation, provider_at, client_for
):
    provider_at(denver)
    client = client_for(PatientFactory())
    booked = book(client)
    assert booked.json()["status"] == "confirmed"
    appointment = Appointment.objects.get(pk=booked.json()["id"])
    assert quote(client, appointment)["payment_mode"] == "pay_at_clinic"
    clock.move_to(WINDOW_OPENS, tick=False)
    client = client_for(client.user)
    said = quote(client, appointment)
    assert (said["allowed"], said["late"], said["paid_cents"], said["refund_cents"]) == (False, True, 0, 0)
    assert said["message"].startswith("Appointments can be cancelled online up to 24 hours before they start")
    refused = cancel(client, appointment)
    assert refused.status_code == 409 and refused.json()["code"] == "inside_cancellation_window"
    assert not Payment.objects.exists() and not Refund.objects.exists()
