"""Two writers with the same ETag: never both succeed."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from directory.errors import PreconditionFailed
from directory.identity import Identity
from tests.conftest import Caller, etag_of

WRITERS = 8


def test_concurrent_writers_with_one_etag(app, as_, token):
    tag = etag_of(as_("coordinator"), "pumch")
    bearer = token("coordinator")
    barrier = threading.Barrier(WRITERS)
    statuses: list[int] = []

    def write(n: int) -> None:
        caller = Caller(app.test_client(), bearer)
        barrier.wait()
        r = caller.patch("/v1/centres/pumch", json={"city": f"Beijing {n}"}, headers={"If-Match": tag})
        statuses.append(r.status_code)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(statuses) == [200] + [412] * (WRITERS - 1)
    centre = as_("coordinator").get("/v1/centres/pumch").get_json()
    assert centre["version"] == 2


@pytest.mark.parametrize("write", ["patch", "capability"])
def test_the_version_check_holds_inside_the_race_window(services, write):
    """A competing commit lands after this writer checked the version but before it flushed:
    the versioned UPDATE matches no row, and the write fails as stale instead of overwriting."""
    coordinator = Identity(client_id="coordinator-x", role="coordinator")
    fired = []

    def competing_write(session: Session, *args: object) -> None:
        if fired:
            return
        fired.append(True)
        # Another client, on another connection, commits first.
        worker = threading.Thread(
            target=services.centres.update, args=(coordinator, "pumch", {"city": "Competitor"}, 1)
        )
        worker.start()
        worker.join()

    event.listen(Session, "before_flush", competing_write)
    try:
        with pytest.raises(PreconditionFailed):
            if write == "patch":
                services.centres.update(coordinator, "pumch", {"city": "Loser"}, 1)
            else:
                services.centres.set_capability(coordinator, "pumch", "hydrodissection", "limited", None, 1)
    finally:
        event.remove(Session, "before_flush", competing_write)

    centre = services.centres.get(coordinator, "pumch")
    assert (centre.city, centre.version) == ("Competitor", 2)
    assert centre.capability("hydrodissection").status == "available"
