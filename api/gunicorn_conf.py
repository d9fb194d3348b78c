"""gunicorn settings for serving the API: ``gunicorn -c python:api.gunicorn_conf 'api:create_app()'``.

gunicorn answers a request line or header field over its limits itself, as an HTML page. The
app answers them instead, as problem+json (414, 431), with its own, lower limits
(``MAX_URL_BYTES``, ``MAX_HEADER_BYTES``), so gunicorn's are set above them: a request line is
then bounded only by gunicorn's 1 MiB read buffer, one header field by 64 KiB. Put a proxy with
limits of its own in front of a service open to the internet (the README's "Beyond one machine").
"""

limit_request_line = 0  # gunicorn: no limit of its own (reads at most 1 MiB)
limit_request_field_size = 65536

# gunicorn 27's control socket (for gunicornc) defaults to one path per user account
# ($HOME/.gunicorn/gunicorn.ctl): two servers on one machine would share it, and the first to
# stop removes the other's. Nothing here uses it, so there is none.
control_socket_disable = True

# Prometheus metrics (api/metrics.py) are counted in every worker: they share a folder of their
# own (prometheus_client's multiprocess mode), emptied at start, and a worker that exits has its
# gauges dropped.


def on_starting(server: object) -> None:
    import os
    import shutil
    import tempfile

    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or tempfile.mkdtemp(prefix="partner-directory-metrics-")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder


def child_exit(server: object, worker: object) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
