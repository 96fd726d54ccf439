"""The sweep of money steps whose own message was lost (broker down at commit, worker crashed): it
finds them from their rows once they are older than the grace period, and each runs to the same end
as if its message had arrived; a step that is done is never found again."""

from datetime import timedelta

import pytest
from django.conf import settings

from apps.booking.models import Appointment
from apps.payments.models import Payment, StripeEvent
from apps.payments.tasks import sweep_pending_money_steps
from tests.accounts.factories import PatientFactory

from .conftest import (
    AFTER_THE_START,
    book_and_pay,
    event,
    mark_no_show,
    signed_webhook,
    terms_version,
)

pytestmark = [pytest.mark.django_db, pytest.mark.localstripe]


def after_the_grace_period(clock):
    clock.shift(timedelta(seconds=settings.PAYMENTS_SWEEP_GRACE_SECONDS + 1))


def test_a_no_show_fee_whose_message_was_lost_is_charged_once_by_the_sweep(
    open_clinic, deposit_policy, client_for, staff_client_for, sdk, clock, tasks_run, django_capture_on_commit_callbacks
):
    client = client_for(PatientFactory())
    appointment, _ = book_and_pay(client, sdk, save_card=True, consent_text_version=terms_version(deposit_policy))
    clock.move_to(AFTER_THE_START, tick=False)
    with django_capture_on_commit_callbacks(execute=False):  # the message never leaves
        assert mark_no_show(staff_client_for, open_clinic, appointment).status_code == 200
    fee = Payment.objects.get(kind="no_show_fee")
    assert fee.stripe_payment_intent_id is None

    with tasks_run():
        assert sweep_pending_money_steps()["fees"] == 0
        after_the_grace_period(clock)
        assert sweep_pending_money_steps()["fees"] == 1
        assert sweep_pending_money_steps()["fees"] == 0
    fee.refresh_from_db()
    assert (fee.status, fee.off_session) == ("succeeded", True)


def test_a_stored_webhook_event_never_processed_is_processed_by_the_sweep(
    paid_in_browser, api_client, clock, tasks_run, django_capture_on_commit_callbacks
):
    appointment, payment = paid_in_browser
    intent = {"id": payment.stripe_payment_intent_id, "object": "payment_intent"}
    with django_capture_on_commit_callbacks(execute=False):
        assert signed_webhook(api_client, event("evt_lost", "payment_intent.succeeded", intent)).status_code == 200
    assert StripeEvent.objects.get().processed_at is None

    with tasks_run():
        after_the_grace_period(clock)
        assert sweep_pending_money_steps()["stripe_events"] == 1
    assert StripeEvent.objects.get().outcome == "handled"
    appointment.refresh_from_db()
    assert appointment.status == "confirmed"


def test_a_booking_paid_after_its_hold_was_released_is_refunded_by_the_sweep(paid_in_browser, sdk, clock, tasks_run):
    appointment, payment = paid_in_browser
    # Stripe took the money; the portal released the hold before it heard, and the reconciliation
    # queued by the release was lost.
    Payment.objects.filter(pk=payment.pk).update(status="succeeded")
    Appointment.objects.filter(pk=appointment.pk).update(status="cancelled")

    with tasks_run():
        after_the_grace_period(clock)
        assert sweep_pending_money_steps()["reconciliations"] == 1
    # The reconciliation recorded the refund and queued it on commit: nothing is left to do.
    after_the_grace_period(clock)
    assert sweep_pending_money_steps() == {"refunds": 0, "fees": 0, "reconciliations": 0, "stripe_events": 0}
    assert [r.amount for r in sdk.v1.refunds.list(params={"payment_intent": payment.stripe_payment_intent_id})] == [
        25000
    ]
