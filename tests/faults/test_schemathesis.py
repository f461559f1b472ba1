"""The whole API against its own OpenAPI document (schemathesis), with a fixed seed and a
bounded number of examples per operation: no server error, status codes, content types,
headers and bodies as documented, schema-invalid requests rejected, and schema-valid requests
accepted, except for the rules across parameters the document itself states
(``x-cross-parameter-rules``): a schema-valid request refused with 400 must name only those.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, seed, settings
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.web.conftest import fill_catalogue, make_settings
from web import create_app

SEED = 20261202
EXAMPLES = 40  # per operation and phase


def _app():
    """An app over its own catalogue, built at collection time (schemathesis's module-level
    loader; its fixture-based one does not run under pytest 9)."""
    data_dir = Path(tempfile.mkdtemp(prefix="leeraanbod-faults-schemathesis-"))
    atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
    app_settings = make_settings(data_dir)
    fill_catalogue(app_settings)
    return create_app({"TESTING": True, "SETTINGS": app_settings})


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _app())


def _messages(body: dict) -> list[str]:
    return [m for messages in (body.get("fields") or {}).values() for m in messages]


@schema.parametrize()
@seed(SEED)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_document(case):
    response = case.call()
    # every check schemathesis has, positive-data acceptance refined below
    case.validate_response(response, excluded_checks=[positive_data_acceptance])
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return
    if response.status_code == 400:
        rules = case.operation.definition.raw.get("x-cross-parameter-rules", [])
        unstated = [m for m in _messages(response.json()) if not any(r in m for r in rules)]
        assert not unstated, (
            f"a schema-valid request refused for reasons the document does not state: "
            f"{unstated} ({case.as_curl_command()})"
        )
