"""Browser tests: Debian's Chromium driven by Playwright against Django's live server, which serves
the built SPA (frontend/dist) and the API from the same origin, as in production."""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import sync_playwright

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


@pytest.fixture(params=list(VIEWPORTS))
def viewport_name(request):
    return request.param


@pytest.fixture
def page(browser, live_server, viewport_name):
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS[viewport_name])
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
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        domain = urlparse(live_server.url).hostname
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "domain": domain, "path": "/"}]
        )

    return sign_in
