"""The SMS provider's webhooks (Twilio): a reply to the portal's number, and the status of a text sent.
Each request is checked against the provider's signature (X-Twilio-Signature over the public URL and
the posted fields); an unsigned or forged one is refused with 403 and changes nothing."""

from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from apps.core import clock
from apps.core.exceptions import Forbidden
from apps.reminders.sms_replies import sms_delivery_status_record, sms_reply_handle


class TwilioWebhook(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [FormParser]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Signed over the URL Twilio was given (the public one, whatever proxies sit in front).
        url = settings.PORTAL_BASE_URL + request.get_full_path()
        signature = request.headers.get("X-Twilio-Signature", "")
        token = settings.TWILIO_AUTH_TOKEN
        if not token or not RequestValidator(token).validate(url, request.POST.dict(), signature):
            raise Forbidden("The request is not signed by the SMS provider.")


class SmsReplyWebhookView(TwilioWebhook):
    """A text sent to the portal's number: STOP, START and HELP are honoured, 1 or 2 answers the
    ride-home question; anything else is answered with where to go instead. The answer is TwiML."""

    @extend_schema(request=OpenApiTypes.OBJECT, responses={(200, "application/xml"): OpenApiTypes.STR}, auth=[])
    def post(self, request):
        answer = sms_reply_handle(
            from_number=request.POST.get("From", ""), body=request.POST.get("Body", ""), at=clock.now()
        )
        twiml = MessagingResponse()
        twiml.message(answer)
        return HttpResponse(str(twiml), content_type="application/xml")


class SmsStatusWebhookView(TwilioWebhook):
    """What became of a text the portal sent (queued, sent, delivered, undelivered, failed)."""

    @extend_schema(request=OpenApiTypes.OBJECT, responses={204: None}, auth=[])
    def post(self, request):
        sms_delivery_status_record(
            provider_message_id=request.POST.get("MessageSid", ""),
            status=request.POST.get("MessageStatus", ""),
            at=clock.now(),
        )
        return HttpResponse(status=204)
