"""What apps put on the admin home (drawn by lms/reports/dashboard.py).

Two hooks, so the core draws the panels without knowing the apps that fill them:

* ``DASHBOARD_ACTIONS_HOOK``: ``fn(request) -> list[ActionItem]``, things waiting for the user (unreturned
  slips, missing pledges, sessions to schedule, ...);
* ``RUNNING_JOBS_HOOK``: ``fn(request) -> list[RunningJob]``, unfinished background jobs the user may
  follow.

A hook returns an empty list for a user it has no work for, and reads only what that user may see.
"""

from dataclasses import dataclass

DASHBOARD_ACTIONS_HOOK = "mamori_dashboard_actions"
RUNNING_JOBS_HOOK = "mamori_running_jobs"


@dataclass(frozen=True)
class ActionItem:
    """``count`` things waiting, described by ``label``, handled at ``url``."""

    label: str
    count: int
    url: str


@dataclass(frozen=True)
class RunningJob:
    """An unfinished background job the user may follow at ``url``."""

    label: str
    status: str
    percent: int
    url: str


def running_jobs_of(jobs, *, label_for, url_for) -> list[RunningJob]:
    """``RunningJob`` entries for unfinished ``FileJob`` rows (queued or running)."""
    return [
        RunningJob(label=label_for(job), status=job.get_status_display(), percent=job.percent, url=url_for(job))
        for job in jobs
        if not job.is_finished
    ]
