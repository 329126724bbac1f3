"""Every page, signed out, signed in and as an administrator, at 1280 and 390 px: it
renders its heading, fits a phone's width, has no accessibility problem
(axe-core), and leaves a screenshot in artifacts/screenshots/ for a reviewer."""

import pytest
from playwright.sync_api import Page, expect

from .pages import (
    HEIGHT,
    NARROW,
    PAGES,
    WIDE,
    axe_violations,
    log_in,
    open_page,
    page_width,
    screenshot,
    sign_up,
    slug,
)

ADMIN_HEADING = {
    "signed-out": "Administrators only",
    "signed-in": "Administration",
    "admin": "Administration",
}


def _enter(state: str, page: Page, server_url: str) -> None:
    if state == "signed-in":
        sign_up(page, server_url)
        page.get_by_label("Title").fill("A first note")
        page.get_by_label("Secret").fill("kept encrypted")
        page.get_by_role("button", name="Add note").click()
        expect(page.locator("#notes-table")).to_contain_text("A first note")
    elif state == "admin":
        log_in(page, server_url)


@pytest.mark.parametrize("state", ["signed-out", "signed-in", "admin"])
def test_every_page_renders_fits_390_px_and_passes_axe(
    state: str, server_url: str, page: Page, axe: str
) -> None:
    _enter(state, page, server_url)
    problems: dict[str, list[str]] = {}
    for width in (WIDE, NARROW):
        page.set_viewport_size({"width": width, "height": HEIGHT})
        for path in PAGES:
            open_page(page, server_url + path)
            heading = page.get_by_role("heading", level=1)
            expect(heading).to_have_count(1)
            if path == "/no-such-page":
                expect(heading).to_have_text("Page not found")
            if path.startswith("/admin"):
                expect(heading).to_have_text(ADMIN_HEADING[state])
            screenshot(page, f"{state}-{slug(path)}-{width}")
            assert page_width(page) <= width, f"{path} is wider than {width} px"
            if found := axe_violations(page, axe):
                problems[f"{path} at {width} px"] = found
    assert problems == {}


def test_the_api_docs_render_under_the_apps_own_csp(server_url: str, page: Page) -> None:
    """Swagger UI's files come from this app: the page lists the API's operations."""
    refused: list[str] = []
    page.on(
        "console", lambda message: refused.append(message.text) if message.type == "error" else None
    )
    for width in (WIDE, NARROW):
        page.set_viewport_size({"width": width, "height": HEIGHT})
        page.goto(server_url + "/docs")
        expect(page.locator(".opblock").first).to_be_visible()
        expect(page.get_by_text("/api/notes").first).to_be_visible()
        screenshot(page, f"api-docs-{width}")
    assert refused == []


def test_a_notes_cards_buttons_share_one_line_at_390_px(server_url: str, page: Page) -> None:
    """At a phone's width each row is a card: its buttons sit under its fields, side by side."""
    page.set_viewport_size({"width": NARROW, "height": HEIGHT})
    _enter("signed-in", page, server_url)
    buttons = page.locator("#notes-table .actions button")
    expect(buttons).to_have_count(3)  # Edit, History, Delete
    tops = {round(box["y"]) for box in (b.bounding_box() for b in buttons.all()) if box}
    assert len(tops) == 1, f"the card's buttons wrap onto {len(tops)} lines"
