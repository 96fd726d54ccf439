"""No markup an author types reaches a patient's page as markup: raw HTML in Markdown is escaped,
and the sanitizer drops scripts, event handlers and dangerous URLs even if the parser let them by."""

from html.parser import HTMLParser

import pytest

from apps.education.rendering import markdown_to_safe_html, reading_minutes, sanitize_html


class _Elements(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html):
    return _Elements(html).elements


def assert_harmless(html):
    for tag, attrs in elements(html):
        assert tag not in {"script", "img", "iframe", "style", "object", "svg"}, html
        assert not any(name.startswith("on") for name in attrs), html
        scheme = attrs["href"].partition(":")[0].strip().lower() if ":" in attrs.get("href", "") else ""
        assert scheme in {"", "http", "https", "mailto", "tel", "sms"}, html


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert('x')</script>",
        "Hello <script src=https://evil.example/x.js></script> world",
        '<img src="x" onerror="alert(1)">',
        '<a href="https://example.org" onclick="steal()">link</a>',
        "<div onmouseover='alert(1)'>hover</div>",
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_raw_html_in_markdown_is_shown_as_text_not_markup(markdown):
    html = markdown_to_safe_html(markdown)
    assert_harmless(html)
    assert "&lt;" in html  # the author's tag is visible text, escaped


@pytest.mark.parametrize(
    "markdown",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](javascript&#58;alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<javascript:alert(1)>",
        "[ref]\n\n[ref]: javascript:alert(1)",
    ],
)
def test_dangerous_link_schemes_never_become_links(markdown):
    html = markdown_to_safe_html(markdown)
    assert_harmless(html)
    assert 'href="javascript' not in html.lower()
    assert 'href="data' not in html.lower()


@pytest.mark.parametrize(
    "html",
    [
        "<p>ok</p><script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JAVASCRIPT:alert(1)">x</a>',
        '<p onclick="alert(1)">x</p>',
        '<img src="x" onerror="alert(1)">',
        '<svg onload="alert(1)"></svg>',
        '<td style="background:url(javascript:alert(1))">x</td>',
    ],
)
def test_the_sanitizer_alone_removes_what_a_parser_bug_could_let_through(html):
    cleaned = sanitize_html(html)
    assert_harmless(cleaned)
    assert "javascript" not in cleaned.lower()


def test_the_markdown_an_author_needs_survives():
    html = markdown_to_safe_html(
        "## Before you come\n\n"
        "- bring **someone** to drive you home\n"
        "- eat *lightly*\n\n"
        "Call [988](tel:988), text [988](sms:988) or read [the lifeline](https://988lifeline.org).\n\n"
        "| Score | Meaning |\n|---|:--|\n| 0-4 | minimal |\n"
    )
    tags = [tag for tag, _ in elements(html)]
    assert {"h2", "ul", "li", "strong", "em", "a", "table", "th", "td"} <= set(tags)
    links = {attrs["href"]: attrs["rel"] for tag, attrs in elements(html) if tag == "a"}
    assert set(links) == {"tel:988", "sms:988", "https://988lifeline.org"}
    assert all(rel == "noopener noreferrer" for rel in links.values())
    assert 'style="text-align:left"' in html


def test_images_are_dropped_so_no_other_server_learns_who_reads_what():
    html = markdown_to_safe_html("![diagram](https://tracker.example/pixel.png)")
    assert "<img" not in html
    assert "tracker.example" not in html


def test_reading_time_is_whole_minutes_at_two_hundred_words_and_never_zero():
    assert reading_minutes("") == 1
    assert reading_minutes("word " * 200) == 1
    assert reading_minutes("word " * 201) == 2
    assert reading_minutes("word " * 500, "word " * 100) == 3
