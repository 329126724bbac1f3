"""The administrators' page: find an account, deactivate it (its user is out at once),
reactivate it, make it an administrator; yourself you cannot deactivate, and a
non-administrator is told plainly the page is not theirs."""

from playwright.sync_api import Browser, Page, expect

from .pages import log_in, look_at_both_widths, open_page, sign_up


def test_an_admin_finds_deactivates_reactivates_and_promotes(
    server_url: str, page: Page, browser: Browser, axe: str
) -> None:
    other = browser.new_context()
    user_page = other.new_page()
    email = sign_up(user_page, server_url)

    log_in(page, server_url)
    open_page(page, server_url + "/admin")
    expect(page.locator("#users-table")).to_be_visible()
    own = page.locator("#users-table tbody tr").filter(has_text="admin@example.org")
    expect(own.get_by_role("button", name="Deactivate")).to_have_count(0)  # not yourself

    page.get_by_label("Search by email").fill(email[:8].upper())
    page.get_by_role("button", name="Search").click()
    rows = page.locator("#users-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(email)

    rows.get_by_role("button", name=f"Deactivate {email}").click()
    confirm = page.get_by_role("dialog", name="Deactivate this account?")
    expect(confirm).to_be_visible()
    assert look_at_both_widths(page, axe, "dialog-deactivate-account") == []
    confirm.get_by_role("button", name="Deactivate").click()
    expect(page.locator("#admin-message")).to_have_text(f"{email} deactivated.")
    expect(rows).to_contain_text("Deactivated")
    assert look_at_both_widths(page, axe, "admin-search-deactivated") == []
    open_page(user_page, server_url + "/account")  # its session ended at once
    expect(user_page.get_by_role("heading", name="Log in first")).to_be_visible()

    rows.get_by_role("button", name=f"Reactivate {email}").click()
    page.get_by_role("dialog").get_by_role("button", name="Reactivate").click()
    expect(page.locator("#admin-message")).to_have_text(f"{email} reactivated.")
    rows.get_by_role("button", name=f"Make {email} an administrator").click()
    page.get_by_role("dialog").get_by_role("button", name="Make admin").click()
    expect(page.locator("#admin-message")).to_have_text(f"{email} is now an administrator.")
    expect(rows).to_contain_text("Administrator")

    page.get_by_label("Search by email").fill("nobody-has-this-address")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#users-empty")).to_contain_text("No account matches")
    other.close()


def test_a_non_admin_is_refused_plainly(server_url: str, page: Page) -> None:
    sign_up(page, server_url)
    expect(page.get_by_role("link", name="Admin")).to_have_count(0)  # not in the nav
    open_page(page, server_url + "/admin")
    expect(page.locator("#admin-refused")).to_have_text(
        "Only administrators can manage accounts. Ask one to make you an administrator."
    )
    expect(page.locator("#users-table")).to_have_count(0)
