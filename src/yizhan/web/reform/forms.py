"""Edit forms of the reform app (ModelForms over :class:`ValidatedModel` records: the same
``full_clean()`` as the API). States are not fields: they change through the workflow."""

from __future__ import annotations

from django import forms

from yizhan.web.generic import RestrictedModelForm
from yizhan.web.reform import models as m

_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PhaseForm(RestrictedModelForm):
    class Meta:
        model = m.Phase
        fields = ["reform", "number", "name", "article", "start", "end", "description"]
        widgets = {"start": _date, "end": _date, "description": forms.Textarea(attrs={"rows": 3})}


class LeadingGroupForm(RestrictedModelForm):
    class Meta:
        model = m.LeadingGroup
        fields = ["reform", "subdistrict", "name", "article", "office", "member_units", "duties"]
        widgets = {"member_units": forms.Textarea(attrs={"rows": 4}),
                   "duties": forms.Textarea(attrs={"rows": 3})}


class GroupMemberForm(RestrictedModelForm):
    class Meta:
        model = m.GroupMember
        fields = ["group", "role", "name", "unit", "user", "person"]


class TaskForm(RestrictedModelForm):
    class Meta:
        model = m.Task
        fields = ["reform", "subdistrict", "phase", "title", "article", "deadline", "owner"]
        widgets = {"deadline": _date}
