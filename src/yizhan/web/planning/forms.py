"""Forms of the planning workspace: a new plan (official / current / file) and a planner run
with its pins. Choices are restricted to the user's scope; an officer's scope is fixed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yizhan.web.permissions import restrict, role_of, user_subdistrict_id
from yizhan.web.planning.models import Plan, PlannerRun
from yizhan.web.registry.models import Committee, Subdistrict
from yizhan.web.uploads import refuse_oversize
from yizhan.web.validators import validate_multiline_text, validate_text

__all__ = ["PlanCreateForm", "PlannerRunForm", "TransitionForm", "scope_choices"]

SOURCES = [("official", _("2006年正式方案")), ("current", _("现状（每站现有服务范围）")),
           ("file", _("导入方案文件（code,station）"))]


def scope_choices(user) -> list[tuple[str, str]]:
    """'' (the district) for admins; the subdistricts the user may add plans in."""
    subs = restrict(Subdistrict.objects.all(), user, "view").order_by("pk")
    out = [] if role_of(user) == "officer" else [("", _("全区"))]
    return out + [(str(s.pk), s.name) for s in subs]


class _ScopedForm(forms.Form):
    scope = forms.ChoiceField(label=_("范围"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["scope"].choices = scope_choices(user)
        if role_of(user) == "officer":
            self.fields["scope"].initial = str(user_subdistrict_id(user))

    def clean_scope(self):
        value = self.cleaned_data.get("scope") or ""
        if value == "":
            if role_of(self.user) == "officer":
                raise forms.ValidationError(_("街道工作人员只能为本街道制定方案。"))
            return None
        sub = restrict(Subdistrict.objects.filter(pk=value), self.user, "view").first()
        if sub is None:
            raise forms.ValidationError(_("不在您的管辖范围内。"))
        return sub


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class PlanCreateForm(_ScopedForm):
    name = forms.CharField(label=_("方案名称"), max_length=_max_length(Plan, "name"),
                           validators=[validate_text])
    source = forms.ChoiceField(label=_("来源"), choices=SOURCES, widget=forms.RadioSelect,
                               initial="official")
    file = forms.FileField(label=_("方案文件"), required=False,
                           help_text=_("CSV，两列 code,station；UTF-8 或 GBK 编码"))
    description = forms.CharField(label=_("说明"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  validators=[validate_multiline_text])

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            refuse_oversize(upload)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("source") == "file" and not data.get("file") and not self.data.get("csv_text"):
            self.add_error("file", _("请选择要导入的方案文件。"))
        return data


def _pairs(text: str, codes: dict[str, str]) -> list[tuple[str, str]]:
    """One pair per line, each committee by code or by name ('碧波 湖滨', 'LH001,LH002',
    '碧波+湖滨'; what the pair picker writes) → pairs of codes. ``codes`` maps every code and
    every name unique in the scope to its code."""
    out = []
    for line in (text or "").splitlines():
        parts = [p for p in line.replace(",", " ").replace("+", " ").replace("，", " ").split() if p]
        if not parts:
            continue
        if len(parts) != 2:
            raise forms.ValidationError(_("每行填写两个居委会：%(line)s") % {"line": line})
        unknown = [p for p in parts if p not in codes]
        if unknown:
            raise forms.ValidationError(_("没有这个居委会（或重名，请用编码）：%(names)s")
                                        % {"names": "、".join(unknown)})
        out.append((codes[parts[0]], codes[parts[1]]))
    return out


#: the pair picker's wiring: the committees come from the ``keep`` list's options
PAIR_PICKER = {"rows": 3, "data-pairs": "id_keep", "data-search": _("输入名称搜索"),
               "data-add": _("添加"), "data-remove": _("删除")}

#: fields shown under “高级” (advanced): left at their defaults by most users
ADVANCED_FIELDS = ("seed",)


class PlannerRunForm(_ScopedForm):
    """The planner's pins, committees picked by name: ``keep`` is a searchable list; the
    pairs are picked two names at a time (``planning/pickers.js``, static, no inline
    script) into a text field that also accepts names or codes typed one pair per line."""

    name = forms.CharField(label=_("名称"), max_length=_max_length(PlannerRun, "name"),
                           validators=[validate_text])
    keep = forms.MultipleChoiceField(
        label=_("保留的工作站"), required=False,
        help_text=_("这些居委会的现有工作站保持不变；可输入名称搜索，按住 Ctrl 多选"),
        widget=forms.SelectMultiple(attrs={"size": 8, "data-search": _("输入名称搜索")}))
    never = forms.CharField(
        label=_("不得合并"), required=False,
        widget=forms.Textarea(attrs=PAIR_PICKER),
        help_text=_("选两个居委会后点“添加”：这两个居委会不能同属一站"))
    together = forms.CharField(
        label=_("必须合并"), required=False,
        widget=forms.Textarea(attrs=PAIR_PICKER),
        help_text=_("选两个居委会后点“添加”：这两个居委会必须同属一站"))
    stations = forms.IntegerField(label=_("工作站数"), required=False, min_value=1,
                                  help_text=_("留空则由规划器决定"))
    max_units = forms.IntegerField(label=_("每站最多居委会数"), required=False, min_value=1)
    time_limit = forms.IntegerField(label=_("计算时限（秒）"), min_value=PlannerRun.TIME_LIMIT_RANGE[0],
                                    max_value=PlannerRun.TIME_LIMIT_RANGE[1], initial=30)
    seed = forms.IntegerField(label=_("随机种子"), initial=0, min_value=PlannerRun.SEED_RANGE[0],
                              max_value=PlannerRun.SEED_RANGE[1],
                              help_text=_("同一种子、同一数据得到同一方案；一般不需要修改"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        committees = list(restrict(Committee.objects.select_related("subdistrict"), user, "view")
                          .order_by("subdistrict__pk", "code"))
        self.fields["keep"].choices = [
            (c.code, f"{c.name}（{c.subdistrict.name}）") for c in committees]
        names = [c.name for c in committees]
        self.codes = {c.code: c.code for c in committees}
        self.codes.update({c.name: c.code for c in committees if names.count(c.name) == 1
                           and c.name not in self.codes})

    def basic_fields(self):
        return [f for f in self if f.name not in ADVANCED_FIELDS]

    def advanced_fields(self):
        return [f for f in self if f.name in ADVANCED_FIELDS]

    def clean_never(self):
        return _pairs(self.cleaned_data.get("never"), self.codes)

    def clean_together(self):
        return _pairs(self.cleaned_data.get("together"), self.codes)

    def pins(self) -> dict:
        d = self.cleaned_data
        return {"keep": list(d.get("keep") or []), "never": [list(p) for p in d["never"]],
                "together": [list(p) for p in d["together"]],
                "stations": d.get("stations"), "max_units": d.get("max_units")}


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("理由"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
