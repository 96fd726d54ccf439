from django.urls import path

from . import sms_webhooks, views

urlpatterns = [
    path("notifications", views.NotificationListView.as_view(), name="notification-list"),
    path("notifications/preferences", views.PreferencesView.as_view(), name="notification-preferences"),
    path("notifications/sms/inbound", sms_webhooks.SmsReplyWebhookView.as_view(), name="sms-inbound"),
    path("notifications/sms/status", sms_webhooks.SmsStatusWebhookView.as_view(), name="sms-status"),
    path("notifications/phone/verify", views.PhoneVerificationStartView.as_view(), name="phone-verify-start"),
    path("notifications/phone/confirm", views.PhoneVerificationConfirmView.as_view(), name="phone-verify-confirm"),
    path("notifications/unsubscribe/<str:token>", views.UnsubscribeView.as_view(), name="notification-unsubscribe"),
    path("notifications/<uuid:notification_id>/read", views.NotificationReadView.as_view(), name="notification-read"),
    path(
        "clinics/<slug:clinic_slug>/notifications", views.ClinicDeliveryLogView.as_view(), name="clinic-notifications"
    ),
    path(
        "clinics/<slug:clinic_slug>/notifications/<uuid:notification_id>/resend",
        views.ClinicResendView.as_view(),
        name="clinic-notification-resend",
    ),
]
