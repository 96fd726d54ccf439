"""Every message template, rendered, against words that would reveal the treatment."""

import pytest
from django.template.loader import get_template, render_to_string

from apps.reminders.channels import render_message, render_sms, render_subject
from apps.reminders.kinds import kind_choices

SENSITIVE_WORDS = [
    "ketamine",
    "esketamine",
    "spravato",
    "infusion",
    "injection",
    "lozenge",
    "dose",
    "dosing",
    "drug",
    "depress",
    "bipolar",
    "suicid",
    "psych",
    "mental",
    "anxiety",
    "phq",
    "gad-7",
    "score",
    "diagnos",
    "treatment",
    "therapy",
    "medication",
    "mania",
    "manic",
    "crisis",
    "self-harm",
]
# Every kind the domains registered (portal/wiring.py), each with its templates in its own app.
KINDS = [kind for kind, _ in kind_choices()]
SAMPLE_CONTEXT = {
    "recipient_name": "Alex",
    "when": "Monday 2 March 2026 at 10:00 AM MST",
    "location": "Evergreen Denver, 1550 Larimer Street",
    "due_date": "Monday 6 April 2026",
    "code": "123456",
    "clinic_name": "Evergreen Denver",
    "appointments_today": 3,
    "open_alerts": 1,
    "failed_messages": 0,
    "action_url": "http://127.0.0.1:8000/appointments",
    "portal_url": "http://127.0.0.1:8000",
    "reading_path": "/library/article",
}


@pytest.mark.parametrize("kind", KINDS)
def test_subjects_texts_and_bodies_reveal_nothing_sensitive(kind):
    for rendered in (
        render_subject(kind, SAMPLE_CONTEXT),
        render_sms(kind, SAMPLE_CONTEXT),
        render_message(kind, SAMPLE_CONTEXT),
    ):
        found = [word for word in SENSITIVE_WORDS if word in rendered.lower()]
        assert not found, f"{kind}: {found} in {rendered!r}"


def test_the_html_wrapper_says_nothing_sensitive_beyond_the_crisis_line():
    html = render_to_string("reminders/email.html", {**SAMPLE_CONTEXT, "subject": "s", "message": "m"}).lower()
    assert [word for word in SENSITIVE_WORDS if word in html] == []


def test_every_kind_has_its_templates():
    for kind in KINDS:
        for part in ("subject.txt", "message.txt"):
            assert get_template(f"reminders/{kind}/{part}")


# The portal has no messaging between patients and the care team yet: no text may point patients to it.
PROMISES_OF_MESSAGING = ["send them a message", "send us a message", "send a message", "message your care team"]


@pytest.mark.parametrize("kind", KINDS)
def test_no_message_promises_a_way_of_writing_to_the_clinic_that_does_not_exist(kind):
    for rendered in (render_sms(kind, SAMPLE_CONTEXT), render_message(kind, SAMPLE_CONTEXT)):
        found = [phrase for phrase in PROMISES_OF_MESSAGING if phrase in rendered.lower()]
        assert not found, f"{kind}: {found} in {rendered!r}"
