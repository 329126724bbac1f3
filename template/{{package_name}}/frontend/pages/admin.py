"""The administrators' pages, two tabs: Accounts (find accounts, deactivate and reactivate
them, make admins) at `/admin`, and Jobs (the queue by state, the newest jobs with their
errors, the schedule: what `<slug> jobs` prints) at `/admin/jobs`.

The managers decide who may do what (and refuse deactivating yourself or the last
administrator); these pages show their answers as notices.
"""

from datetime import UTC, datetime
from typing import Any, Literal, cast

from reactpy import component, event, html, use_state
from reactpy.types import VdomDict
from reactpy_router import link

from ...errors import AppError
from ...messages import sentence
from ...shared_models import UserView
from ...shared_models.jobs import JobsOverview, JobView, ScheduledTask
from ..components import (
    PAGE_SIZE,
    Column,
    Page,
    Tab,
    auth_layout,
    badge,
    button,
    confirm_dialog,
    data_table,
    empty_state,
    field,
    loading,
    notice,
    page_header,
    pager,
    stat_list,
    tab_links,
)
from ..components.feedback import NO_MESSAGE
from ..hooks import use_actor, use_job_manager_factory, use_signed_in_account_factory
from ..reactpy_compat import use_effect

ACTIONS = {
    "deactivate": (
        "Deactivate this account?",
        "{email} is logged out at once and cannot log in until reactivated.",
        "Deactivate",
    ),
    "activate": ("Reactivate this account?", "{email} can log in again.", "Reactivate"),
    "admin": (
        "Make this account an administrator?",
        "{email} can then manage every account.",
        "Make admin",
    ),
}


TABS = (Tab("/admin", "Accounts"), Tab("/admin/jobs", "Jobs"))
TITLE = "Administration"
RECENT_JOBS = 20  # as many as `<slug> jobs` lists by default


def _id(user: UserView) -> int:
    return user.id


def _refusal(viewer: UserView | None) -> VdomDict:
    """What a visitor who is not an administrator sees instead."""
    if viewer is None:
        return auth_layout(
            "admin-page",
            "Administrators only",
            "Log in with an administrator's account to manage accounts and jobs.",
            html.p(link({"to": "/login", "class_name": "button button-block"}, "Log in")),
        )
    return html.section(
        {"id": "admin-page", "class_name": "stack"},
        page_header(TITLE),
        notice(
            "Only administrators can manage accounts. Ask one to make you an administrator.",
            "warning",
            id="admin-refused",
        ),
    )


def _frame(current: str, subtitle: str, *body: Any, actions: Any = "") -> VdomDict:
    """The administration pages' heading and tabs, then the tab's own content."""
    return html.section(
        {"id": "admin-page", "class_name": "stack"},
        page_header(TITLE, subtitle, *([actions] if actions else [])),
        tab_links("Administration", TABS, current, id="admin-tabs"),
        *body,
    )


def _status(user: UserView) -> VdomDict:
    return badge("Active", "success") if user.is_active else badge("Deactivated", "danger")


