"""Report downloads (docs/reports.md): the CLI's files from a page's subject, permission-checked."""

import io
from urllib.parse import unquote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
import pytest

URL = "planning:report"


def _get(client, **params):
    return client.get(reverse(URL), params)


def _text(resp) -> str:
    doc = Document(io.BytesIO(resp.content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_district_report_of_the_plan_in_force_is_a_word_document(world, client_for):
    resp = _get(client_for("admin"), kind="district", format="docx", plan="current")
    assert resp.status_code == 200
    assert "attachment" in resp["Content-Disposition"]
    assert unquote(resp["Content-Disposition"]).endswith(".docx")
    text = _text(resp)
    assert "黄贝" in text and "南湖" in text


def test_an_officer_gets_their_subdistricts_documents_and_never_the_district_report(
        world, client_for):
    officer = client_for("officer")
    assert _get(officer, kind="district", format="docx").status_code == 403
    resp = _get(officer, kind="subdistrict", format="docx", plan="current")
    assert resp.status_code == 200
    text = _text(resp)
    assert "黄贝街道整合社区工作站" in text and "南湖" not in text
    assert _get(officer, kind="filing", format="docx", subdistrict="南湖").status_code == 404
    page = officer.get(reverse("dashboard:index"), {"plan": "current"}).content.decode()
    assert "kind=subdistrict" in page and "kind=district&" not in page


def test_a_viewer_may_download_and_an_anonymous_user_may_not(world, client_for):
    assert _get(client_for("viewer"), kind="filing", format="docx").status_code == 200
    resp = _get(client_for("anonymous"), kind="filing", format="docx")
    assert resp.status_code == 302 and "login" in resp["Location"]


def test_bad_parameters_are_a_400_and_a_map_without_boundaries_says_why(world, client_for):
    admin = client_for("admin")
    for params in ({"kind": "district", "format": "odt"}, {"kind": "nothing", "format": "docx"},
                   {"format": "docx"}):
        resp = _get(admin, **params)
        assert resp.status_code == 400 and "参数" in resp.content.decode()
    resp = _get(admin, kind="district", format="png", plan="current")
    assert resp.status_code == 409 and "边界" in resp.content.decode()


def test_the_workbook_reimports_unchanged_through_the_registry_import_page(world, client_for):
    admin = client_for("admin")
    book = _get(admin, kind="district", format="xlsx", plan="current")
    assert book.status_code == 200
    preview = admin.post(reverse("registry:committee_import"),
                         {"file": SimpleUploadedFile("workbook.xlsx", book.content)})
    assert not [p for p in preview.context["problems"] if p["severity"] == "error"]
    assert {r.action for r in preview.context["plan"].rows} == {"unchanged"}


def test_the_cli_reads_the_plan_in_force_from_the_web_database(world):
    """``yizhan report --plan-in-force``: the registry's committees and posts, no approved plan
    yet, so every committee stays on today's station."""
    from yizhan.reports.build import figures_for
    from yizhan.reports.inputs import in_force_inputs

    inputs = in_force_inputs()
    assert sorted(inputs.instance.units.index) == ["T001", "T002"]
    assert inputs.plan.assignment == {"T001": "ST001", "T002": "ST002"}
    figures = figures_for(inputs, "filing", None, frontier=False)
    assert [s["proposed_head"] for s in figures.stations] == ["黄贝某", "南湖某"]


def test_the_web_district_report_has_the_frontier_the_cli_computes(world, client_for):
    """One source: the frontier table of the downloaded report is the planner's frontier of the
    same instance and policy (``district_frontier``), as ``yizhan report`` prints it."""
    from yizhan.planner.frontier import district_frontier
    from yizhan.web.dashboard.summary import subject_for

    admin = client_for("admin")
    resp = _get(admin, kind="district", format="docx", plan="current")
    doc = Document(io.BytesIO(resp.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "本次未计算规划最优前沿" not in text and "规划最优前沿" in text
    table = next([[c.text for c in r.cells] for r in t.rows] for t in doc.tables
                 if t.rows[0].cells[0].text == "工作站数")
    subject = subject_for("current", _user(admin))
    frontier = district_frontier(subject.instance, subject.policy, time_limit=10.0)
    assert frontier.rows  # the test world's two committees: every row within the table's span
    assert [(int(r[0]), r[1]) for r in table[1:]] == [
        (r["stations"], f"{r['band_deviation']:,}") for r in frontier.rows]


def test_the_frontier_is_computed_once_per_registry_version(world, client_for, monkeypatch):
    """A second download reuses the frontier (counted calls of ``district_frontier``, any
    plan of the same scope shares it); a change of the registry computes it again, and the
    report shows the new one."""
    import yizhan.planner.frontier as planner_frontier
    from yizhan.web.context import change_context
    from yizhan.web.registry.models import Committee
    from yizhan.web.registry.snapshot import clear_cache

    computed = []
    real = planner_frontier.district_frontier

    def counting(instance, policy, **kwargs):
        computed.append(dict(instance.units["households"]))
        return real(instance, policy, **kwargs)

    monkeypatch.setattr(planner_frontier, "district_frontier", counting)
    clear_cache()
    admin = client_for("admin")
    for plan in ("current", "current", "official"):
        assert _get(admin, kind="district", format="docx", plan=plan).status_code == 200
    assert _get(admin, kind="district", format="png", figure="chart-frontier",
                plan="current").status_code == 200
    assert len(computed) == 1
    committee = world["own"]["committee"]
    with change_context(label="test"):
        committee.households += 7000
        committee.save()
    resp = _get(admin, kind="district", format="docx", plan="current")
    assert resp.status_code == 200 and len(computed) == 2
    assert computed[1][committee.code] == computed[0][committee.code] + 7000
    assert _get(admin, kind="district", format="docx", plan="current").status_code == 200
    assert len(computed) == 2


def _user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "pdf", "png"])
def test_a_new_server_with_an_empty_registry_says_so_instead_of_failing(fmt):
    """Found following docs/deploy.md on a bare server: before the registry is imported the
    district report was a 500 (the band chart of no stations)."""
    from django.test import Client

    from yizhan.web.planning.downloads import EMPTY_REGISTRY

    from .factories import make_user

    client = Client()
    client.force_login(make_user("admin", "admin"))
    resp = _get(client, kind="district", format=fmt, plan="official")
    assert resp.status_code == 409
    assert resp.content.decode() == EMPTY_REGISTRY
