"""Pages of 四、（三）: the committees' opinions and assessments of their station with the
station's answers (overdue ones flagged), and the yearly assessment form."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yizhan.web import generic
from yizhan.web.operations import models as m
from yizhan.web.operations.views_tasks import _get, _moving, changes
from yizhan.web.tables import Column
from yizhan.web.workflow.views import post_transition, workflow_context

_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _BySubmitter(generic.RestrictedModelForm):
    """Records the user who submits (the form is only for adding, or editing one's own)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.user = user

    def clean(self):
        if self.instance.pk is None:
            self.instance.submitted_by = self.user
        return super().clean()


class SupervisionItemForm(_BySubmitter):
    class Meta:
        model = m.SupervisionItem
        fields = ["committee", "kind", "title", "content", "deadline"]
        widgets = {"content": forms.Textarea(attrs={"rows": 5}), "deadline": _date}


class AnnualAssessmentForm(_BySubmitter):
    class Meta:
        model = m.AnnualAssessment
        fields = ["committee", "year", "rating_service", "rating_efficiency",
                  "rating_openness", "rating_integrity", "overall", "comments"]
        widgets = {"comments": forms.Textarea(attrs={"rows": 4})}


def _overdue_text(o) -> str:
    return _("逾期未答复") if o.overdue else ""


class SupervisionItemListView(generic.ObjectListView):
    model = m.SupervisionItem
    columns = [Column("title", link=True), "kind", "committee", "station", "deadline",
               "status", Column("overdue", gettext_lazy("逾期"), _overdue_text)]
    search_fields = ["title", "content"]
    filter_fields = ["kind", "status", "station"]

    def base_queryset(self):
        return m.SupervisionItem.objects.select_related("committee", "station")

    def filtered_queryset(self, params):
        qs = super().filtered_queryset(params)
        return qs.filter(m.overdue_q()) if params.get("overdue") == "1" else qs


class SupervisionItemEditView(generic.ObjectEditView):
    """Adding only: a submitted item changes by its answer, not by editing."""

    model = m.SupervisionItem
    form_class = SupervisionItemForm


@login_required
def supervisionitem_detail(request, pk):
    obj = _get(request.user, m.SupervisionItem, pk)
    return render(request, "operations/supervisionitem_detail.html", {
        "object": obj, "changes": changes(obj, request.user),
        **workflow_context(obj, request.user)})


@login_required
@require_POST
def supervisionitem_transition(request, pk):
    return post_transition(request, _moving(request, m.SupervisionItem, pk))


class AnnualAssessmentListView(generic.ObjectListView):
    model = m.AnnualAssessment
    columns = [Column("year", link=True), "committee", "station", "overall",
               "rating_service", "rating_efficiency", "rating_openness", "rating_integrity"]
    filter_fields = ["year", "station", "overall"]

    def base_queryset(self):
        return m.AnnualAssessment.objects.select_related("committee", "station")


class AnnualAssessmentView(generic.ObjectView):
    model = m.AnnualAssessment
    fields = ["year", "committee", "station", "rating_service", "rating_efficiency",
              "rating_openness", "rating_integrity", "overall", "comments", "submitted_by",
              "submitted_at"]


class AnnualAssessmentEditView(generic.ObjectEditView):
    model = m.AnnualAssessment
    form_class = AnnualAssessmentForm


class AnnualAssessmentDeleteView(generic.ObjectDeleteView):
    model = m.AnnualAssessment


