"""One check everywhere (issue 8, item 5): the plan page, the dashboard, the API and
``yizhan check`` show the same findings — R8 staffing and R10 station heads included — for
the 2006 document's plan on the bundled data."""

import json
import re

import pytest
from django.test import Client
from typer.testing import CliRunner

from yizhan.cli import app
from yizhan.data.bundled import load_luohu
from yizhan.web.planning import services as svc
from yizhan.web.planning.choices import PlanSource
from yizhan.web.planning.models import Plan
from yizhan.web.registry.loader import load_bundled

from .factories import make_user


@pytest.fixture
def bundled_plan(db):
    from yizhan.web.registry.snapshot import clear_cache

    clear_cache()
    assert load_bundled()
    assignment, problems = svc.official_assignment(None)
    assert problems == []
    yield Plan.objects.create(name="2006", source=PlanSource.OFFICIAL, assignment=assignment)
    clear_cache()


def _key(f: dict) -> tuple:
    return (f["rule"], f["article"], f["severity"], f["subject"], f["message"])


def _page_findings(html: str) -> list[tuple]:
    """(rule, severity class) of every finding row of a page's findings table."""
    return re.findall(r'<tr class="finding sev-row-(\w+)"><td><b>(R\d+)</b>', html)


def test_web_api_and_cli_show_the_same_findings_on_the_bundled_data(bundled_plan):
    cli = CliRunner().invoke(app, ["check", "--json"])
    assert cli.exit_code in (0, 1), cli.output
    expected = json.loads(cli.output)
    assert {"R8", "R10"} <= {f["rule"] for f in expected["findings"]}

    client = Client()
    client.force_login(make_user("admin", "admin"))
    api = client.get(f"/api/planning/plans/{bundled_plan.pk}/findings/").json()
    summary = client.get(f"/api/dashboard/summary/?plan={bundled_plan.pk}").json()
    web = svc.check_plan(bundled_plan).to_dict()
    for got in (api, summary, web):
        assert [_key(f) for f in got["findings"]] == [_key(f) for f in expected["findings"]]
        assert got["finding_counts"] == expected["finding_counts"]
    assert api["targets"] == expected["targets"]

    rows = sorted((rule, sev) for sev, rule in _page_findings(
        client.get(bundled_plan.get_absolute_url()).content.decode()))
    assert rows == sorted((f["rule"], f["severity"]) for f in expected["findings"])
    page = client.get(f"/dashboard/?plan={bundled_plan.pk}").content.decode()
    assert sorted((r, s) for s, r in _page_findings(page)) == rows
    # the document's own figures next to the plan's: its 2006 plan's station count
    document = re.search(r'data-metric="document_stations">(\d+)<', page).group(1)
    assert int(document) == len(set(load_luohu().official_plan.assignment.values()))
