"""One rule for the Idempotency-Key header, for every write that takes one (bookings, refunds)."""

import pytest
from rest_framework.test import APIRequestFactory

from apps.core.exceptions import ApplicationError
from apps.core.idempotency import IdempotencyKeyRequired, idempotency_key_from


def request_with(key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return APIRequestFactory().post("/", **headers)


def test_a_key_is_read_without_its_surrounding_spaces():
    assert idempotency_key_from(request_with("  booking-7 ")) == "booking-7"


@pytest.mark.parametrize("key", [None, "", "   "])
def test_no_key_is_none_unless_the_write_requires_one(key):
    assert idempotency_key_from(request_with(key)) is None
    with pytest.raises(IdempotencyKeyRequired):
        idempotency_key_from(request_with(key), required=True)


@pytest.mark.parametrize("key", ["x" * 256, "clé", "tab\there"])
def test_a_key_that_is_not_printable_ascii_of_at_most_255_characters_is_an_input_error(key):
    with pytest.raises(ApplicationError) as refused:
        idempotency_key_from(request_with(key))
    assert refused.value.code == "invalid"
    assert refused.value.fields == {"Idempotency-Key": ["Use 1 to 255 printable ASCII characters."]}
