"""Benchmark: how fast the web app's pages answer, and how much JavaScript each loads.
Prints figures; asserts nothing.

    python bench/pages.py --sizes 1000 10000

For each size it makes a fresh SQLite instance (the embedded default: local search) with the
seed and demo centres plus N synthetic ones, the demo people, and a few referrals; serves it
with gunicorn as ``make run`` does; signs in over HTTP as a coordinator, a hospital's staff
member and an admin; then requests every page many times (after a warm-up) and prints p50,
p95 and max per page, and the JavaScript each page loads (scripts it names, summed).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PORT = 8766
URL = f"http://127.0.0.1:{PORT}"

#: (who, path): every page a person reads in a day.
PAGES = [
    ("coordinator", "/app/"),
    ("coordinator", "/app/centres"),
    ("coordinator", "/app/centres?q=Peking+Union"),
    ("coordinator", "/app/centres?country=IN&site=spine&page=2"),
    ("coordinator", "/app/centres/pumch"),
    ("coordinator", "/app/match"),
    ("coordinator", "/app/match?lesion_site=spine&spinal_canal_distance_mm=5&destination_countries=CN+IN"),
    ("coordinator", "/app/referrals"),
    ("coordinator", "/app/review"),
    ("coordinator", "/app/notifications"),
    ("partner", "/app/centres/pumch/edit"),
    ("partner", "/app/referrals"),
    ("admin", "/app/admin/users"),
    ("admin", "/app/admin/audit"),
    ("admin", "/docs"),
]


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(BIN / "partner-directory"), *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr[-2000:])
    return done.stdout


def sign_in(person: dict[str, str]) -> httpx.Client:
    client = httpx.Client(base_url=URL, follow_redirects=False, timeout=30)
    start = client.get("/app/sign-in?next=/app/")
    form_url = start.headers["Location"]
    form = client.get(form_url)
    token = re.search(r'name="form_token" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    back = client.post(form_url, data={"email": person["email"], "password": person["password"], "form_token": token})
    done = client.get(back.headers["Location"])
    assert done.status_code == 302, done.text[:300]
    return client


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def javascript_bytes(client: httpx.Client, html: str, cache: dict[str, int]) -> int:
    total = 0
    for source in re.findall(r'<script[^>]+src="([^"]+)"', html):
        if source not in cache:
            cache[source] = len(client.get(urljoin(URL, source)).content)
        total += cache[source]
    return total


def run(size: int, repeats: int) -> None:
    instance = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = {**os.environ, "INSTANCE_PATH": str(instance), "PORT": str(PORT), "LOG_LEVEL": "WARNING"}
    for name in ("DATABASE_URL", "ELASTICSEARCH_URL", "PUBLIC_URL"):
        env.pop(name, None)
    started = time.perf_counter()
    cli(env, "db", "upgrade")
    cli(env, "seed", "--demo", "--synthetic", str(size))
    cli(env, "demo-users")
    people = json.loads((instance / "demo-users.json").read_text())
    print(f"\n{size} synthetic centres (+ seed and demo): database ready in {time.perf_counter() - started:.0f} s")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "python:api.gunicorn_conf", "--bind", f"127.0.0.1:{PORT}", "--workers", "2",
         "api:create_app()"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{URL}/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        clients = {role: sign_in(people[role]) for role in ("coordinator", "partner", "admin")}
        coordinator = clients["coordinator"]
        home = coordinator.get("/app/").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)  # type: ignore[union-attr]
        case = json.dumps({"lesion_site": "long-bone", "destination_countries": ["CN"]})
        for n in range(5):
            coordinator.post("/app/referrals", data={"csrf_token": csrf, "centre": "pumch", "external_ref": f"B-{n}",
                                                       "case": case})  # fmt: skip
        cache: dict[str, int] = {}
        print(f"{'page':<78} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'JS kB':>6}")
        for who, path in PAGES:
            client = clients[who]
            for _ in range(3):  # warm-up: both workers load the local index
                client.get(path)
            samples = []
            for _ in range(repeats):
                begun = time.perf_counter()
                response = client.get(path)
                samples.append((time.perf_counter() - begun) * 1000)
                assert response.status_code == 200, (path, response.status_code)
            script = javascript_bytes(client, response.text, cache)
            print(
                f"{who + ' ' + path:<78} {statistics.median(samples):7.1f} {percentile(samples, 95):7.1f} "
                f"{max(samples):7.1f} {script / 1000:6.1f}"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--repeats", type=int, default=60)
    args = parser.parse_args()
    for size in args.sizes:
        run(size, args.repeats)


if __name__ == "__main__":
    main()
