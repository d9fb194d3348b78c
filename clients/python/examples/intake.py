"""An intake service's day with Partner Directory: match a case, refer it to the best centre,
and follow the referral until the centre has answered (or the time is up).

    PARTNER_DIRECTORY_URL=http://127.0.0.1:8000 CLIENT_ID=... CLIENT_SECRET=... \\
        python clients/python/examples/intake.py case-2291 --poll-seconds 60

Type-checked with ``mypy --strict`` in CI (tests/live/test_python_client.py), and run there
against a real server.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from partner_directory_client.models.lesion_site_code import LesionSiteCode
from partner_directory_client.models.match_input import MatchInput
from partner_directory_client.models.referral_status import ReferralStatus
from partner_directory_intake import Intake, ProblemError

#: Statuses in which the centre has answered, or the referral has ended.
ANSWERED = {ReferralStatus.ACCEPTED, ReferralStatus.REJECTED, ReferralStatus.CANCELLED, ReferralStatus.COMPLETED}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("external_ref", help="the intake service's own id for the case")
    parser.add_argument("--country", action="append", default=[], help="a destination country (ISO 3166-1)")
    parser.add_argument("--poll-seconds", type=float, default=0.0, help="follow the referral this long")
    args = parser.parse_args(argv)

    case = MatchInput(
        lesion_site=LesionSiteCode.SPINE,
        lytic=True,
        spinal_canal_distance_mm=8.0,
        destination_countries=args.country or ["CN"],
        budget_usd=6000,
    )
    with Intake(os.environ["PARTNER_DIRECTORY_URL"], os.environ["CLIENT_ID"], os.environ["CLIENT_SECRET"]) as intake:
        try:
            found = intake.match(case)
            if not found.results:
                print("no centre fits the case", file=sys.stderr)
                return 1
            best = found.results[0]
            cost = best.estimated_cost
            usd = f"{cost.usd.min_:.0f}-{cost.usd.max_:.0f} USD" if cost and cost.usd else "cost unknown"
            print(f"best: {best.centre.name} ({best.centre.slug}), score {best.score:.2f}, {usd}")
            referral = intake.refer(best.centre.slug, args.external_ref, case)
            print(f"referral {referral.id}: {referral.status.value} (version {referral.version})")
            deadline = time.monotonic() + args.poll_seconds
            while referral.status not in ANSWERED and time.monotonic() < deadline:
                time.sleep(1.0)
                now = intake.referral(referral.id)
                if now.version != referral.version:
                    print(f"referral {now.id}: {now.status.value} (version {now.version})")
                referral = now
        except ProblemError as problem:
            print(f"refused: {problem} (request {problem.request_id})", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
