"""Refusals of the booking engine, each with a stable code the SPA can act on."""

from rest_framework import status

from apps.core.exceptions import ApplicationError, Conflict, Forbidden


class SlotTaken(Conflict):
    code = "slot_taken"
    default_message = "That time is no longer available. Please choose another."


class NotBookable(ApplicationError):
    """The start asked for can never be booked as given (off the grid, too soon, too far ahead)."""

    code = "not_bookable"


class InvalidTransition(Conflict):
    code = "invalid_transition"


class NotYet(Conflict):
    code = "not_yet"


class InsideCancellationWindow(Conflict):
    code = "inside_cancellation_window"


class HoldExpired(Conflict):
    code = "hold_expired"
    default_message = "The hold on this time expired before it was confirmed. Please book again."


class StaffOnly(Forbidden):
    code = "staff_only"
    default_message = "Only the clinic can make this change."


class IdempotencyKeyReused(ApplicationError):
    code = "idempotency_key_reused"
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_message = "This Idempotency-Key was already used for a different request."


class SeriesUnavailable(Conflict):
    code = "series_unavailable"


class NotTelehealth(Conflict):
    code = "not_telehealth"
    default_message = "This appointment is not a video visit."


class JoinNotOpen(Conflict):
    code = "join_not_open"


class JoinClosed(Conflict):
    code = "join_closed"


class TelehealthNotConfigured(ApplicationError):
    code = "telehealth_not_configured"
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_message = "Video visits are not set up on this server yet. Please contact the clinic."


class ClinicAdminOnly(Forbidden):
    code = "clinic_admin_only"
    default_message = "Only a clinic admin can change this."


class OwnHoursOnly(Forbidden):
    code = "own_hours_only"
    default_message = "Providers can change their own hours and time off; a clinic admin can change anyone's."


class HoursOverlap(Conflict):
    code = "hours_overlap"


class NameTaken(Conflict):
    code = "name_taken"


class WouldOrphanAppointments(Conflict):
    """The change would leave booked appointments outside the provider's or clinic's availability.
    ``appointments`` are the ones affected; the API lists them in the answer."""

    code = "would_orphan_appointments"

    def __init__(self, appointments, message: str | None = None):
        self.appointments = appointments
        count = len(appointments)
        message = message or (
            f"This change would leave {count} booked appointment{'s' if count != 1 else ''} outside the "
            "available hours. Move or cancel them first, then make the change."
        )
        super().__init__(message)


class RideHomeNotAsked(Conflict):
    code = "ride_home_not_asked"
    default_message = "The ride home is asked only for an upcoming dosing session or booster."


class VisitRegionRequired(ApplicationError):
    code = "visit_region_required"
    default_message = "Say where you will be during the video visit: the provider must be licensed there."


class VisitLocationNotLicensed(Conflict):
    code = "visit_location_not_licensed"
