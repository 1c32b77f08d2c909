"""The header navigation. Items whose URL name does not resolve are hidden, so web part 2's
slots (dashboard, map, plans, jobs) appear as soon as their apps' URLs are included; items the
user's role may not open (:func:`yizhan.web.permissions.permits` on the item's model and
action) are hidden too, so a department's header offers no page that answers 403."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: (url name, label, (model label, action) the page needs) in header order; planning and
#: dashboard items belong to web part 2
MAIN_MENU = [
    ("dashboard:index", _("总览"), ("planning.plan", "view")),
    ("dashboard:map", _("地图"), ("planning.plan", "view")),
    ("planning:in_force", _("现行方案"), ("planning.plan", "view")),
    ("planning:plan_list", _("整合方案"), ("planning.plan", "view")),
    ("planning:run_list", _("计算任务"), ("planning.plannerrun", "view")),
    # part 三/七 (groups, timetable, tasks, inspection) and the plan's execution were
    # 组织实施 / 整合实施, too alike to tell apart in a header: named by what each page does
    ("reform:index", _("进度与验收"), ("reform.reform", "view")),
    ("rollout:preview", _("执行方案"), ("rollout.rolloutrecord", "view")),
    ("rollout:appointment_list", _("任职与备案"), ("rollout.appointment", "view")),
    ("operations:taskrequest_list", _("任务申请"), ("operations.taskrequest", "view")),
    ("operations:stationtask_list", _("工作站任务"), ("operations.stationtask", "view")),
    ("operations:supervisionitem_list", _("监督事项"), ("operations.supervisionitem", "view")),
    ("operations:ticket_list", _("服务窗口"), ("operations.ticket", "view")),
    ("operations:stationrule_list", _("内部制度"), ("operations.stationrule", "view")),
    ("open:index", _("站务公开"), ("operations.serviceitem", "view")),
]

#: the registry menu (model list pages), then the change log
REGISTRY_MENU = [
    ("registry:subdistrict_list", pgettext_lazy("plural", "街道"), ("registry.subdistrict", "view")),
    ("registry:committee_list", pgettext_lazy("plural", "社区居委会"), ("registry.committee", "view")),
    ("registry:station_list", pgettext_lazy("plural", "社区工作站"), ("registry.station", "view")),
    ("registry:stationmembership_list", pgettext_lazy("plural", "工作站服务范围"),
     ("registry.stationmembership", "view")),
    ("registry:person_list", pgettext_lazy("plural", "人员"), ("registry.person", "view")),
    ("registry:post_list", pgettext_lazy("plural", "职务"), ("registry.post", "view")),
    ("registry:partyorganisation_list", pgettext_lazy("plural", "社区党组织"),
     ("registry.partyorganisation", "view")),
    ("rollout:partyorgapproval_list", pgettext_lazy("plural", "党组织设置审批"),
     ("rollout.partyorgapproval", "view")),
    ("registry:asset_list", pgettext_lazy("plural", "资产"), ("registry.asset", "view")),
    ("registry:committee_import", _("导入居委会"), ("registry.committee", "add")),
]


def resolve_menu(items, path: str = "", user=None):
    from django.apps import apps

    from yizhan.web.permissions import permits

    out = []
    for name, label, (model, action) in items:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if not permits(user, action, apps.get_model(model)):
            continue
        out.append({"url": url, "label": label, "active": bool(path) and path.startswith(url)})
    # one active item: the longest matching url (/rollout/appointments/ is not /rollout/ too)
    longest = max((len(i["url"]) for i in out if i["active"]), default=0)
    for item in out:
        item["active"] = item["active"] and len(item["url"]) == longest
    return out
