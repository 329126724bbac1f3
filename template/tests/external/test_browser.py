"""The notes page in a real browser: a new account signs up through the page's form,
and what it types is stored and survives a reload."""

from uuid import uuid4

from playwright.sync_api import Page, expect

from .accounts import PASSWORD, new_email


def sign_up_in_the_page(page: Page, server_url: str) -> None:
    page.goto(server_url + "/signup")
    page.locator("#email").fill(new_email())
    page.locator("#password").fill(PASSWORD)
    page.locator("#signup-submit").click()
    page.wait_for_url(server_url + "/")  # the form's answer: home, signed in


def test_notes_page_loads_and_a_note_added_in_the_page_survives_a_reload(
    server_url: str, page: Page
) -> None:
    sign_up_in_the_page(page, server_url)
    expect(page.get_by_role("heading", name="Notes")).to_be_visible()

    title = f"typed in a browser {uuid4().hex[:8]}"
    page.locator("#note-title").fill(title)
    page.locator("#add-note").click()
    notes = page.locator("#note-list li")
    expect(notes.filter(has_text=title)).to_have_count(1)
    expect(page.locator("#note-title")).to_have_value("")  # the form was reset

    page.reload()
    expect(page.locator("#note-list li").filter(has_text=title)).to_have_count(1)
