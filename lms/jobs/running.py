"""Running a FileJob: progress, cancellation, failure, and a file that appears only when complete.

The file is built in a local temporary file and stored in one piece when complete, in the job's
storage (the private storage: possibly a bucket that the web process reads on another host). The
job names the file only once it is stored, so a half-built file is never offered. A job whose
worker died is delivered again (acks_late, reject_on_worker_lost) and starts over from nothing.
"""

import logging
import tempfile
from collections.abc import Callable
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
    storage = job.file.storage
    try:
        with tempfile.TemporaryFile(prefix="mamori-job-") as output:
            build(job, output)
            output.seek(0)
            # The storage may pick another name (it never overwrites): the job records the one it got.
            stored_name = storage.save(final_name, output)
    except JobCancelled:
        return FileJob.Status.CANCELLED
    except Exception as error:
        log.exception("%s %s failed", model.__name__, job.pk)
        model.objects.filter(pk=job.pk).update(
            status=FileJob.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
        )
        return FileJob.Status.FAILED
    updated = model.objects.filter(pk=job.pk, status=FileJob.Status.RUNNING).update(
        status=FileJob.Status.DONE, file=stored_name, done=job.total, finished_at=timezone.now()
    )
    if not updated:
        # Cancelled after the last step: the file is not offered.
        storage.delete(stored_name)
        return FileJob.Status.CANCELLED
    return FileJob.Status.DONE
