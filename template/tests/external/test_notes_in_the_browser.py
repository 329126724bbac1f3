"""The notes page as its user works it: create, reveal the secret, edit, read its history,
delete (after a confirmation), page through, and read refusals as sentences; what is typed
survives a reload because it was stored."""

from uuid import uuid4

from playwright.sync_api import Page, expect

from .pages import look_at_both_widths, open_page, sign_up


def _row(page: Page, title: str):  # type: ignore[no-untyped-def]
    return page.locator("#notes-table tbody tr").filter(has_text=title)


def test_create_reveal_edit_and_delete_a_note(server_url: str, page: Page, axe: str) -> None:
    sign_up(page, server_url)
    expect(page.locator("#notes-empty")).to_contain_text("No notes yet")

    page.get_by_role("button", name="Add note").click()  # no title: refused, in words
    expect(page.locator("#note-title-error")).to_have_text(
        "A note needs a title of 1 to 200 characters."
    )

    title = f"typed in a browser {uuid4().hex[:8]}"
    page.get_by_label("Title").fill(title)
    page.get_by_label("Body").fill("What the note says.")
    page.get_by_label("Secret").fill("the combination is 1234")
    page.get_by_role("button", name="Add note").click()
    row = _row(page, title)
    expect(row).to_have_count(1)
    expect(page.locator("#notes-message")).to_have_text(f"Added “{title}”.")
    expect(page.get_by_label("Title")).to_have_value("")  # the form was reset
    expect(row).not_to_contain_text("the combination is 1234")  # hidden until asked
    row.get_by_role("button", name=f"Reveal secret of {title}").click()
    expect(row).to_contain_text("the combination is 1234")

    page.reload()
    open_page(page, server_url + "/")
    expect(_row(page, title)).to_have_count(1)

    _row(page, title).get_by_role("button", name=f"Edit {title}").click()
    dialog = page.get_by_role("dialog", name="Edit note")
    dialog.get_by_label("Title").fill("")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.locator("#edit-title-error")).to_be_visible()
    assert look_at_both_widths(page, axe, "dialog-edit-note-refused") == []
    renamed = f"{title} (edited)"
    dialog.get_by_label("Title").fill(renamed)
    dialog.get_by_label("New secret").fill("a new secret")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_have_count(0)
    row = _row(page, renamed)
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Reveal").click()
    expect(row).to_contain_text("a new secret")

    row.get_by_role("button", name=f"History of {renamed}").click()  # who changed what
    history = page.get_by_role("dialog", name=f"History of “{renamed}”")
    entries = history.locator(".history-entry")
    expect(entries).to_have_count(2)
    expect(entries.nth(0)).to_contain_text("Created")
    expect(entries.nth(1)).to_contain_text("Changed")
    expect(entries.nth(1)).to_contain_text(renamed)
    expect(entries.nth(1)).to_contain_text("Secret: changed (not shown)")
    expect(history).not_to_contain_text("a new secret")
    expect(history).not_to_contain_text("the combination is 1234")
    assert look_at_both_widths(page, axe, "dialog-note-history") == []
    history.get_by_role("button", name="Close").click()
    expect(history).to_have_count(0)

    row.get_by_role("button", name=f"Delete {renamed}").click()
    confirm = page.get_by_role("dialog", name="Delete this note?")
    expect(confirm).to_be_visible()
    assert look_at_both_widths(page, axe, "dialog-delete-note") == []
    confirm.get_by_role("button", name="Cancel").click()  # changed their mind
    expect(_row(page, renamed)).to_have_count(1)
    _row(page, renamed).get_by_role("button", name=f"Delete {renamed}").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(_row(page, renamed)).to_have_count(0)
    expect(page.locator("#notes-message")).to_have_text(f"Deleted “{renamed}”.")
    page.reload()
    open_page(page, server_url + "/")
    expect(page.locator("#notes-empty")).to_be_visible()


def test_the_list_pages_through_many_notes(server_url: str, page: Page, axe: str) -> None:
    sign_up(page, server_url)
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrf_token")
    for number in range(12):
        created = page.request.post(
            server_url + "/api/notes",
            data={"title": f"note number {number:02d}"},
            headers={"X-CSRF-Token": csrf},
        )
        assert created.status == 201, created.text()
    open_page(page, server_url + "/")
    expect(page.locator("#notes-table tbody tr")).to_have_count(10)
    expect(page.locator("#notes-pager")).to_contain_text("Page 1")
    expect(page.locator("#notes-pager-previous")).to_be_disabled()
    page.locator("#notes-pager-next").click()
    expect(page.locator("#notes-pager")).to_contain_text("Page 2")
    expect(page.locator("#notes-table tbody tr")).to_have_count(2)
    expect(page.locator("#notes-table")).to_contain_text("note number 11")
    expect(page.locator("#notes-pager-next")).to_be_disabled()
    assert look_at_both_widths(page, axe, "notes-second-page") == []


def test_signed_out_visitors_read_without_a_form(server_url: str, page: Page) -> None:
    open_page(page, server_url + "/")
    hint = page.locator("#sign-in-hint")
    expect(hint).to_contain_text("to write notes of your own")
    expect(page.get_by_role("button", name="Add note")).to_have_count(0)
    hint.get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
