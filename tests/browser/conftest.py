"""Browser tests: pytest-playwright driving Chromium against the built site on 127.0.0.1.

Which Chromium: $PLAYBOOK_CHROMIUM if set, else Playwright's own build when installed (GitHub
Actions runs `playwright install chromium`), else Debian's /usr/bin/chromium. With none, the tests
are skipped with the reason shown, except under CI=true where a missing browser fails the run.

The site is served under a sub-path (/playbook/) to prove it works there, and every request that
would leave 127.0.0.1 is blocked and recorded, then fails the test that made it.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from site_server import SUB_PATH, serve

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def _find_chromium(playwright) -> tuple[str | None, str]:
    """(executable_path or None for Playwright's own, description); raises LookupError if none."""
    explicit = os.environ.get("PLAYBOOK_CHROMIUM")
    if explicit:
        if not Path(explicit).is_file():
            raise LookupError(f"PLAYBOOK_CHROMIUM={explicit} does not exist")
        return explicit, explicit
    try:
        own = playwright.chromium.executable_path
    except Exception:  # noqa: BLE001 - Playwright raises plain errors when no build is registered
        own = ""
    if own and Path(own).is_file():
        return None, f"Playwright's Chromium ({own})"
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser", shutil.which("chromium") or ""):
        if candidate and Path(candidate).is_file():
            return candidate, candidate
    raise LookupError("no Chromium found (install Debian's `chromium` or run `playwright install chromium`)")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, playwright):
    try:
        executable, _description = _find_chromium(playwright)
    except LookupError as missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests need a browser under CI=true: {missing}")
        pytest.skip(f"browser tests skipped: {missing}")
    args = {**browser_type_launch_args, "headless": True, "args": CHROMIUM_ARGS}
    if executable:
        args["executable_path"] = executable
    return args


@pytest.fixture(scope="session")
def site_url(real_build):
    with serve(real_build.site) as url:
        yield url


def _published_url() -> str:
    """The site_url of mkdocs.yml: where the published site lives."""
    config = (Path(__file__).resolve().parents[2] / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^site_url:\s*(\S+)\s*$", config, re.M)
    return match[1] if match else ""


@pytest.fixture
def outside_requests(context):
    """Blocks and records every request that would leave 127.0.0.1.

    Also serves sitemap.xml as if the site were published at `site_url`: Material's instant
    navigation only follows links listed in the sitemap, whose URLs name the production host.
    """
    blocked: list[str] = []
    published = _published_url()

    def guard(route):
        url = route.request.url
        host = urlsplit(url).hostname
        if host == "127.0.0.1" and urlsplit(url).path.endswith(SUB_PATH + "sitemap.xml") and published:
            response = route.fetch()
            served = url[: url.index(SUB_PATH) + len(SUB_PATH)]
            route.fulfill(response=response, body=response.text().replace(published, served))
        elif url.startswith(("data:", "blob:", "file:")) or host in {"127.0.0.1"}:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    yield blocked
    # A sitemap fetch still in flight when the test ends would fail the teardown with
    # "Request context disposed": Playwright's documented way out is to drop the routes
    # and ignore what they were still doing.
    context.unroute_all(behavior="ignoreErrors")


@pytest.fixture
def page(page, outside_requests):
    """Every browser test fails if its page tried to reach anything outside the site."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert outside_requests == [], f"requests left 127.0.0.1: {outside_requests}"
    assert errors == [], f"JavaScript errors: {errors}"
