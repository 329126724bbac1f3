"""The notes page in a real browser: what a user types is stored and survives a reload."""

from uuid import uuid4

from playwright.sync_api import Page, expect


def test_notes_page_loads_and_a_note_added_in_the_page_survives_a_reload(
    server_url: str, page: Page
) -> None:
    page.goto(server_url + "/")
    expect(page.get_by_role("heading", name="Notes")).to_be_visible()

    title = f"typed in a browser {uuid4().hex[:8]}"
    page.locator("#note-title").fill(title)
    page.locator("#add-note").click()
    notes = page.locator("#note-list li")
    expect(notes.filter(has_text=title)).to_have_count(1)
    expect(page.locator("#note-title")).to_have_value("")  # the form was reset

    page.reload()
    expect(page.locator("#note-list li").filter(has_text=title)).to_have_count(1)
