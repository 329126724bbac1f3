"""The job queue as an administrator sees it: jobs by state, the newest jobs, the schedule.

The same overview feeds `<slug> jobs` and the admin page's Jobs tab
(`backend/managers/jobs.py`).
"""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

# procrastinate's states, in the order a job goes through them (its "aborting" is legacy,
# never set now: a row left in it is still counted under its name).
JOB_STATES = ("todo", "doing", "succeeded", "failed", "cancelled", "aborted")


class JobView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    task: str
    status: str
    attempts: int
    scheduled_at: datetime | None
    last_error: str | None
    """The error of the job's last failed attempt (kept while the job is kept)."""


class ScheduledTask(BaseModel):
    model_config = ConfigDict(frozen=True)

    task: str
    cron: str


class JobsOverview(BaseModel):
    model_config = ConfigDict(frozen=True)

    no_queue: str | None = None
    """Why there is no queue (a SQLite app), or None: there is one."""
    counts: dict[str, int]
    """Jobs by state, every one of JOB_STATES named (0 when none)."""
    recent: list[JobView]
    """The newest jobs, newest first."""
    schedule: list[ScheduledTask]
