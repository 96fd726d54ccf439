"""The page the outside provider opens from the e-mail: a server-rendered page outside the SPA. Its
GET only shows what the link is (mail scanners fetch links to check them, and must not spend it); the
button POSTs (with a CSRF token) to download the PDF, which spends the link."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from . import services
from .links import SummaryLinkClosed, SummaryLinkUnknown

NOT_FOUND_WORDS = {
    "heading": "This link does not work",
    "explanation": "It may have been copied incompletely. Nothing can be shown here.",
}


def _closed_page(request, error: Exception) -> HttpResponse:
    if isinstance(error, SummaryLinkClosed):
        words, status = {"heading": error.heading, "explanation": error.explanation}, 410
    else:
        words, status = NOT_FOUND_WORDS, 404
    return render(request, "outside_care/link_closed.html", words, status=status)


@method_decorator(never_cache, name="dispatch")
class SummaryLinkView(View):
    def get(self, request, token):
        try:
            summary = services.summary_link_view(token=token)
        except (SummaryLinkUnknown, SummaryLinkClosed) as error:
            return _closed_page(request, error)
        context = {
            "recipient_name": summary.consent.provider_name,
            "expires_on": f"{summary.link_expires_at:%-d %B %Y, %H:%M} UTC",
        }
        return render(request, "outside_care/link_page.html", context)

    def post(self, request, token):
        try:
            pdf = services.summary_link_download(token=token)
        except (SummaryLinkUnknown, SummaryLinkClosed) as error:
            return _closed_page(request, error)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="shared-document.pdf"'
        return response
