"""Browser tests: Debian's Chromium driven by Playwright against Django's live server, which serves
the built SPA (frontend/dist) and the API from the same origin, as in production.

Every test starts at the same instant, ``BROWSER_TESTS_START``, and the clock runs on from there: the
live server's (time-machine moves the clock of the whole process, its threads included) and the
browser's (Playwright's clock) agree on it, so which days are weekends, free or in view is the same
whatever the date and hour the suite runs at."""

import os
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import sync_playwright

from apps.core.clock import now
from tests.support.sign_in import sign_in as sign_in_client

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
VIEWPORTS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 900}}
# A Wednesday morning at the clinics (9:00 in Denver, 11:00 in New York), mid-month, in winter time.
BROWSER_TESTS_START = datetime(2027, 1, 13, 16, 0, tzinfo=UTC)
# No finite animation or transition still running (an endless one, a loading spinner, never settles).
ANIMATIONS_SETTLED = """() => document.getAnimations().every((animation) =>
    animation.playState !== 'running' || animation.effect?.getComputedTiming().endTime === Infinity)"""


def pytest_collection_modifyitems(config, items):
    built = (settings.FRONTEND_DIST_DIR / "index.html").exists()
    for item in items:
        if "tests/e2e/" in str(item.fspath) and not built:
            if os.environ.get("CI") == "true":
                raise pytest.UsageError("CI=true, but frontend/dist is not built: run `npm run build` in frontend/.")
            item.add_marker(pytest.mark.skip(reason="frontend/dist is not built"))


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API keeps an event loop in this thread while the browser is open; the tests'
    # own ORM calls (and the database teardown) stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pytest_generate_tests(metafunc):
    """A test runs at the widths its ``viewports`` mark names; without one, on the desktop only: the
    second width is for screens whose layout changes on a phone, colours and roles do not."""
    if "viewport_name" in metafunc.fixturenames:
        mark = metafunc.definition.get_closest_marker("viewports")
        metafunc.parametrize("viewport_name", mark.args if mark else ["desktop"])


@pytest.fixture(autouse=True)
def portal_clock(time_machine):
    """The portal's clock at ``BROWSER_TESTS_START``, running; ``portal_clock.move_to(...)`` moves it
    (then ``page.clock.set_system_time(now())`` moves the browser's with it)."""
    time_machine.move_to(BROWSER_TESTS_START, tick=True)
    return time_machine


@pytest.fixture
def page(browser, live_server, viewport_name, portal_clock):
    # Users who ask for reduced motion get no transitions, so screens are scanned at their final colours.
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS[viewport_name], reduced_motion="reduce")
    context.clock.install(time=now())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Expected 4xx answers (a wrong password, "not signed in") show as "Failed to load resource".
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.text.startswith("Failed to load resource")
            and errors.append(message.text)
        ),
    )
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def check_screen(viewport_name):
    """Scan the current screen with axe (no serious or critical violation) and save a screenshot."""
    axe = Axe()

    def check(page, name: str):
        page.wait_for_load_state("networkidle")
        page.wait_for_function(ANIMATIONS_SETTLED)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{viewport_name}.png"), full_page=True)
        results = axe.run(page)
        serious = [
            f"{violation['id']}: {violation['help']} at {[node['target'] for node in violation['nodes']]}"
            for violation in results.response["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        assert not serious, f"{name}: {serious}"

    return check


@pytest.fixture
def sign_in(page, live_server):
    """Signs ``user`` in for the browser without the login screen (test_accounts covers that): a session
    made by Django's test client, given to the browser as its cookie."""

    def sign_in(user):
        client = Client()
        sign_in_client(client, user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        domain = urlparse(live_server.url).hostname
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "domain": domain, "path": "/"}]
        )

    return sign_in
