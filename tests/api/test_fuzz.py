"""Fuzzing: schemathesis against the app's own OpenAPI document, with a real token per role.

Every operation gets at least 100 generated cases for each principal. The checks: no server
error, and every answer within what the document says (status code, content type, headers,
body schema); schema-invalid input must be refused. Not checked: that every schema-valid
input is accepted. The document cannot say that a lesion site or capability code must exist
in the vocabulary (data that changes at run time), nor rules across fields (radius_km needs
near), so some schema-valid requests are rightly refused with 400 or 422.

schemathesis loads the document once, at import, from an app with no database; each test then
points the same WSGI entry at its own app.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api import create_app
from api.config import Config
from tests.conftest import make_config

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
PRINCIPALS = ["admin", "coordinator", "partner_a", "partner_b", "intake_a", "intake_b"]


class Current:
    """The WSGI app the schema calls: the current test's."""

    app: Any = None

    def __call__(self, environ: dict, start_response: Any) -> Any:
        return self.app(environ, start_response)


CURRENT = Current()
CURRENT.app = create_app(Config.from_env({"INSTANCE_PATH": "/nonexistent", "LOG_LEVEL": "WARNING"}))
#: A refusal of schema-violating input may also be 413: a generated body can exceed the size
#: limit (MAX_BODY_BYTES) before its content is even read. A write without its required If-Match
#: is 428 (RFC 6585), which the generated cases now reach: the document's examples name centres
#: that exist, so the 404 no longer comes first.
CONFIG = SchemathesisConfig.from_str(
    """
[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]

[checks.missing_required_header]
expected-statuses = ["400", "401", "403", "406", "415", "422", "428"]
"""
)
schema = schemathesis.openapi.from_wsgi("/openapi.json", CURRENT, config=CONFIG)


@pytest.fixture
def backend() -> str:
    return "sqlite"  # generated input, not the database engine, is what varies here


@pytest.fixture
def fuzz_app(database_url: str, tmp_path: Path) -> Iterator[Any]:
    app = create_app(
        make_config(database_url, tmp_path, rate_limit_client="10000000/minute", rate_limit_oauth="10000000/minute")
    )
    CURRENT.app = app
    yield app
    app.extensions["services"].db.dispose()


@pytest.mark.parametrize("principal", PRINCIPALS)
@schema.parametrize()
@settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None, derandomize=True)
def test_api(case, principal, fuzz_app, token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token(principal)}"},
        excluded_checks=[positive_data_acceptance],
    )
