"""Pure rules for consent documents and signatures."""

import hashlib
import re
import unicodedata


def consent_body_sha256(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _name_words(name: str) -> list[str]:
    without_accents = "".join(char for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char))
    without_joiners = re.sub(r"['\u2019.]", "", without_accents.casefold())
    return re.sub(r"[\W_]+", " ", without_joiners).split()


def typed_name_matches(typed_name: str, legal_name: str) -> bool:
    """Whether a typed signature names the patient. Loose on purpose: case, accents, punctuation,
    spacing and middle names or initials do not matter, but the first and last words of the legal
    name must be there ("Maria J. Lopez-Diaz" signs for "María Lopez Diaz")."""
    typed, legal = _name_words(typed_name), _name_words(legal_name)
    if not typed or not legal:
        return False
    return typed == legal or (typed[0] == legal[0] and typed[-1] == legal[-1])
