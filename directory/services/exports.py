"""Bulk exports: a job per request, owned by the client or person who asked, its progress
recorded as it runs, kept until it expires. Another caller's job does not exist for them (404,
and the attempt is audited). What is written, and how, belongs to the API that serves it.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from directory.db import utcnow
from directory.errors import Conflict, NotFound
from directory.identity import Identity
from directory.models import ExportJob
from directory.services.base import Service
from directory.text import Text
from directory.uow import UnitOfWork

#: How long a finished export's files are kept.
RETENTION = timedelta(hours=24)
#: A running job that has not reported for this long was interrupted (its process ended).
SILENCE = timedelta(minutes=5)
#: Exports one requester may have running at once.
RUNNING_PER_REQUESTER = 1


@dataclass
class ExportService(Service):
    retention: timedelta = field(default=RETENTION)

    def start(
        self,
        identity: Identity,
        level: str,
        types: Sequence[str],
        since: datetime | None,
        request_url: str,
        total: int,
        started: datetime,
    ) -> ExportJob:
        """A new job for the caller, unless it already has one running (Conflict: the API
        answers 429). ``started``: when the request came, before anything was read for it."""
        with self.unit_of_work(identity) as uow:
            issuer, principal = identity.principal
            running = uow.session.scalars(
                select(ExportJob).where(
                    ExportJob.requester_issuer == issuer,
                    ExportJob.requester_id == principal,
                    ExportJob.status == "in-progress",
                )
            ).all()
            if len([job for job in running if not _silent(job)]) >= RUNNING_PER_REQUESTER:
                raise Conflict(Text("An export of yours is still running: wait for it, or cancel it."))
            now = started
            job = ExportJob(
                id=secrets.token_hex(16),
                requester_issuer=issuer,
                requester_id=principal,
                level=level,
                types=list(types),
                since=since,
                request_url=request_url,
                status="in-progress",
                done=0,
                total=total,
                output=[],
                deleted=[],
                created_at=now,
                heartbeat_at=now,
                expires_at=now + self.retention,
            )
            uow.session.add(job)
            uow.audit("export.start", "export", job.id, changes={"level": level, "types": list(types)})
            uow.commit()
            return job

    def get(self, identity: Identity, job_id: str) -> ExportJob:
        """The caller's own job, until it expires (one whose worker fell silent is marked
        failed)."""
        with self.unit_of_work(identity) as uow:
            job = self._own(uow, job_id, "export.read")
            if job.status == "in-progress" and _silent(job):
                job.status, job.finished_at = "failed", utcnow()
                job.error = "The export was interrupted (its server process stopped): start it again."
                uow.commit()
            return job

    def cancel(self, identity: Identity, job_id: str) -> ExportJob:
        """Stop a running export, or let go of a finished one: either way it is removed, with
        its files, at the next pruning."""
        with self.unit_of_work(identity) as uow:
            job = self._own(uow, job_id, "export.cancel")
            job.status, job.finished_at = "cancelled", job.finished_at or utcnow()
            uow.audit("export.cancel", "export", job.id)
            uow.commit()
            return job

    # --- the worker's side (no caller: it reports on a job it was given) ------------------------

    def progress(self, job_id: str, done: int) -> bool:
        """Record progress; False when the job is no longer running (cancelled: stop)."""
        return self._if_running(job_id, done=done, heartbeat_at=utcnow())

    def running(self, job_id: str) -> bool:
        with self.db.session() as session:
            return session.scalar(select(ExportJob.status).where(ExportJob.id == job_id)) == "in-progress"

    def finish(self, job_id: str, output: list[dict[str, Any]], deleted: list[dict[str, Any]]) -> bool:
        now = utcnow()
        return self._if_running(
            job_id,
            status="completed",
            output=output,
            deleted=deleted,
            done=ExportJob.total,
            finished_at=now,
            heartbeat_at=now,
            expires_at=now + self.retention,
        )

    def fail(self, job_id: str, error: str) -> None:
        self._if_running(job_id, status="failed", error=error, finished_at=utcnow())

    def _if_running(self, job_id: str, **values: Any) -> bool:
        """Change a job that is still running; False when it is not (cancelled, say)."""
        with self.db.session() as session:
            changed = session.execute(
                update(ExportJob).where(ExportJob.id == job_id, ExportJob.status == "in-progress").values(**values)
            ).rowcount
            session.commit()
        return bool(changed)

    def expired(self, now: datetime | None = None) -> list[str]:
        """Remove the jobs whose time is up (and those cancelled), returning their ids: the
        caller removes their files."""
        with self.db.session() as session:
            gone = remove_expired(session, now or utcnow())
            session.commit()
        return gone

    def _own(self, uow: UnitOfWork, job_id: str, action: str) -> ExportJob:
        job = uow.session.get(ExportJob, job_id)
        gone = job is None or job.expires_at < utcnow()
        if gone or (job.requester_issuer, job.requester_id) != uow.identity.principal:  # type: ignore[union-attr]
            error = NotFound(Text("No export %(id)r.", id=job_id))
            if job is not None:
                uow.record_denial(action, "export", job_id, error)
            raise error
        return job


def remove_expired(session: Session, now: datetime) -> list[str]:
    """Delete the jobs whose time is up (and those cancelled) in ``session``; their ids."""
    gone = list(
        session.scalars(select(ExportJob.id).where((ExportJob.expires_at < now) | (ExportJob.status == "cancelled")))
    )
    if gone:
        session.execute(delete(ExportJob).where(ExportJob.id.in_(gone)))
    return gone


def _silent(job: ExportJob) -> bool:
    return utcnow() - job.heartbeat_at > SILENCE
