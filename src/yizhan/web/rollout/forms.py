"""Edit forms of the rollout app's appointments and party-organisation approvals
(ModelForms over :class:`~yizhan.web.validators.ValidatedModel` records: the same
``full_clean()`` as the API). States are not fields: they change through the workflow."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yizhan.web.generic import RestrictedModelForm
from yizhan.web.rollout import models as m
from yizhan.web.widgets import SearchSelect

_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AppointmentForm(RestrictedModelForm):
    class Meta:
        model = m.Appointment
        fields = ["station", "post", "person", "effective", "note"]
        widgets = {"effective": _date, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # the person is chosen from the candidate list (none before it has candidates)
        people = self.fields["person"]
        people.queryset = people.queryset.filter(
            pk__in=self.instance.candidates.values("person")) if self.instance.pk \
            else people.queryset.none()
        stations = self.fields["station"]
        stations.queryset = stations.queryset.filter(dissolved__isnull=True)

    def clean(self):
        data = super().clean()
        if self.instance.pk is not None and self.instance.status != m.AppointmentStatus.NOMINATED \
                and self.has_changed():
            raise forms.ValidationError(_("人选已选定，任职内容不能再修改；如需调整请撤回后重新提名。"))
        return data


class CandidateForm(RestrictedModelForm):
    class Meta:
        model = m.Candidate
        fields = ["appointment", "person", "education", "birth_date", "experience_years",
                  "assessment", "nominated_by"]
        widgets = {"birth_date": _date, "assessment": forms.Textarea(attrs={"rows": 2}),
                   "person": SearchSelect("api:person_list", ("name", "person_id"))}


class FilingForm(RestrictedModelForm):
    class Meta:
        model = m.Filing
        fields = ["appointment", "body", "filed_on", "reference"]
        widgets = {"filed_on": _date}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self._user = user

    def save(self, commit=True):
        if self.instance.recorded_by_id is None and getattr(self._user, "is_authenticated", False):
            self.instance.recorded_by = self._user
        return super().save(commit)


class PartyOrgApprovalForm(RestrictedModelForm):
    class Meta:
        model = m.PartyOrgApproval
        fields = ["approved_by", "approved_on", "approval_ref", "filed_on", "filing_ref"]
        widgets = {"approved_on": _date, "filed_on": _date}

    def clean(self):
        data = super().clean()
        if self.instance.status == m.PartyApprovalStatus.FILED and self.has_changed():
            raise forms.ValidationError(_("已备案，不能再修改。"))
        return data
