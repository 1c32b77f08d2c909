"""The header navigation. Items whose URL name does not resolve are hidden, so web part 2's
slots (dashboard, map, plans, jobs) appear as soon as their apps' URLs are included."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: (url name, label) in header order; planning/dashboard items belong to web part 2
MAIN_MENU = [
    ("dashboard:index", _("总览")),
    ("dashboard:map", _("地图")),
    ("planning:in_force", _("现行方案")),
    ("planning:plan_list", _("整合方案")),
    ("planning:run_list", _("计算任务")),
]

#: the registry menu (model list pages), then the change log
REGISTRY_MENU = [
    ("registry:subdistrict_list", pgettext_lazy("plural", "街道")),
    ("registry:committee_list", pgettext_lazy("plural", "社区居委会")),
    ("registry:station_list", pgettext_lazy("plural", "社区工作站")),
    ("registry:stationmembership_list", pgettext_lazy("plural", "工作站服务范围")),
    ("registry:person_list", pgettext_lazy("plural", "人员")),
    ("registry:post_list", pgettext_lazy("plural", "职务")),
    ("registry:partyorganisation_list", pgettext_lazy("plural", "社区党组织")),
    ("registry:facility_list", pgettext_lazy("plural", "设施")),
    ("registry:asset_list", pgettext_lazy("plural", "资产")),
    ("registry:committee_import", _("导入居委会")),
]


def resolve_menu(items, path: str = ""):
    out = []
    for name, label in items:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        out.append({"url": url, "label": label, "active": bool(path) and path.startswith(url)})
    return out
