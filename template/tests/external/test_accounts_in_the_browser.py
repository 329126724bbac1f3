"""Signing up, logging in and out, and the account page, as a person uses them:
refusals read as sentences beside their field, and the address typed is kept."""

from playwright.sync_api import Page, expect

from .accounts import PASSWORD, new_email
from .pages import log_in, look_at_both_widths, open_page, sign_up


def test_a_refused_sign_up_says_why_and_keeps_the_address(
    server_url: str, page: Page, axe: str
) -> None:
    email = new_email()
    open_page(page, server_url + "/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create my account").click()
    open_page(page, page.url)
    expect(page.locator("#password-error")).to_have_text("Password must be at least 8 characters.")
    expect(page.get_by_label("Email")).to_have_value(email)
    assert look_at_both_widths(page, axe, "signup-refused") == []


def test_a_wrong_password_is_a_sentence_and_the_nav_shows_who_is_in(
    server_url: str, page: Page, axe: str
) -> None:
    email = sign_up(page, server_url)
    expect(page.locator("#nav-account")).to_have_text(email)
    page.locator("#nav-logout-submit").click()
    page.wait_for_url(server_url + "/")
    open_page(page, server_url + "/")
    expect(page.locator("#nav-account")).to_have_count(0)

    open_page(page, server_url + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("not my password")
    page.locator("#login-submit").click()
    open_page(page, page.url)
    expect(page.locator("#login-error")).to_have_text("Wrong email or password.")
    expect(page.get_by_label("Email")).to_have_value(email)
    assert look_at_both_widths(page, axe, "login-refused") == []
    log_in(page, server_url, email)
    expect(page.locator("#nav-account")).to_have_text(email)


def test_the_account_page_changes_the_password_and_resends_the_link(
    server_url: str, page: Page
) -> None:
    email = sign_up(page, server_url)
    open_page(page, server_url + "/account")
    expect(page.locator("#account-email")).to_have_text(email)
    expect(page.locator("#account-verified")).to_have_text("Not confirmed yet")
    page.get_by_role("button", name="Send the link again").click()
    expect(page.locator("#verify-message")).to_contain_text("A new confirmation link")

    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password").fill("short")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator("#new-password-error")).to_have_text(
        "New password must be at least 8 characters."
    )
    expect(page.get_by_label("Current password")).to_have_value("not my password")  # kept
    page.get_by_label("New password").fill("long enough now")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator("#current-password-error")).to_have_text("That is not your password.")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator("#account-message")).to_have_text(
        "Password changed; your other sessions were logged out."
    )
    page.locator("#logout").click()
    page.wait_for_url(server_url + "/")
    open_page(page, server_url + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)  # the old one: refused
    page.locator("#login-submit").click()
    open_page(page, page.url)
    expect(page.locator("#login-error")).to_have_text("Wrong email or password.")
