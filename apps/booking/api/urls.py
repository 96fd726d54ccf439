from django.urls import path

from .views import appointments, availability, availability_settings, calendars, schedule, series, visits

urlpatterns = [
    path("clinics/<slug:clinic_slug>/services", availability.ClinicServiceListView.as_view(), name="clinic-services"),
    path(
        "clinics/<slug:clinic_slug>/availability", availability.AvailabilityView.as_view(), name="clinic-availability"
    ),
    path(
        "clinics/<slug:clinic_slug>/series-proposal", availability.SeriesProposalView.as_view(), name="series-proposal"
    ),
    path("clinics/<slug:clinic_slug>/schedule", schedule.ClinicScheduleView.as_view(), name="clinic-schedule"),
    path(
        "clinics/<slug:clinic_slug>/patients/<uuid:patient_id>/appointments",
        schedule.ClinicPatientAppointmentListView.as_view(),
        name="clinic-patient-appointments",
    ),
    path("appointments", appointments.AppointmentListCreateView.as_view(), name="appointments"),
    path("appointments/<uuid:appointment_id>", appointments.AppointmentDetailView.as_view(), name="appointment-detail"),
    path(
        "appointments/<uuid:appointment_id>/transitions",
        appointments.AppointmentTransitionView.as_view(),
        name="appointment-transitions",
    ),
    path(
        "appointments/<uuid:appointment_id>/events",
        appointments.AppointmentEventListView.as_view(),
        name="appointment-events",
    ),
    path(
        "appointments/<uuid:appointment_id>/ride-home",
        visits.AppointmentRideHomeView.as_view(),
        name="appointment-ride-home",
    ),
    path("appointments/<uuid:appointment_id>/join", visits.AppointmentJoinView.as_view(), name="appointment-join"),
    path(
        "appointments/<uuid:appointment_id>/calendar.ics",
        calendars.AppointmentCalendarView.as_view(),
        name="appointment-calendar",
    ),
    path("series", series.SeriesCreateView.as_view(), name="series"),
    path("me/calendar-feed", calendars.MyCalendarFeedView.as_view(), name="me-calendar-feed"),
    path("calendar-feeds/<str:token>.ics", calendars.CalendarFeedView.as_view(), name="calendar-feed"),
    path(
        "clinics/<slug:clinic_slug>/availability-settings",
        availability_settings.AvailabilitySettingsView.as_view(),
        name="clinic-availability-settings",
    ),
    path(
        "clinics/<slug:clinic_slug>/weekly-hours",
        availability_settings.WeeklyHoursListView.as_view(),
        name="clinic-weekly-hours",
    ),
    path(
        "clinics/<slug:clinic_slug>/weekly-hours/<int:hours_id>",
        availability_settings.WeeklyHoursDetailView.as_view(),
        name="clinic-weekly-hours-detail",
    ),
    path(
        "clinics/<slug:clinic_slug>/overrides",
        availability_settings.OverrideListView.as_view(),
        name="clinic-overrides",
    ),
    path(
        "clinics/<slug:clinic_slug>/overrides/<int:override_id>",
        availability_settings.OverrideDetailView.as_view(),
        name="clinic-override-detail",
    ),
    path(
        "clinics/<slug:clinic_slug>/closures", availability_settings.ClosureListView.as_view(), name="clinic-closures"
    ),
    path(
        "clinics/<slug:clinic_slug>/closures/<int:closure_id>",
        availability_settings.ClosureDetailView.as_view(),
        name="clinic-closure-detail",
    ),
    path("clinics/<slug:clinic_slug>/chairs", availability_settings.ChairListView.as_view(), name="clinic-chairs"),
    path(
        "clinics/<slug:clinic_slug>/chairs/<int:chair_id>",
        availability_settings.ChairDetailView.as_view(),
        name="clinic-chair-detail",
    ),
    path(
        "clinics/<slug:clinic_slug>/service-types",
        availability_settings.ServiceTypeListView.as_view(),
        name="clinic-service-types",
    ),
    path(
        "clinics/<slug:clinic_slug>/service-types/<int:service_id>",
        availability_settings.ServiceTypeDetailView.as_view(),
        name="clinic-service-type-detail",
    ),
    path(
        "clinics/<slug:clinic_slug>/providers",
        availability_settings.ProviderSettingsListView.as_view(),
        name="clinic-provider-settings",
    ),
    path(
        "clinics/<slug:clinic_slug>/providers/<uuid:provider_id>",
        availability_settings.ProviderSettingsDetailView.as_view(),
        name="clinic-provider-settings-detail",
    ),
    path(
        "clinics/<slug:clinic_slug>/providers/<uuid:provider_id>/licences",
        availability_settings.LicenceListView.as_view(),
        name="clinic-provider-licences",
    ),
    path(
        "clinics/<slug:clinic_slug>/licences/<int:licence_id>",
        availability_settings.LicenceDetailView.as_view(),
        name="clinic-licence-detail",
    ),
]
