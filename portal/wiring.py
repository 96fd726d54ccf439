"""Where the apps are wired together: every implementation an app gives to a hook of an app below it
(``apps/core/hooks.py``; the order of the apps is in the README, Layout), in one place. A required hook
left out here stops start-up (``manage.py check``)."""

from apps.booking import events as booking_events
from apps.booking import gates as booking_gates
from apps.booking import messages as booking_messages
from apps.booking import notifications as booking_notifications
from apps.booking.availability_cache import availability_changed
from apps.booking.payment_hooks import payment_rules_hook
from apps.booking.ride_home import ride_home_text_reply
from apps.care import booking_events as care_booking_events
from apps.care import events as care_events
from apps.care import gates as care_gates
from apps.care import maintenance as care_maintenance
from apps.care import messages as care_messages
from apps.care.selectors.assessments import safety_alert_is_open
from apps.clinics.changes import clinic_changed
from apps.payments.booking_rules import StripePaymentRules
from apps.reminders.channels import attachment_builders
from apps.reminders.kinds import OUTBOX_RULES, OutboxKind, register_kinds
from apps.reminders.relevance import OneAtATime, relevance_checks
from apps.reminders.sms_replies import reply_readers
from apps.reports import messages as report_messages
from apps.webhooks import listeners as webhook_listeners


def register_hooks() -> None:
    _message_kinds()
    _booking_on_clinics_and_reminders()
    _care_on_booking_and_reminders()
    _webhooks_on_booking_and_care()
    # Booking asks about payment through its hook; the rules live in payments, next to the money.
    payment_rules_hook.register(StripePaymentRules())


def _message_kinds() -> None:
    """Each domain's messages, told to the outbox (templates in each app's templates/reminders/)."""
    register_kinds(OutboxKind, OUTBOX_RULES)
    register_kinds(booking_messages.BookingMessage, booking_messages.RULES)
    register_kinds(care_messages.CareMessage, care_messages.RULES)
    register_kinds(report_messages.ReportMessage, report_messages.RULES)


def _booking_on_clinics_and_reminders() -> None:
    clinic_changed.register(availability_changed)
    relevance_checks.register(booking_notifications.relevant_ids, key=booking_notifications.CONCERNS_TYPE)
    attachment_builders.register(booking_notifications.ics_attachment, key="appointment_ics")
    reply_readers.register(ride_home_text_reply)


def _care_on_booking_and_reminders() -> None:
    booking_gates.pathway_gates.register(care_gates.care_booking_gate)
    booking_gates.series_shapes.register(care_gates.induction_series_shape)
    booking_events.booked_listeners.register(care_booking_events.appointments_booked)
    booking_events.status_changed_listeners.register(care_booking_events.appointment_status_changed)
    # A staff follow-up message about an alert someone already acknowledged is not sent.
    relevance_checks.register(OneAtATime(safety_alert_is_open), key="care.safetyalert")
    # Maintenance reminders stop once a booster is booked, or a check-in taken.
    relevance_checks.register(OneAtATime(care_maintenance.still_relevant), key="care.treatmentplan")


def _webhooks_on_booking_and_care() -> None:
    """What a clinic's endpoints are told: each listener only queues deliveries in the change's
    transaction (apps/webhooks/outbox.py)."""
    booking_events.booked_listeners.register(webhook_listeners.appointments_booked)
    booking_events.moved_listeners.register(webhook_listeners.appointment_moved)
    booking_events.status_changed_listeners.register(webhook_listeners.appointment_status_changed)
    care_events.assessment_submitted_listeners.register(webhook_listeners.assessment_submitted)
    care_events.safety_alerts_raised_listeners.register(webhook_listeners.safety_alerts_raised)
