"""What several booking endpoints share: the Idempotency-Key header, the booked answer, .ics files and
the viewer's zone."""

from zoneinfo import ZoneInfo

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.response import Response

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="Any unique string (e.g. a UUID): a retried request with the same key returns the first result.",
)
ICS_RESPONSE = {(200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR, description="iCalendar")}


def booked(data, *, replayed: bool) -> Response:
    response = Response(data, status=status.HTTP_201_CREATED)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def viewer_zone(requested: str | None, patient) -> ZoneInfo | None:
    if requested:
        return ZoneInfo(requested)
    profile = getattr(patient, "patient_profile", None) if patient is not None else None
    return ZoneInfo(profile.timezone) if profile is not None else None
