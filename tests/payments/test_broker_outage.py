"""Drill: the broker is unreachable at the instant a refund commits. The request still answers (the
refund is recorded; a 500 would invite a second one), nothing reaches Stripe yet, and once the broker
is back the beat's sweep sends the refund to Stripe exactly once, however often it runs."""

from datetime import timedelta

import pytest
from django.conf import settings

from apps.payments.models import Refund
from apps.payments.tasks import sweep_pending_money_steps
from celery_app import app as celery_app
from tests.accounts.factories import PatientFactory

from .conftest import book_and_pay

pytestmark = [pytest.mark.localstripe, pytest.mark.django_db(transaction=True)]

NOBODY_LISTENS = "redis://127.0.0.1:9/0"  # the discard port: every connection is refused


@pytest.fixture
def broker():
    """The broker as the portal sees it: ``broker.stop()`` makes every publish fail, ``broker.start()``
    brings it back (tasks then run in this process, as a worker would)."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager, conf.task_eager_propagates

    class Broker:
        def stop(self):
            conf.broker_url, conf.task_always_eager = NOBODY_LISTENS, False
            celery_app._pool = None  # forget connections made to the real one

        def start(self):
            conf.broker_url = saved[0]
            conf.task_always_eager = conf.task_eager_propagates = True
            celery_app._pool = None

    broker = Broker()
    broker.start()
    yield broker
    conf.broker_url, conf.task_always_eager, conf.task_eager_propagates = saved
    celery_app._pool = None


def stripe_refunds(sdk, payment):
    return [
        refund.amount for refund in sdk.v1.refunds.list(params={"payment_intent": payment.stripe_payment_intent_id})
    ]


def test_a_refund_committed_while_the_broker_is_down_reaches_stripe_once_afterwards(
    open_clinic, client_for, staff_client_for, sdk, broker, clock
):
    _, payment = book_and_pay(client_for(PatientFactory()), sdk)
    desk = staff_client_for(open_clinic, role="front_desk")

    broker.stop()
    answered = desk.post(
        f"/api/v1/payments/{payment.pk}/refunds",
        {"amount_cents": 5000, "reason": "Session ran short"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="outage-1",
    )
    assert answered.status_code == 201
    refund = Refund.objects.get(pk=answered.json()["id"])
    assert (refund.status, refund.stripe_refund_id) == ("pending", None)
    assert stripe_refunds(sdk, payment) == []
    # The retry a worried user makes replays the recorded refund; it does not queue or refund again.
    replayed = desk.post(
        f"/api/v1/payments/{payment.pk}/refunds",
        {"amount_cents": 5000, "reason": "Session ran short"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="outage-1",
    )
    assert replayed.status_code == 201 and replayed.json()["id"] == str(refund.pk)

    broker.start()
    assert sweep_pending_money_steps()["refunds"] == 0, "a step is left to its own message for a while"
    clock.shift(timedelta(seconds=settings.PAYMENTS_SWEEP_GRACE_SECONDS + 1))
    assert sweep_pending_money_steps()["refunds"] == 1
    assert sweep_pending_money_steps()["refunds"] == 0

    refund.refresh_from_db()
    assert refund.status == "succeeded" and refund.stripe_refund_id
    assert stripe_refunds(sdk, payment) == [5000]
