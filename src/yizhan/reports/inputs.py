"""What a report is made of: the records, the plan, the policy, and the document's heading.

Every report of :mod:`yizhan.reports` is computed from one :class:`ReportInputs`. Three places
make one: the bundled Luohu data with the official plan or a plan file (:func:`bundled_inputs`,
the CLI's default), the web database's plan in force (:func:`in_force_inputs`,
``--plan-in-force``), and a page of the web app (``yizhan.web.reports``). The reports never
recompute what :func:`yizhan.policy.check` and :func:`yizhan.data.baseline.baseline_stats`
compute; they only lay it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from yizhan.core.instance import Instance
from yizhan.core.plan import Plan
from yizhan.core.policy import Policy
from yizhan.reports.records import ReformRecords

__all__ = ["Heading", "ReportInputs", "bundled_inputs", "in_force_inputs", "web_database"]


@dataclass(frozen=True)
class Heading:
    """The 版头, 落款 and 版记 of a document (GB/T 9704-2012 §7.2, §7.3.5, §7.4): who issues
    it, its number and date, and whom it is copied to (抄送, names separated by "，"; the
    版记 has no 抄送 line without them). The number is left blank to be filled in by the
    office that files it."""

    issuer: str = "一站多居工作领导小组办公室"
    number: str = ""
    date: dt.date = field(default_factory=dt.date.today)
    copy_to: str = ""

    @property
    def date_text(self) -> str:
        """The date line as GB/T 9704-2012 writes it: Arabic numerals, 年月日, no padding."""
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"

    @property
    def number_text(self) -> str:
        return self.number or f"〔{self.date.year}〕　号"


@dataclass
class ReportInputs:
    """The records and the plan one report is computed from.

    ``people`` and ``posts`` may be None (a units file alone): the staffing parts then say
    that no post records were given. ``geometries`` (code → shapely polygon) may be empty:
    the maps and GIS files then cannot be made and say so.
    """

    instance: Instance
    plan: Plan
    policy: Policy
    posts: pd.DataFrame | None = None
    people: pd.DataFrame | None = None
    geometries: dict = field(default_factory=dict)
    plan_label: str = ""
    heading: Heading = field(default_factory=Heading)
    #: the district as documents name it (罗湖区); "全区" when the records do not say
    area: str = "全区"
    #: the reform's records (timetable, checklist, assets, filings) from the web database;
    #: None: the documents use the 2006 document's timetable and say so
    records: "ReformRecords | None" = None

    def subset(self, subdistrict: str) -> "ReportInputs":
        """The same inputs limited to one subdistrict (its committees, their plan and posts)."""
        if subdistrict not in self.instance.parents:
            raise KeyError(subdistrict)
        instance = self.instance.for_parent(subdistrict)
        keep = set(instance.units.index)
        plan = Plan({c: s for c, s in self.plan.assignment.items() if c in keep},
                    name=self.plan.name)
        posts = None if self.posts is None else self.posts[self.posts["unit"].isin(keep)]
        return ReportInputs(instance, plan, self.policy, posts, self.people,
                            {c: g for c, g in self.geometries.items() if c in keep},
                            self.plan_label, self.heading, self.area,
                            None if self.records is None else self.records.subset(subdistrict))


def bundled_inputs(plan_file: Path | None = None, policy: Policy | None = None,
                   heading: Heading | None = None) -> ReportInputs:
    """The bundled Luohu 2006 data (SYNTHETIC attributes) with the official plan, or a plan
    file (``code,station``) read as ``yizhan check --plan`` reads it."""
    from yizhan.data.bundled import load_luohu, load_luohu_polygons

    data = load_luohu()
    plan = Plan.read_csv(plan_file) if plan_file else data.official_plan
    label = "2006年正式方案" if plan_file is None else (plan.name or Path(plan_file).stem)
    return ReportInputs(data.instance, plan, policy or Policy(), data.posts, data.people,
                        load_luohu_polygons(), label, heading or Heading(), area="罗湖区")


def in_force_inputs(heading: Heading | None = None) -> ReportInputs:
    """The web database's plan in force (approved plans composed) on the whole registry,
    with the reform's records (timetable, inspection checklist, assets, filings).

    Needs Django set up (``DATABASE_URL`` or the default SQLite under ``./var``); the figures
    are the checker's on the registry's instance and open posts, as the web pages show them.
    """
    web_database()
    from yizhan.web.planning import services as svc
    from yizhan.web.planning.authority import plan_in_force
    from yizhan.web.reform.records import report_records
    from yizhan.web.registry.models import Person

    version = svc.registry_version()
    instance = svc.instance_for(None, version)
    plan = plan_in_force(version).core_plan(set(instance.units.index))
    people = pd.DataFrame.from_records(list(Person.objects.values_list("person_id", "name")),
                                       columns=["person_id", "name"])
    return ReportInputs(instance, plan, Policy(), svc.posts_for(None, version), people,
                        svc.geometries_for(None, version), "现行方案", heading or Heading(),
                        records=report_records())



def web_database() -> None:
    """Set Django up for the web database (``DATABASE_URL``, or SQLite under ``./var``) and
    raise :class:`~yizhan.reports.errors.ReportError` with the reason, in words, when it
    cannot be read: no SQLite file (none is created), no connection, not migrated."""
    from yizhan.web.serve import database_problem, setup_django

    setup_django()
    problem = database_problem()
    if problem:  # exit 2 with the reason, not a traceback, and no empty database left behind
        from yizhan.reports.errors import ReportError

        raise ReportError(problem)
