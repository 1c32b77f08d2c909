"""The samples of the part-四 documents in docs/samples/ (docs/reports.md): the approval form
(四、（一）), the service window's report (四、（二）), the supervision report (四、（三）) and one
station's notice board (四、（四）), each as .docx, .pdf and its pages as PNG.

Their records exist only in a web database, so this script makes a **scratch** one: a fresh
SQLite database in a temporary directory with the bundled (synthetic) Luohu registry, filled
through the real code paths — requests written by department users, submitted, approved or
refused by the community-building committee through the workflow engine; the station's
ledger through ``record_entry``; catalogue items validated by ``full_clean``; tickets
registered and closed or referred through the workflow; supervision items raised by
committee members, answered by the station and sent back; yearly forms. The times are the
script's own (a ticket closed a minute after it was registered shows 0.0 hours). The
documents say the registry is synthetic and the records were entered on it
(``SYNTHETIC_NOTE``); none of it is a real station's work.

    .venv/bin/python scripts/operations_samples.py [--out docs/samples]
"""

from __future__ import annotations

import argparse
import datetime
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

SUBDISTRICT = "黄贝"


def _setup(data_dir: Path) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ["YIZHAN_DATA_DIR"] = str(data_dir)
    os.environ["YIZHAN_SECRET_KEY"] = secrets.token_urlsafe(40)
    from yizhan.web.serve import prepare, setup_django

    setup_django()
    prepare(users=False, echo=lambda text: None)


def _user(name, role, **scope):
    from django.contrib.auth.models import User

    from yizhan.web.accounts.models import Profile

    user = User.objects.create_user(name, password=secrets.token_urlsafe(16))
    Profile.objects.create(user=user, role=role, **scope)
    return user


