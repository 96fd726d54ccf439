from django.urls import path

from . import views

urlpatterns = [
    path("clinics/<slug:clinic_slug>/services", views.ClinicServiceListView.as_view(), name="clinic-services"),
    path("clinics/<slug:clinic_slug>/availability", views.AvailabilityView.as_view(), name="clinic-availability"),
    path("clinics/<slug:clinic_slug>/series-proposal", views.SeriesProposalView.as_view(), name="series-proposal"),
    path("clinics/<slug:clinic_slug>/schedule", views.ClinicScheduleView.as_view(), name="clinic-schedule"),
    path(
        "clinics/<slug:clinic_slug>/patients/<uuid:patient_id>/appointments",
        views.ClinicPatientAppointmentListView.as_view(),
        name="clinic-patient-appointments",
    ),
    path("appointments", views.AppointmentListCreateView.as_view(), name="appointments"),
    path("appointments/<uuid:appointment_id>", views.AppointmentDetailView.as_view(), name="appointment-detail"),
    path(
        "appointments/<uuid:appointment_id>/transitions",
        views.AppointmentTransitionView.as_view(),
        name="appointment-transitions",
    ),
    path(
        "appointments/<uuid:appointment_id>/events", views.AppointmentEventListView.as_view(), name="appointment-events"
    ),
    path("appointments/<uuid:appointment_id>/join", views.AppointmentJoinView.as_view(), name="appointment-join"),
    path(
        "appointments/<uuid:appointment_id>/calendar.ics",
        views.AppointmentCalendarView.as_view(),
        name="appointment-calendar",
    ),
    path("series", views.SeriesCreateView.as_view(), name="series"),
    path("me/calendar-feed", views.MyCalendarFeedView.as_view(), name="me-calendar-feed"),
    path("calendar-feeds/<str:token>.ics", views.CalendarFeedView.as_view(), name="calendar-feed"),
]
