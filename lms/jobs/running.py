"""Running a FileJob: progress, cancellation, failure, and a file that appears only when complete.

The file is written beside its final name and renamed when complete, so a half-built file is
never offered. A job whose worker died is delivered again (acks_late, reject_on_worker_lost)
and starts over from nothing.
"""

import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from django.utils import timezone

from .models import FileJob

log = logging.getLogger("mamori.jobs")


class JobCancelled(Exception):
    """The job's status left RUNNING while it was being built."""


def file_job_progress(job: FileJob, done: int) -> None:
    """Save progress unless the job was cancelled meanwhile (then stop)."""
    if not type(job).objects.filter(pk=job.pk, status=FileJob.Status.RUNNING).update(done=done):
        raise JobCancelled


def file_job_run(job: FileJob, *, final_name: str, build: Callable[[FileJob, BinaryIO], None]) -> str:
    """Build the job's file with ``build(job, output)``; returns the job's final status."""
    model = type(job)
    if job.status not in (FileJob.Status.QUEUED, FileJob.Status.RUNNING):
        return job.status
    # RUNNING here means a worker died mid-job and the message came back: start over.
    model.objects.filter(pk=job.pk).update(status=FileJob.Status.RUNNING, done=0, error="", started_at=timezone.now())
    final_path = Path(job.file.storage.path(final_name))
    final_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=final_path.parent, prefix=f".{final_path.stem}-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as output:
            build(job, output)
        os.replace(tmp_name, final_path)
    except JobCancelled:
        Path(tmp_name).unlink(missing_ok=True)
        return FileJob.Status.CANCELLED
    except Exception as error:
        Path(tmp_name).unlink(missing_ok=True)
        log.exception("%s %s failed", model.__name__, job.pk)
        model.objects.filter(pk=job.pk).update(
            status=FileJob.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
        )
        return FileJob.Status.FAILED
    updated = model.objects.filter(pk=job.pk, status=FileJob.Status.RUNNING).update(
        status=FileJob.Status.DONE, file=final_name, done=job.total, finished_at=timezone.now()
    )
    if not updated:
        # Cancelled after the last step: the file is not offered.
        final_path.unlink(missing_ok=True)
        return FileJob.Status.CANCELLED
    return FileJob.Status.DONE
