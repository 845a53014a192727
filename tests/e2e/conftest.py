"""Browser journeys: Playwright (Python) driving Debian's Chromium against the live server."""

import os
from pathlib import Path

import pytest

from tests.conftest import IN_CI

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (arranging data) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
AXE_SOURCE = Path(__file__).parent / "vendor" / "axe.min.js"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in item.nodeid:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM_PATH).exists():
        message = f"Chromium not found at {CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH"
        if IN_CI:
            pytest.fail(message + " (CI must run the browser tests).")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, _audit_visited_pages):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


# --- Audits of every page a journey visits ---------------------------------------------------
#
# After a journey passes, every HTML page it visited (in each browser context it used, with that
# context's session) is opened again and checked:
#   - accessibility: axe-core (vendored here, injected as an init script, never served to users)
#     finds no serious or critical WCAG 2.1 A/AA violation — on every page, back office included;
#   - weight: the page and everything it loads weigh at most 150 KB compressed (gzip);
#   - width: at 360 CSS pixels nothing scrolls sideways.
# Weight and width apply to the public, NGO and delegate pages (not the Django admin).
# The audits run on the SQLite pass (they do not depend on the database); E2E_AUDIT=1 forces them.

import contextlib  # noqa: E402
import gzip  # noqa: E402
from urllib.parse import urlparse  # noqa: E402

MAX_PAGE_BYTES = int(os.environ.get("E2E_MAX_PAGE_BYTES", 150 * 1024))
NARROW_WIDTH = 360
_SKIP_SUFFIXES = (".pdf", ".ics", ".csv", ".zip", ".png", ".jpg", ".svg")
AXE_RUN = """async () => {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')})`);
}"""


# Every visible link, button and field lies within the screen's width (or inside a container
# that scrolls sideways on its own, such as a wide table): every action stays reachable.
UNREACHABLE_CONTROLS = """() => {
  const width = window.innerWidth;
  const scrolls = (el) => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (['auto', 'scroll'].includes(style.overflowX) && node.scrollWidth > node.clientWidth) return true;
    }
    return false;
  };
  return [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')]
    .filter(el => !el.matches('.skip-link, .visually-hidden-focusable'))  // shown on focus
    .filter(el => {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') return false;
      return (box.left < -1 || box.right > width + 1) && !scrolls(el);
    })
    .slice(0, 5)
    .map(el => `${el.tagName.toLowerCase()} "${(el.innerText || el.value || el.name || '').trim().slice(0, 40)}"`);
}"""


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


class PageAuditor:
    def __init__(self, live_server_url: str, new_context) -> None:
        self.origin = live_server_url
        self.new_context = new_context
        self.visits: list[tuple[object, list[str], bool]] = []
        self.closers: list = []

    def close_all(self) -> None:
        for close in self.closers:
            with contextlib.suppress(Exception):  # already closed with the browser
                close()

    def watch(self, context, scripts: bool = True) -> None:
        context.add_init_script(path=str(AXE_SOURCE))
        urls: list[str] = []
        self.visits.append((context, urls, scripts))
        # Keep the context (and its session) open until the audit; close it afterwards.
        real_close = context.close
        context.close = lambda *args, **kwargs: None
        self.closers.append(real_close)

        def on_page(page) -> None:
            def on_navigated(frame) -> None:
                if frame == page.main_frame and frame.url.startswith(self.origin):
                    urls.append(frame.url)

            page.on("framenavigated", on_navigated)

        context.on("page", on_page)

    def audit(self) -> list[str]:
        problems: list[str] = []
        for context, urls, scripts in self.visits:
            seen = []
            for url in urls:
                if url not in seen and not urlparse(url).path.endswith(_SKIP_SUFFIXES):
                    seen.append(url)
            if not seen:
                continue
            try:
                page = context.new_page() if scripts else self._twin(context).new_page()
            except Exception:  # noqa: S112 - the context was closed by the test
                continue
            for url in seen:
                problems.extend(self._audit_url(page, url))
            page.close()
        return problems

    def audit_now(self, page) -> list[str]:
        """Audit the page's address at once, in a new tab of its context (same session): for a
        one-time page, such as an invitation link, that shows something else once it is used, so
        the audit after the journey would miss it. Nothing when the audits are not wanted."""
        if not _audits_wanted():
            return []
        tab = page.context.new_page()
        try:
            return self._audit_url(tab, page.url)
        finally:
            tab.close()

    def _twin(self, context):
        """axe-core needs scripts: a journey run with JavaScript off is audited in a twin context
        with scripts on and the same cookies (the site serves the same HTML to both)."""
        twin = self.new_context(base_url=self.origin, viewport={"width": 1280, "height": 900})
        twin.add_init_script(path=str(AXE_SOURCE))
        twin.add_cookies(context.cookies())
        self.closers.append(twin.close)
        return twin

    def _audit_url(self, page, url: str) -> list[str]:
        path = urlparse(url).path
        try:
            response = page.goto(url)
        except Exception:
            return []
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            return []
        problems = [f"{path}: {violation}" for violation in page.evaluate(AXE_RUN)]
        if path.startswith("/admin/"):
            return problems
        resources = page.evaluate("() => [location.href, ...performance.getEntriesByType('resource').map(e => e.name)]")
        total = 0
        for resource in dict.fromkeys(resources):
            if not resource.startswith(self.origin):
                problems.append(f"{path}: loads {resource} from another host")
                continue
            body = page.context.request.get(resource).body()
            total += len(gzip.compress(body, compresslevel=6))
        if total > MAX_PAGE_BYTES:
            problems.append(f"{path}: weighs {total // 1024} KB compressed (limit {MAX_PAGE_BYTES // 1024} KB)")
        page.set_viewport_size({"width": NARROW_WIDTH, "height": 800})
        page.goto(url)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{path}: scrolls sideways by {overflow}px at {NARROW_WIDTH}px wide")
        for control in page.evaluate(UNREACHABLE_CONTROLS):
            problems.append(f"{path}: at {NARROW_WIDTH}px wide, {control} is outside the screen")
        page.set_viewport_size({"width": 1280, "height": 900})
        return problems


def _audits_wanted() -> bool:
    from django.db import connection

    return os.environ.get("E2E_AUDIT") == "1" or connection.vendor == "sqlite"


@pytest.fixture(autouse=True)
def _audit_visited_pages(request, browser, live_server):
    """Watches every browser context the journey opens; audits its pages once it has passed."""
    original = browser.new_context
    auditor = PageAuditor(live_server.url, original)

    def new_context(*args, **kwargs):
        context = original(*args, **kwargs)
        auditor.watch(context, scripts=kwargs.get("java_script_enabled", True))
        return context

    browser.new_context = new_context
    try:
        yield auditor
    finally:
        browser.new_context = original
    passed = getattr(request.node, "report_call", None) is not None and request.node.report_call.passed
    try:
        problems = auditor.audit() if passed and _audits_wanted() and "no_audit" not in request.keywords else []
    finally:
        auditor.close_all()
    if problems:
        pytest.fail("Page audits failed:\n" + "\n".join(problems), pytrace=False)