@component
def AdminPage() -> VdomDict:
    viewer = use_actor().user
    signed_in = use_signed_in_account_factory()  # read afresh: a page may outlive its admin
    page, set_page = use_state(cast(Page[UserView] | None, None))  # None: loading
    offset, set_offset = use_state(0)
    typed, set_typed = use_state("")
    search, set_search = use_state("")
    version, set_version = use_state(0)
    message, set_message = use_state(NO_MESSAGE)
    pending, set_pending = use_state(cast(tuple[str, UserView] | None, None))  # awaiting a yes

    @use_effect(dependencies=[offset, search, version])
    async def load_users() -> None:
        if viewer is None or not viewer.is_admin:
            return
        try:
            async with signed_in() as (manager, _acting):
                fetched = await manager.list_users(
                    limit=PAGE_SIZE + 1, offset=offset, search=search
                )
        except AppError as exc:
            set_message((sentence(exc.message), "error"))
            set_page(Page.of([], offset))
            return
        set_page(Page.of(list(fetched), offset))

    @event(prevent_default=True)
    def find(_event: dict[str, Any]) -> None:
        set_offset(0)
        set_search(typed.strip())

    async def confirm(_event: dict[str, Any]) -> None:
        if pending is None:
            return
        action, target = pending
        set_pending(None)
        try:
            async with signed_in() as (manager, _acting):
                if action == "admin":
                    changed = await manager.grant_admin(_id(target))
                else:
                    changed = await manager.set_active(_id(target), action == "activate")
        except AppError as exc:
            set_message((sentence(exc.message), "error"))
            return
        done = {
            "deactivate": "deactivated",
            "activate": "reactivated",
            "admin": "is now an administrator",
        }
        verb = done[action]
        set_message((f"{changed.email} {verb}.", "success"))
        set_version(version + 1)

    if viewer is None or not viewer.is_admin:
        return _refusal(viewer)

    def actions(user: UserView) -> list[Any]:
        buttons: list[Any] = []
        if user.is_active:
            if user.id != viewer.id:
                buttons.append(
                    button(
                        "Deactivate",
                        lambda _e: set_pending(("deactivate", user)),
                        variant="danger",
                        small=True,
                        id=f"deactivate-{user.id}",
                        aria_label=f"Deactivate {user.email}",
                    )
                )
        else:
            buttons.append(
                button(
                    "Reactivate",
                    lambda _e: set_pending(("activate", user)),
                    variant="secondary",
                    small=True,
                    id=f"activate-{user.id}",
                    aria_label=f"Reactivate {user.email}",
                )
            )
        if not user.is_admin:
            buttons.append(
                button(
                    "Make admin",
                    lambda _e: set_pending(("admin", user)),
                    variant="secondary",
                    small=True,
                    id=f"grant-admin-{user.id}",
                    aria_label=f"Make {user.email} an administrator",
                )
            )
        return buttons or [html.span({"class_name": "muted"}, "You")]

    columns: list[Column[UserView]] = [
        Column(
            "Email",
            lambda u: html.span(u.email, " ", badge("you", "info") if u.id == viewer.id else ""),
        ),
        Column("Status", _status),
        Column("Role", lambda u: badge("Administrator", "info") if u.is_admin else badge("User")),
        Column(
            "Address",
            lambda u: (
                badge("Confirmed", "success")
                if u.email_verified
                else badge("Not confirmed", "warning")
            ),
        ),
        Column("Joined", lambda u: html.time(u.created_at.strftime("%Y-%m-%d"))),
    ]
    if page is None:
        listing: Any = loading("Loading accounts…")
    elif not page.rows:
        listing = empty_state(
            "No account matches" if search else "No accounts",
            f"Nothing contains “{search}”." if search else "",
            id="users-empty",
        )
    else:
        listing = html.div(
            data_table("users-table", "Accounts", columns, page.rows, key=_id, actions=actions),
            pager(page, set_offset, id="users-pager"),
        )
    text, tone = message
    dialog: Any = ""
    if pending is not None:
        title, body, label = ACTIONS[pending[0]]
        dialog = confirm_dialog(
            "admin-confirm",
            title,
            body.format(email=pending[1].email),
            confirm_label=label,
            on_confirm=confirm,
            on_cancel=lambda: set_pending(None),
            danger=pending[0] == "deactivate",
        )
    return _frame(
        "/admin",
        "Find accounts, deactivate or reactivate them, make administrators.",
        notice(text, tone, id="admin-message"),
        html.div(
            html.form(
                {
                    "id": "user-search",
                    "class_name": "search-form",
                    "role": "search",
                    "on_submit": find,
                },
                field(
                    "user-search-input",
                    "Search by email",
                    value=typed,
                    on_change=set_typed,
                    type="search",
                    placeholder="name@example.org",
                ),
                button("Search", type="submit", variant="secondary", id="user-search-submit"),
            ),
            html.div({"id": "user-list"}, listing),
        ),
        dialog,
    )


