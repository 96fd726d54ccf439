"""Article bodies: Markdown in, sanitized HTML out. Pure functions, no ORM.

Two layers, on purpose: markdown-it runs with raw HTML turned off (an author's ``<script>`` becomes
visible text) and refuses ``javascript:`` links; nh3 (the Ammonia sanitizer) then keeps only the
tags, attributes and URL schemes listed here, so a parser bug cannot put markup on a patient's page.
"""

import math
import re

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])

# No <img>: an image from another server would tell that server which patient reads what.
ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
# Table alignment is the only inline style markdown-it writes.
ALLOWED_STYLE_PROPERTIES = {"text-align"}
# tel: and sms: let the crisis article offer one-tap calls and texts to 988.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel", "sms"}

WORDS_PER_MINUTE = 200
_WORD = re.compile(r"\w+")


def markdown_to_safe_html(markdown: str) -> str:
    return sanitize_html(_markdown.render(markdown))


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        filter_style_properties=ALLOWED_STYLE_PROPERTIES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def reading_minutes(*texts: str) -> int:
    """Whole minutes at an unhurried adult reading pace; never less than one."""
    words = sum(len(_WORD.findall(text)) for text in texts)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
