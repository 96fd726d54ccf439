from django.urls import path

from . import views

urlpatterns = [
    path("clinics/<slug:clinic_slug>/payment-policy", views.ClinicPaymentPolicyView.as_view(), name="payment-policy"),
    path("clinics/<slug:clinic_slug>/payments", views.ClinicPaymentListView.as_view(), name="clinic-payments"),
    path(
        "appointments/<uuid:appointment_id>/payments",
        views.AppointmentPaymentListView.as_view(),
        name="appointment-payments",
    ),
    path(
        "appointments/<uuid:appointment_id>/cancellation-quote",
        views.CancellationQuoteView.as_view(),
        name="appointment-cancellation-quote",
    ),
    path("payments/stripe/webhook", views.StripeWebhookView.as_view(), name="stripe-webhook"),
    path("payments/<uuid:payment_id>", views.PaymentDetailView.as_view(), name="payment-detail"),
    path("payments/<uuid:payment_id>/checkout", views.PaymentCheckoutView.as_view(), name="payment-checkout"),
    path(
        "payments/<uuid:payment_id>/confirmation",
        views.PaymentConfirmationView.as_view(),
        name="payment-confirmation",
    ),
    path("payments/<uuid:payment_id>/refunds", views.PaymentRefundListView.as_view(), name="payment-refunds"),
    path("me/payments", views.MyPaymentListView.as_view(), name="me-payments"),
    path("me/card-consents", views.MyCardConsentListView.as_view(), name="me-card-consents"),
    path("me/card-consents/<uuid:consent_id>", views.MyCardConsentDetailView.as_view(), name="me-card-consent-detail"),
]
