import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse

from apps.core.exceptions import error_body

from .selectors import is_staff_member

LAST_ACTIVITY_KEY = "portal_last_activity"
SIGNED_IN_AT_KEY = "portal_signed_in_at"
# Writing the session on every request costs a write per request; a minute of slack costs nothing.
ACTIVITY_WRITE_INTERVAL_SECONDS = 60


class IdleSessionTimeoutMiddleware:
    """Ends a signed-in session left idle (15 minutes for clinic staff, 30 for patients), and any
    session older than the absolute limit however active it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and self._expired(request):
            logout(request)
            if request.path.startswith("/api/"):
                return JsonResponse(
                    error_body("session_expired", "You were signed out after a period of inactivity."),
                    status=401,
                )
        return self.get_response(request)

    def _expired(self, request) -> bool:
        now = time.time()
        session = request.session
        signed_in_at = session.setdefault(SIGNED_IN_AT_KEY, now)
        if now - signed_in_at > settings.SESSION_ABSOLUTE_LIMIT.total_seconds():
            return True
        last = session.get(LAST_ACTIVITY_KEY)
        if last is not None:
            idle = now - last
            if idle > settings.SESSION_IDLE_TIMEOUT_STAFF.total_seconds() and idle > self._idle_limit(request):
                return True
        if last is None or now - last >= ACTIVITY_WRITE_INTERVAL_SECONDS:
            session[LAST_ACTIVITY_KEY] = now
        return False

    @staticmethod
    def _idle_limit(request) -> float:
        staff = is_staff_member(request.user)
        limit = settings.SESSION_IDLE_TIMEOUT_STAFF if staff else settings.SESSION_IDLE_TIMEOUT_PATIENT
        return limit.total_seconds()
