"""The browser test's set-up: copies of the notebooks served by `course.py lab`, and Debian's Chromium.

`make browser-test` (python course.py browser-test) installs Playwright, builds the decks and runs this
folder; `make test` never collects it (pyproject.toml: norecursedirs). Chromium is the system's
(/usr/bin/chromium, or the CHROMIUM variable), never a browser Playwright downloads. A failing test leaves
a screenshot of each page it had open in build/browser-test/.
"""

import os

import pytest
from course_browser import Lab, screenshot_pages
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 900}


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    server = Lab(tmp_path_factory.mktemp("lab"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not os.path.isfile(CHROMIUM):
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install -y chromium fonts-noto-cjk, or set CHROMIUM")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_call = report.failed
    return report


@pytest.fixture
def new_page(browser, request):
    """new_page(**context options) -> a page in a fresh context; screenshots of them all if the test fails."""
    contexts = []

    def make(**options):
        context = browser.new_context(viewport=VIEWPORT, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    if getattr(request.node, "failed_call", False):
        screenshot_pages([page for context in contexts for page in context.pages], request.node.name)
    for context in contexts:
        context.close()