def fill() -> dict:
    """Records of 黄贝's first three stations, entered through the workflow (see above)."""
    from yizhan.web.context import change_context
    from yizhan.web.operations import models as m
    from yizhan.web.operations.tasks import record_entry
    from yizhan.web.registry.models import Station
    from yizhan.web.workflow.engine import transition

    today = datetime.date.today()
    stations = list(Station.objects.filter(subdistrict__name=SUBDISTRICT, dissolved__isnull=True)
                    .order_by("code")[:3])
    decider = _user("community-building", "community_building")
    health = _user("health", "department", department="区卫生局")
    labour = _user("labour", "department", department="区劳动和社会保障局")
    staff = {s.pk: _user(f"staff-{s.code}", "station_staff", station=s) for s in stations}

    def request(user, title, kind, funding, source, conditions, on, decision, reason=""):
        with change_context(user=user, label="samples"):
            r = m.TaskRequest(department=user.profile.department, created_by=user, title=title,
                              kind=kind, description=title, start=today,
                              end=today + datetime.timedelta(days=60), funding_fen=funding,
                              funding_source=source, conditions=conditions)
            r.full_clean()
            r.save()
            r.stations.set(on)
            transition(r, "submit", user)
        if decision:
            with change_context(user=decider, label="samples"):
                transition(r, decision, decider, reason)
        return r

    flu = request(health, "流感疫苗接种入户摸底登记", "temporary", 1_200_000, "区财政专项经费",
                  "区卫生局提供登记表册和宣传资料，派员培训", stations, "approve")
    request(labour, "社区就业困难人员登记与推荐", "routine", 0, "", "", stations[:2], "approve")
    request(labour, "劳动力资源调查（临时）", "temporary", 0, "", "", stations[:1], "reject",
            "临时性任务未落实经费和工作条件（费随事转），请补充后重新申请")
    request(health, "居民健康档案集中录入", "temporary", 600_000, "区卫生局业务经费",
            "提供录入电脑2台", stations[1:], None)
    for i, s in enumerate(stations):
        task = m.StationTask.objects.get(request=flu, station=s)
        with change_context(user=staff[s.pk], label="samples"):
            record_entry(m.FundingEntry(station_task=task, kind="received",
                                        amount_fen=400_000 if i < 2 else 200_000,
                                        date=today, voucher=f"HB-{i + 1:03d}",
                                        note="区财政拨入"), staff[s.pk])
            record_entry(m.FundingEntry(station_task=task, kind="spent",
                                        amount_fen=150_000 + 20_000 * i, date=today,
                                        voucher=f"HB-Z{i + 1:03d}", note="入户登记劳务及印刷"),
                         staff[s.pk])
    for i, s in enumerate(stations):
        with change_context(user=staff[s.pk], label="samples"):
            items = []
            for name, kind, basis, days, fee, fee_basis in (
                    ("居住证申办代办", "housing_residence", "《深圳经济特区居住证条例》", 3, 0, ""),
                    ("最低生活保障申请受理", "social_security", "《城市居民最低生活保障条例》第七条", 5, 0, ""),
                    ("计划生育证明", "health_family", "《广东省人口与计划生育条例》", 1, 0, ""),
                    ("证件工本费代收", "administrative", "《居民身份证法》", 0,
                     2000 if i == 0 else 0, "《居民身份证法》第二十条" if i == 0 else "")):
                item = m.ServiceItem(station=s, name=name, kind=kind, legal_basis=basis,
                                     time_limit_days=days, fee_fen=fee, fee_basis=fee_basis)
                item.full_clean()
                item.save()
                items.append(item)
            if i == 0:
                bought = m.ServiceItem(station=s, name="居家养老上门服务", kind="elderly_disabled",
                                       delivery="purchased", provider="罗湖区某社工服务中心",
                                       contract="LH-GM-2006-031", contract_start=today,
                                       contract_end=today + datetime.timedelta(days=364),
                                       cost_fen=12_000_000, time_limit_days=7)
                bought.full_clean()
                bought.save()
            for n in range(4 + 2 * i):
                t = m.Ticket(station=s, service=items[n % len(items)],
                             subject=f"{items[n % len(items)].name}（窗口登记）")
                t.full_clean()
                t.save()
                if n % 3 == 0:
                    transition(t, "close", staff[s.pk])
                elif n % 3 == 1:
                    transition(t, "refer", staff[s.pk], "转区公安分局户政科办理")
            for kind, title in (("consultation", "社区事务协商议事制度"), ("integrity", "廉政建设制度"),
                                ("open_affairs", "站务公开制度"), ("finance", "财务管理制度"),
                                ("study", "学习制度"), ("post_responsibility", "岗位责任制")):
                rule = m.StationRule(station=s, kind=kind, title=f"{s.name}{title}",
                                     adopted=today)
                rule.full_clean()
                rule.save()
        for c in s.current_committees().order_by("code"):
            member = _user(f"member-{c.code}", "committee_member", committee=c)
            with change_context(user=member, label="samples"):
                raised = []
                for title in ("请在公开栏公示本月值班表", "建议周六上午开放服务窗口"):
                    item = m.SupervisionItem(committee=c, title=title, content=title,
                                             submitted_by=member)
                    item.full_clean()
                    item.save()
                    raised.append(item)
                form = m.AnnualAssessment(committee=c, year=today.year, submitted_by=member,
                                          rating_service="satisfied", rating_efficiency="basic",
                                          rating_openness="unsatisfied" if i == 1 else "satisfied",
                                          rating_integrity="satisfied",
                                          overall="basic" if i == 1 else "satisfied",
                                          comments="站务公开栏更新不及时" if i == 1 else "")
                form.full_clean()
                form.save()
            with change_context(user=staff[s.pk], label="samples"):
                transition(raised[0], "answer", staff[s.pk], "已于本周在公开栏公示")
                if i == 1:
                    transition(raised[1], "answer", staff[s.pk], "人手不足，暂不开放")
            if i == 1:
                with change_context(user=member, label="samples"):
                    transition(m.SupervisionItem.objects.get(pk=raised[1].pk), "return", member,
                               "请说明增加人手的安排和时间")
    return {"station": stations[0]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs/samples"))
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="yizhan-ops-samples-") as tmp:
        _setup(Path(tmp))
        made = fill()
        from yizhan.reports.build import page_images, report_bytes
        from yizhan.reports.pdf import pdf_bytes
        from yizhan.web.operations.records import operations_records

        station = made["station"]
        for kind, stem, kwargs in (
                ("tasks", "operations-tasks", {"subdistrict": SUBDISTRICT}),
                ("window", "operations-window", {"subdistrict": SUBDISTRICT}),
                ("supervision", "operations-supervision", {"subdistrict": SUBDISTRICT}),
                ("open-affairs", f"operations-open-affairs-{station.code}", {"station": station})):
            docx = report_bytes(kind, "docx", operations_records(kind, None, **kwargs))
            (out / f"{stem}.docx").write_bytes(docx)
            pdf = out / f"{stem}.pdf"
            pdf.write_bytes(pdf_bytes(docx))
            for old in out.glob(f"{stem}-page-*.png"):
                old.unlink()
            with tempfile.TemporaryDirectory() as pages:
                for n, page in enumerate(page_images(pdf, Path(pages) / "p", pages=8), 1):
                    shutil.copy(page, out / f"{stem}-page-{n}.png")
            print(out / f"{stem}.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
