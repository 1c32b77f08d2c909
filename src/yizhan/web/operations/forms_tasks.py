"""Forms of 四、（一）: the department's request and a ledger line (ModelForms over validated
models: the same ``full_clean()`` as the API). Money is typed in 元 (:class:`YuanField`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yizhan.web.generic import RestrictedModelForm
from yizhan.web.operations.models import FundingEntry, TaskRequest
from yizhan.web.registry.forms import YuanField

_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def department_of(user) -> str:
    profile = getattr(user, "profile", None)
    return (getattr(profile, "department", "") or "").strip() if profile else ""


def request_refusal(instance: TaskRequest, user) -> str:
    """Why ``user`` may not write this request's fields now ("" = may): only a department
    asks (its name is the request's), and only a draft changes."""
    if instance.pk is None and not department_of(user):
        return _("只有政府职能部门的用户可以提出任务申请（其部门名称记入申请）。")
    if instance.pk is not None and not instance.editable:
        return _("申请已提交（当前状态：%(status)s），不能再修改；如需修改，请先撤回。") % {
            "status": instance.get_status_display()}
    return ""


class TaskRequestForm(RestrictedModelForm):
    funding_fen = YuanField(label=gettext_lazy("配套经费（元）"), required=False,
                            help_text=gettext_lazy("临时性任务必须配套经费（费随事转，四、（一））"))

    class Meta:
        model = TaskRequest
        fields = ["title", "kind", "description", "stations", "start", "end", "funding_fen",
                  "funding_source", "conditions"]
        widgets = {"start": _date, "end": _date,
                   "description": forms.Textarea(attrs={"rows": 4}),
                   "conditions": forms.Textarea(attrs={"rows": 3}),
                   "stations": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.user = user
        self.fields["stations"].queryset = self.fields["stations"].queryset.filter(
            dissolved__isnull=True)

    def clean_funding_fen(self):
        return self.cleaned_data.get("funding_fen") or 0

    def clean(self):
        refusal = request_refusal(self.instance, self.user)
        if refusal:
            raise forms.ValidationError(refusal)
        if self.instance.pk is None:
            self.instance.department = department_of(self.user)
            self.instance.created_by = self.user
        return super().clean()


class FundingEntryForm(RestrictedModelForm):
    amount_fen = YuanField(label=gettext_lazy("金额（元）"))

    class Meta:
        model = FundingEntry
        fields = ["kind", "amount_fen", "date", "voucher", "note"]
        widgets = {"date": _date}
