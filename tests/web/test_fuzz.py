"""Schema-driven fuzzing of the REST API (schemathesis over ``/api/openapi.json``).

Run with ``make test PYTEST_ARGS="-m fuzz tests/web/test_fuzz.py"`` (CI does, in ``.ci/run``).
The server is ``yizhan serve`` itself (DEBUG off, the bundled Luohu data, no task worker so a
fuzzed planner run only waits in the queue) on a fresh data directory: every run starts from
the same database, and what the fuzzer writes stays inside that run. Every operation is called
as each role with its own API token, with valid requests (positive) and requests the schema
forbids (negative); no response may be a server error, and a response whose status code is
documented must match the documented schema.

schemathesis's own pytest loader for a schema that exists only once a fixture has run
(``schemathesis.pytest.from_fixture``) fails on pytest 9, so the operations are walked here
with its public strategy API (``APIOperation.as_strategy``), bounded by Hypothesis settings.
"""

import re
import tempfile
import time

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from yizhan.web.liveserver import LiveServer

pytestmark = pytest.mark.fuzz

#: role -> demo user whose API token the fuzzer uses
USERS = {"admin": "admin", "officer": "officer-huangbei", "viewer": "viewer"}
#: the roles of the daily work (四): fuzzed on the operations endpoints only, where their
#: grants lie (elsewhere they meet the 403s the three roles above already cover)
OPERATIONS_USERS = {"department": "department", "community_building": "community-building",
                    "station_staff": "station-staff", "committee_member": "committee-member"}
#: examples per operation, role and mode: the whole run takes a few minutes on 2 cores
MAX_EXAMPLES = 8
BOUNDED = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                   phases=[Phase.explicit, Phase.generate],
                   suppress_health_check=list(HealthCheck))

#: the server's log lines of requests answered below 500 (left out of a failure report)
ACCESS_OK = re.compile(r'HTTP/1\.1" [1-4]\d\d |^(?!Internal Server Error)[A-Z][\w ]+: /')

_TOKENS = """
from django.contrib.auth.models import User
from yizhan.web.accounts.models import Token
for name in %r:
    print("token", name, Token.create_for(User.objects.get(username=name), "fuzz")[1])
"""


@pytest.fixture(scope="module")
def server():
    with tempfile.TemporaryDirectory(prefix="yizhan-fuzz-") as data_dir:
        with LiveServer(data_dir, args=["--no-worker"]) as live:
            yield live


@pytest.fixture(scope="module")
def tokens(server):
    users = USERS | OPERATIONS_USERS
    out = server.manage("shell", "-c", _TOKENS % list(users.values()))
    keys = dict(line.split()[1:] for line in out.splitlines() if line.startswith("token "))
    return {role: keys[name] for role, name in users.items()}


def fuzz(operation, mode, headers, calls: list) -> None:
    """Call ``operation`` with up to MAX_EXAMPLES generated cases (each appended to ``calls``);
    raises the first failed check, with the request that failed."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @BOUNDED
    def run(case):
        response = case.call(headers=headers)
        calls.append(case)
        case.validate_response(response,
                               checks=[not_a_server_error, response_schema_conformance])

    run()


@pytest.mark.parametrize("role", sorted(USERS))
def test_api_has_no_server_errors(role, server, tokens):
    _fuzz_as(role, server, tokens)


@pytest.mark.parametrize("role", sorted(OPERATIONS_USERS))
def test_operations_api_has_no_server_errors(role, server, tokens):
    _fuzz_as(role, server, tokens, prefix="/api/operations/")


def _fuzz_as(role, server, tokens, prefix="/"):
    headers = {"Authorization": f"Bearer {tokens[role]}"}
    schema = schemathesis.openapi.from_url(f"{server.url}/api/openapi.json", headers=headers)
    started, calls, failures = time.monotonic(), [], []
    operations = [op for op in (result.ok() for result in schema.get_all_operations())
                  if op.path.startswith(prefix)]
    assert operations, f"no operation under {prefix}"
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                fuzz(operation, mode, headers, calls)
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - report them all
                failures.append(f"{role} {operation.label} ({mode.value}): {exc}")
    print(f"\nfuzz as {role}: {len(operations)} operations, {len(calls)} requests, "
          f"{time.monotonic() - started:.0f} s")
    assert not failures, "\n\n".join(failures) + "\n\nserver log:\n" + "".join(
        line for line in server.log if not ACCESS_OK.search(line))
