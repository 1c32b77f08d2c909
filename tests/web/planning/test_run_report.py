"""The planner run in the web app: real progress from the planner (subdistricts done), the
report as tables for people (terms with bounds and gaps, each subdistrict, explanations,
the stations), and the form that picks committees by name."""

import re

import pytest
from django.urls import reverse

from yizhan.core import Policy
from yizhan.web.planning import runner
from yizhan.web.planning.choices import RunStatus
from yizhan.web.planning.models import Plan, PlannerRun
from yizhan.web.registry.snapshot import instance_for


def test_the_web_planner_reports_subdistricts_done_not_a_time_estimate(pw):
    seen = []
    assignment, report = runner.run_isolated(
        runner.plan_with_yizhan, instance_for(None), Policy(), {}, time_limit=2,
        isolation="thread", on_progress=lambda f, m: seen.append((f, m)), poll=0.05)
    parents = len(instance_for(None).parents)
    assert report["status"] in ("optimal", "feasible") and set(assignment) == set(instance_for(None).codes)
    fractions = [f for f, _m in seen]
    assert fractions == sorted(fractions) and max(fractions) < 1
    assert seen[0][1].startswith(f"已完成 0/{parents} 个街道")
    assert any(m.startswith(f"已完成 {parents}/{parents} 个街道，正在全区统筹") for _f, m in seen)


def test_no_plan_is_said_with_the_reason():
    from yizhan.core import Instance

    inst = Instance.from_records([dict(code="a", name="甲", parent="P", households=100),
                                  dict(code="b", name="乙", parent="P", households=100)],
                                 edges=[("a", "b")])
    with pytest.raises(runner.NoPlan, match="no plan satisfies"):
        runner.plan_with_yizhan(inst, Policy(), {"never": [["a", "b"]], "together": [["a", "b"]]},
                                time_limit=1, seed=0, progress=lambda f, m: None)


def _finished_run(pw, users):
    """A run finished the way the job finishes one: the real planner's report and plan."""
    run = pw[("own", "run")]
    inst = instance_for(run.subdistrict)
    assignment, report = runner.plan_with_yizhan(inst, Policy(), {}, time_limit=2, seed=0,
                                                 progress=lambda f, m: None)
    plan = Plan.objects.create(name="规划结果", subdistrict=run.subdistrict, source="planner",
                               assignment=assignment, created_by=users["officer"])
    PlannerRun.objects.filter(pk=run.pk).update(status=RunStatus.SUCCEEDED, report=report,
                                                plan=plan, progress=1.0)
    return run, report, plan


def test_run_page_shows_the_report_as_tables_not_a_dict(pw, users, client_for):
    run, report, plan = _finished_run(pw, users)
    html = client_for("officer").get(reverse("planning:run", args=[run.pk])).content.decode()
    assert "{'" not in html and "objective_order" not in html  # no raw Python dict
    terms = html[html.index('id="report-terms"'):]
    band = report["totals"]["band"]
    row = re.search(r"<td>户数区间外户数（R2）</td><td class=\"num\">(\d+)</td>"
                    r"<td class=\"num\">(\d+)</td><td class=\"num\">(\d+)</td>", terms)
    assert row and tuple(map(int, row.groups())) == (band["value"], band["lower_bound"], band["gap"])
    assert "最优（已证明）" in terms or "可行，未证明最优" in terms
    parents = html[html.index('id="report-parents"'):]
    assert "黄贝" in parents
    stations = html[html.index('id="report-stations"'):]
    for name in ("黄贝00", "黄贝11"):
        assert name in stations


def test_run_page_in_english_says_the_terms_in_english(pw, users, client_for):
    run, _report, _plan = _finished_run(pw, users)
    client = client_for("officer")
    html = client.get(reverse("planning:run", args=[run.pk]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Households outside the band (R2)" in html and "Lower bound" in html


def test_planner_form_lists_committees_by_name_and_keeps_the_seed_under_advanced(pw, client_for):
    html = client_for("officer").get(reverse("planning:run_add")).content.decode()
    keep = html[html.index('name="keep"'):html.index("</select>", html.index('name="keep"'))]
    assert '<option value="H00">黄贝00（黄贝）</option>' in keep
    assert "data-search" in html and "planning/pickers.js" in html and "<script>" not in html
    start = html.index('<details class="advanced"')
    advanced = html[start:html.index("</details>", start)]
    assert 'name="seed"' in advanced
    assert 'name="seed"' not in html[:html.index('<details class="advanced"')]


def test_pairs_are_picked_by_name_or_code(pw, client_for, django_capture_on_commit_callbacks):
    client = client_for("officer")
    with django_capture_on_commit_callbacks():
        response = client.post(reverse("planning:run_add"), {
            "scope": str(pw[("own", "run")].subdistrict_id), "name": "按名称",
            "never": "黄贝00 黄贝01", "together": "H10 黄贝11", "time_limit": 5, "seed": 0})
    assert response.status_code == 302, response.content.decode()[:2000]
    run = PlannerRun.objects.get(name="按名称")
    assert run.params["pins"]["never"] == [["H00", "H01"]]
    assert run.params["pins"]["together"] == [["H10", "H11"]]
    bad = client.post(reverse("planning:run_add"), {
        "scope": str(run.subdistrict_id), "name": "错", "never": "黄贝00 没有这个",
        "time_limit": 5, "seed": 0})
    assert "没有这个居委会" in bad.content.decode() and "没有这个" in bad.content.decode()
