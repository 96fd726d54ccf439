import hashlib

import pytest

from apps.care.signing import consent_body_sha256, typed_name_matches


def test_the_hash_is_the_sha256_of_the_body_as_utf8():
    assert consent_body_sha256("Consentement éclairé") == hashlib.sha256("Consentement éclairé".encode()).hexdigest()


@pytest.mark.parametrize(
    ("typed", "legal"),
    [
        ("Maya Thompson", "Maya Thompson"),
        ("  maya   THOMPSON ", "Maya Thompson"),
        ("Maya J. Thompson", "Maya Thompson"),
        ("Maya Thompson", "Maya Jane Thompson"),
        ("Maria Lopez-Diaz", "María López Díaz"),
        ("Sean OBrien", "Seán O\u2019Brien"),
        ("Cher", "Cher"),
    ],
)
def test_a_typed_name_signs_for_the_legal_name_loosely(typed, legal):
    assert typed_name_matches(typed, legal)


@pytest.mark.parametrize(
    ("typed", "legal"),
    [
        ("", "Maya Thompson"),
        ("   ", "Maya Thompson"),
        ("Thompson", "Maya Thompson"),
        ("Maya", "Maya Thompson"),
        ("Jordan Alvarez", "Maya Thompson"),
        ("M. Thompson", "Maya Thompson"),
        ("Maya Thompson", ""),
    ],
)
def test_a_typed_name_that_does_not_name_the_patient_is_refused(typed, legal):
    assert not typed_name_matches(typed, legal)