StateTone = Literal["neutral", "success", "danger", "info", "warning"]
STATE_TONES: dict[str, StateTone] = {
    "todo": "neutral",
    "doing": "info",
    "succeeded": "success",
    "failed": "danger",
    "cancelled": "warning",
    "aborted": "warning",
}


def _when(moment: datetime | None) -> Any:
    if moment is None:
        return html.span({"class_name": "muted"}, "at once")
    utc = moment.astimezone(UTC)
    return html.time({"date_time": utc.isoformat()}, f"{utc:%Y-%m-%d %H:%M:%S} UTC")


def _error(job: JobView) -> Any:
    """A failed job's last error; the errors of attempts that a retry got past stay out."""
    if job.status != "failed" or not job.last_error:
        return html.span({"class_name": "muted"}, "—")
    error = job.last_error
    return html.span({"class_name": "error-text cell-clip", "title": error}, error)


JOB_COLUMNS: list[Column[JobView]] = [
    Column("Job", lambda j: f"#{j.id}"),
    Column("Task", lambda j: html.code(j.task)),
    Column("State", lambda j: badge(j.status, STATE_TONES.get(j.status, "neutral"))),
    Column("Attempts", lambda j: str(j.attempts)),
    Column("Scheduled", lambda j: _when(j.scheduled_at)),
    Column("Error", _error),
]
SCHEDULE_COLUMNS: list[Column[ScheduledTask]] = [
    Column("Task", lambda t: html.code(t.task)),
    Column("When (cron)", lambda t: html.code(t.cron)),
]


def _jobs_body(overview: JobsOverview) -> list[Any]:
    if overview.no_queue is not None:
        return [notice(sentence(overview.no_queue), "info", id="jobs-no-queue")]
    if overview.recent:
        recent: Any = data_table(
            "jobs-table", "The newest jobs", JOB_COLUMNS, overview.recent, key=lambda j: j.id
        )
    else:
        recent = empty_state(
            "No jobs yet",
            "Jobs show here once a request or the schedule queues one.",
            id="jobs-empty",
        )
    return [
        html.section(
            {"aria-labelledby": "job-counts-heading"},
            html.h2({"id": "job-counts-heading"}, "By state"),
            stat_list(list(overview.counts.items()), id="job-counts"),
        ),
        html.section(
            {"aria-labelledby": "jobs-heading"},
            html.h2({"id": "jobs-heading"}, "Newest jobs"),
            recent,
        ),
        html.section(
            {"aria-labelledby": "schedule-heading"},
            html.h2({"id": "schedule-heading"}, "Schedule"),
            data_table(
                "schedule-table",
                "The periodic tasks",
                SCHEDULE_COLUMNS,
                overview.schedule,
                key=lambda t: t.task,
            ),
        ),
    ]


@component
def AdminJobsPage() -> VdomDict:
    viewer = use_actor().user
    jobs = use_job_manager_factory()  # the actor read afresh: a page may outlive its admin
    overview, set_overview = use_state(cast(JobsOverview | None, None))  # None: loading
    version, set_version = use_state(0)
    message, set_message = use_state(NO_MESSAGE)

    @use_effect(dependencies=[version])
    async def load_jobs() -> None:
        if viewer is None or not viewer.is_admin:
            return
        try:
            async with jobs() as manager:
                read = await manager.overview(limit=RECENT_JOBS)
        except AppError as exc:
            set_message((sentence(exc.message), "error"))
            return
        set_message(NO_MESSAGE)
        set_overview(read)

    if viewer is None or not viewer.is_admin:
        return _refusal(viewer)
    refresh: Any = ""
    if overview is not None and overview.no_queue is None:
        refresh = button(
            "Refresh",
            lambda _e: set_version(version + 1),
            variant="secondary",
            id="jobs-refresh",
        )
    text, tone = message
    body = loading("Loading jobs…") if overview is None else _jobs_body(overview)
    return _frame(
        "/admin/jobs",
        "The job queue: jobs by state, the newest ones with their errors, and the schedule.",
        notice(text, tone, id="jobs-message"),
        html.div({"id": "jobs-panel", "class_name": "stack"}, body),
        actions=refresh,
    )
