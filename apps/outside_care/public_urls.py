from django.urls import path

from .public_views import SummaryLinkView

urlpatterns = [path("<str:token>", SummaryLinkView.as_view(), name="summary-link")]
