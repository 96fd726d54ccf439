"""Every answer of the FHIR API is FHIR's and private: not cached, a 401 with its bearer challenge, an
OperationOutcome even when the server itself fails, and no search value that makes it fail."""

import logging

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from apps.fhir import views
from apps.fhir.catalog import KINDS
from apps.fhir.free_slots import SLOT_PARAMETERS
from apps.fhir.search import PAGING_PARAMETERS
from tests.fhir.factories import bearer
from tests.fhir.support import assert_outcome

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["metadata", "Patient", "Appointment?date=bogus", "Patient/not-an-id", "Medication", "Slot"]
)
def test_every_answer_is_kept_out_of_caches(fhir, path):
    assert fhir(path)["Cache-Control"] == "no-store"


def test_an_error_answer_is_kept_out_of_caches_too(client, scene):
    assert client.get("/fhir/R4/Patient")["Cache-Control"] == "no-store"


@pytest.mark.parametrize("authorization", ["", "Basic abc.def"])
def test_a_request_without_a_bearer_token_is_challenged(client, scene, authorization):
    response = client.get("/fhir/R4/Patient", HTTP_AUTHORIZATION=authorization)
    assert_outcome(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="fhir"'


@pytest.mark.parametrize("token", ["nodot", "unknown.secret", "wrong-prefix.wrong-secret"])
def test_a_refused_token_is_challenged_as_invalid(client, scene, token):
    response = client.get("/fhir/R4/Patient", **bearer(token))
    assert_outcome(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="fhir", error="invalid_token"'


def test_a_key_of_a_closed_clinic_is_challenged_as_invalid(fhir, scene):
    scene["clinic"].is_active = False
    scene["clinic"].save()
    assert fhir("Patient")["WWW-Authenticate"] == 'Bearer realm="fhir", error="invalid_token"'


def test_a_fault_of_the_server_answers_a_500_outcome_and_logs_its_traceback_only(fhir, monkeypatch, caplog):
    def broken(*args):
        raise KeyError("a bug")

    monkeypatch.setattr(views, "searchset", broken)
    with caplog.at_level(logging.ERROR, logger="apps.fhir.views"):
        response = fhir("Patient", name="Rivera-secret-query")
    body = assert_outcome(response, 500)
    assert body["issue"][0]["code"] == "exception"
    assert response["Cache-Control"] == "no-store"
    (record,) = [record for record in caplog.records if record.name == "apps.fhir.views"]
    assert record.getMessage() == "fhir: KeyError in search"
    assert record.exc_info is not None and record.exc_info[0] is KeyError
    assert "Rivera-secret-query" not in caplog.text


# --- Any text, any parameter ------------------------------------------------------------------------

# Every search parameter of every resource type, with what the search needs besides it to reach it.
_SLOT_NEEDS = {"service-type": "consultation"}
SEARCHES = [
    (kind.type, name, {})
    for kind in KINDS.values()
    for name in [parameter.name for parameter in kind.parameters] + list(PAGING_PARAMETERS)
] + [("Slot", name, {} if name == "service-type" else _SLOT_NEEDS) for name in [*SLOT_PARAMETERS, *PAGING_PARAMETERS]]

# Arbitrary text, and arbitrary text after the starts a value of each kind has, to reach past the
# first check of each parser; the characters parsers trip on (line breaks, other scripts' digits,
# separators) are drawn more often than chance would.
_STARTS = ["", "eq", "ge", "lt", "2026-", "2026-11-12T", "Patient/", "Practitioner/", "http://loinc.org|", "1"]
_LINE_BREAKS = "\n\r\u0085\u2028"
_TRICKY = "\t ,|/:+-.TZ0123456789\u00b2\u0663\u00a0"
# Lone surrogates are left out: no client can put them in a URL (they are not encodable as UTF-8).
_CHARACTERS = st.one_of(
    st.sampled_from(_LINE_BREAKS), st.sampled_from(_TRICKY), st.characters(exclude_categories=("Cs",))
)
# Values that broke a parser once, tried on every parameter before the random ones.
_KNOWN_TRAPS = [
    "\n",
    "ge\n",
    "\n2026",
    "2026-11-12\n",
    "\u00b2",  # "²".isdigit() is True, int("²") fails
    "\u0663",  # int("٣") is 3
    "1_0",
    "99999999999999999999999",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "Patient/\u0661",
]
VALUES = st.one_of(
    st.text(_CHARACTERS),
    st.builds(lambda start, rest: start + rest, st.sampled_from(_STARTS), st.text(_CHARACTERS, max_size=30)),
    st.from_regex(
        r"(eq|ge|gt|le|lt)?[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9:.]{2,12}([+-][0-9:]{2,5}|Z)?)?)?)?", fullmatch=True
    ),
)


def _with_known_traps(test):
    for value in _KNOWN_TRAPS:
        test = example(value=value)(test)
    return test


@pytest.mark.parametrize(("resource_type", "name", "needs"), SEARCHES, ids=[f"{t}-{n}" for t, n, _ in SEARCHES])
def test_no_search_value_makes_the_server_fail(client, scene, resource_type, name, needs):
    @settings(
        max_examples=40,
        deadline=None,
        database=None,  # nothing written to .hypothesis in the working tree
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(value=VALUES)
    @_with_known_traps
    def search_answers(value):
        response = client.get(f"/fhir/R4/{resource_type}", needs | {name: value}, **bearer(scene["secret"]))
        assert response.status_code in (200, 400), (value, response.content)

    search_answers()
