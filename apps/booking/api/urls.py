from django.urls import path

from . import availability_views, views

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
    path(
        "appointments/<uuid:appointment_id>/ride-home",
        views.AppointmentRideHomeView.as_view(),
        name="appointment-ride-home",
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
    path(
        "clinics/<slug:clinic_slug>/availability-settings",
        availability_views.AvailabilitySettingsView.as_view(),
        name="clinic-availability-settings",
    ),
    path(
        "clinics/<slug:clinic_slug>/weekly-hours",
        availability_views.WeeklyHoursListView.as_view(),
        name="clinic-weekly-hours",
    ),
    path(
        "clinics/<slug:clinic_slug>/weekly-hours/<int:hours_id>",
        availability_views.WeeklyHoursDetailView.as_view(),
        name="clinic-weekly-hours-detail",
    ),
    path(
        "clinics/<slug:clinic_slug>/overrides",
        availability_views.OverrideListView.as_view(),
        name="clinic-overrides",
    ),
    path(
        "clinics/<slug:clinic_slug>/overrides/<int:override_id>",
        availability_views.OverrideDetailView.as_view(),
        name="clinic-override-detail",
    ),
    path("clinics/<slug:clinic_slug>/closures", availability_views.ClosureListView.as_view(), name="clinic-closures"),
    path(
        "clinics/<slug:clinic_slug>/closures/<int:closure_id>",
        availability_views.ClosureDetailView.as_view(),
        name="clinic-closure-detail",
    ),
    path("clinics/<slug:clinic_slug>/chairs", availability_views.ChairListView.as_view(), name="clinic-chairs"),
    path(
        "clinics/<slug:clinic_slug>/chairs/<int:chair_id>",
        availability_views.ChairDetailView.as_view(),
        name="clinic-chair-detail",
    ),
    path(
        "clinics/<slug:clinic_slug>/service-types",
        availability_views.ServiceTypeListView.as_view(),
        name="clinic-service-types",
    ),
    path(
        "clinics/<slug:clinic_slug>/service-types/<int:service_id>",
        availability_views.ServiceTypeDetailView.as_view(),
        name="clinic-service-type-detail",
    ),
    path(
        "clinics/<slug:clinic_slug>/providers",
        availability_views.ProviderSettingsListView.as_view(),
        name="clinic-provider-settings",
    ),
    path(
        "clinics/<slug:clinic_slug>/providers/<uuid:provider_id>",
        availability_views.ProviderSettingsDetailView.as_view(),
        name="clinic-provider-settings-detail",
    ),
    path(
        "clinics/<slug:clinic_slug>/providers/<uuid:provider_id>/licences",
        availability_views.LicenceListView.as_view(),
        name="clinic-provider-licences",
    ),
    path(
        "clinics/<slug:clinic_slug>/licences/<int:licence_id>",
        availability_views.LicenceDetailView.as_view(),
        name="clinic-licence-detail",
    ),
]
