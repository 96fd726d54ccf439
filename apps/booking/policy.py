"""Booking's rules that other parts of the portal apply too, written once."""

from datetime import datetime, timedelta

from .models import Appointment


def cancellation_window_opens(appointment: Appointment) -> datetime:
    """When the service's cancellation window opens: its hours of elapsed time before the start (on a
    daylight-saving day the clinic's wall clock moves by one hour more or less than the window). From
    that instant on the patient no longer cancels or moves the appointment online, and a cancellation
    is late for the payment policy."""
    return appointment.starts_at - timedelta(hours=appointment.service.cancellation_window_hours)
