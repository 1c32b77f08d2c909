"""Preview and apply the plan in force for one subdistrict or the whole district.

:func:`preview` reads the registry and the plan in force and runs the core's dry run; it
also says why the rollout may not be applied now: no approved plan, a stale one
(:func:`yizhan.web.planning.authority.applicable`), one already applied, or a violation.

:func:`apply` does the same inside ONE database transaction, writes every change
(:class:`~yizhan.web.rollout.writer.Writer`), reads the registry back and runs the core's
checks on what the database now holds; any violation — or any refusal — raises
:class:`RolloutRefused` and the transaction rolls everything back.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yizhan.core.policy import Policy
from yizhan.rollout import Rollout, dry_run, finding_dict
from yizhan.web.context import change_context
from yizhan.web.planning import services as svc
from yizhan.web.planning.authority import (applicable, baselines_now, fresh_plans_covering,
                                           plan_in_force)
from yizhan.web.rollout.models import RolloutRecord
from yizhan.web.rollout.roster import read_holdings, state_of
from yizhan.web.rollout.writer import Writer

__all__ = ["Preview", "RolloutRefused", "preview", "apply"]


class RolloutRefused(Exception):
    """The rollout was not applied; ``messages`` say why (in the user's language)."""

    def __init__(self, messages: list[str], findings: list[dict] | None = None):
        self.messages = messages
        self.findings = findings or []
        super().__init__("; ".join(messages))


@dataclass
class Preview:
    subdistrict: object | None           # Subdistrict or None (the district)
    effective: datetime.date
    run: Rollout | None
    plans: list = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    @property
    def can_apply(self) -> bool:
        return self.run is not None and not self.refusals and self.run.applicable


def _plans_of(force, subdistrict) -> list:
    if subdistrict is not None:
        plan = force.plan_of(subdistrict.name)
        return [plan] if plan is not None else []
    return force.plans


def _already_applied(plans, subdistrict) -> list[str]:
    out = []
    pks = {p.pk for p in plans}
    for record in RolloutRecord.objects.select_related("subdistrict", "applied_by"):
        covers = subdistrict is None or record.subdistrict_id in (None, subdistrict.pk)
        if covers and pks & set(record.plans):
            out.append(_("该方案已于%(date)s由%(user)s实施（生效日期%(effective)s），不能重复实施。") % {
                "date": timezone.localtime(record.applied_at).strftime("%Y-%m-%d %H:%M"),
                "user": record.applied_by or "system", "effective": record.effective})
    return out


def preview(subdistrict, effective: datetime.date, names: dict | None = None) -> Preview:
    """The dry run of the plan in force on the registry's scope, with every refusal."""
    version = svc.registry_version()
    force = plan_in_force(version)
    plans = _plans_of(force, subdistrict)
    if not plans:
        return Preview(subdistrict, effective, None, [], [_("没有已批准的现行方案：无可实施。")])
    refusals = _already_applied(plans, subdistrict) + [m for p in plans for m in applicable(p, version)]
    instance, roster, today = state_of(subdistrict)
    plan = force.core_plan(set(instance.codes))
    policy = svc.plan_policy(plans[0]) if len(plans) == 1 else Policy()
    run = dry_run(instance, roster, plan, policy, effective, names=names, before=today)
    return Preview(subdistrict, effective, run, plans, refusals)


def apply(user, subdistrict, effective: datetime.date, names: dict | None = None) -> RolloutRecord:
    """Apply the preview's changes in one transaction, or raise :class:`RolloutRefused`."""
    with transaction.atomic(), change_context(user=user, label="rollout"):
        result = preview(subdistrict, effective, names)
        if result.refusals:
            raise RolloutRefused(result.refusals)
        run = result.run
        if not run.applicable:
            raise RolloutRefused(_refusal_lines(run.violations),
                                 [finding_dict(f) for f in run.violations])
        carried = result.plans + fresh_plans_covering(subdistrict, exclude=result.plans)
        record = RolloutRecord.objects.create(
            subdistrict=subdistrict, plans=[p.pk for p in result.plans], effective=effective,
            applied_by=user if getattr(user, "is_authenticated", False) else None,
            names=dict(names or {}), summary=_summary(run))
        try:
            Writer(record, effective).write(run.changes)
        except ValidationError as exc:  # a record the model's own rules refuse
            raise RolloutRefused([str(m) for m in exc.messages]) from exc
        after = _read_back(subdistrict, record)
        written = run.judge(after)
        broken = [f for f in written if f.severity == "violation"]
        if broken:
            raise RolloutRefused(_refusal_lines(broken), [finding_dict(f) for f in broken])
        record.findings = [finding_dict(f) for f in written]
        record.baselines = baselines_now(carried)
        record.save()
        return record


def _read_back(subdistrict, record):
    """The state the database holds now (assets and funds wherever they are held)."""
    _instance, _roster, after = state_of(subdistrict)
    read_holdings(after, subdistrict, record)
    return after


def finding_text(f) -> str:
    """A finding's message in the active language (the core writes both)."""
    return f.message_en if (get_language() or "").startswith("en") else f.message


def _refusal_lines(findings) -> list[str]:
    return [_("违反%(rule)s（%(article)s）：%(message)s") % {
        "rule": f.rule, "article": finding_dict(f)["article"], "message": finding_text(f)}
        for f in findings]


def _summary(run: Rollout) -> dict:
    d = run.to_dict()
    return {k: d[k] for k in ("stations", "stations_before", "stations_opened", "stations_kept",
                              "stations_closed", "headcount_before", "headcount_after",
                              "stations_with_one_head_secretary", "change_counts")}
