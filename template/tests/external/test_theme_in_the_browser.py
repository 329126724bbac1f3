"""Light and dark: the system setting picks one, the toggle pins the other and is
remembered across pages and reloads."""

from uuid import uuid4

from playwright.sync_api import Browser, Page, expect

from .pages import (
    HEIGHT,
    NARROW,
    PAGES,
    WIDE,
    axe_violations,
    log_in,
    open_page,
    screenshot,
    slug,
)


def _colours(page: Page) -> tuple[str, str]:
    background, text = page.evaluate(
        "() => { const s = getComputedStyle(document.body); return [s.backgroundColor, s.color]; }"
    )
    return str(background), str(text)


def test_the_dark_scheme_changes_the_colours_and_stays_legible(
    server_url: str, browser: Browser, axe: str
) -> None:
    """Every page in each scheme, as an administrator (so the admin page and a table of
    notes show): axe-core checks each theme's contrast; the dark pages are screenshot."""
    seen = {}
    problems: dict[str, list[str]] = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(
            color_scheme=scheme, viewport={"width": WIDE, "height": HEIGHT}
        )
        page = context.new_page()
        open_page(page, server_url + "/login")
        seen[scheme] = _colours(page)
        screenshot(page, f"theme-{scheme}-login-{WIDE}")
        log_in(page, server_url)
        title = f"a note in the {scheme} theme {uuid4().hex[:6]}"
        page.locator("#note-title").fill(title)
        page.locator("#note-secret").fill("kept encrypted")  # by id: "Reveal secret" matches too
        page.get_by_role("button", name="Add note").click()
        expect(page.locator("#notes-table")).to_contain_text(title)
        for width in (WIDE, NARROW):
            page.set_viewport_size({"width": width, "height": HEIGHT})
            for path in PAGES:
                open_page(page, server_url + path)
                if found := axe_violations(page, axe):
                    problems[f"{path} ({scheme}, {width} px)"] = found
                if scheme == "dark":
                    screenshot(page, f"dark-{slug(path)}-{width}")
        context.close()
    assert seen["light"][0] != seen["dark"][0]
    assert seen["light"][1] != seen["dark"][1]
    assert problems == {}


def test_the_toggle_switches_and_is_remembered(server_url: str, page: Page) -> None:
    page.emulate_media(color_scheme="light")
    open_page(page, server_url + "/about")
    light = _colours(page)
    page.get_by_role("button", name="Switch between light and dark theme").click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    dark = _colours(page)
    assert dark != light
    page.reload()
    open_page(page, server_url + "/login")  # another page, after a reload: still dark
    assert _colours(page) == dark
    screenshot(page, f"theme-toggled-dark-login-{WIDE}")
    page.get_by_role("button", name="Switch between light and dark theme").click()
    assert _colours(page) == light
