"""When a summary's one-time link opens, and the words for when it does not. A link closes when its
PDF was downloaded (spent), when it expired, or when its consent is no longer live (revoked, changed
or lapsed); an unknown token tells nothing at all."""

from datetime import datetime

from .models import ProgressSummary
from .selectors import LinkState, link_state, summary_consent_is_live

CLOSED_WORDS = {
    LinkState.DOWNLOADED: (
        "This document has already been downloaded",
        "The link could be used once, and it has been.",
    ),
    LinkState.EXPIRED: ("This link has expired", "Links to shared documents work for a few days only."),
    LinkState.REVOKED: ("This link is no longer active", "Sharing this document was withdrawn."),
}


class SummaryLinkUnknown(Exception):
    """No summary has this token: answered 404."""


class SummaryLinkClosed(Exception):
    """The link existed but no longer opens: answered 410 Gone."""

    def __init__(self, state: LinkState):
        self.state = state
        self.heading, self.explanation = CLOSED_WORDS[state]
        super().__init__(state.value)


def check_link_open(summary: ProgressSummary, *, at: datetime) -> None:
    state = link_state(summary, consent_live=summary_consent_is_live(summary, at=at), at=at)
    if state != LinkState.LIVE:
        raise SummaryLinkClosed(state)
