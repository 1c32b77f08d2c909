"""Pages of the heads' appointments (R10) and the party organisations' approvals (R9): the
generic list and edit pages, an appointment's page (candidate list with the document's
criteria, the filings, the workflow) and an approval's page, and the POSTs that move them.

Every page reads through :func:`yizhan.web.permissions.restrict` (403 when the role may not,
404 outside the user's scope); every move goes through the workflow engine
(:mod:`yizhan.web.rollout.appointments`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yizhan.web import generic
from yizhan.web.changelog.models import changes_for
from yizhan.web.permissions import permits, require, restrict
from yizhan.web.rollout import forms as f
from yizhan.web.rollout import models as m
from yizhan.web.tables import Column
from yizhan.web.workflow.engine import check_role
from yizhan.web.workflow.views import post_transition, workflow_context


def _get(user, model, pk, action="view"):
    require(user, action, model)
    return get_object_or_404(restrict(model.objects.all(), user, action), pk=pk)


def _moving(request, model, pk):
    check_role(model, request.POST.get("action", ""), request.user)
    return _get(request.user, model, pk)


def _may(user, action, obj) -> bool:
    return restrict(type(obj).objects.filter(pk=obj.pk), user, action).exists()


# ---------------------------------------------------------------------- appointments
class AppointmentListView(generic.ObjectListView):
    model = m.Appointment
    columns = [Column("id", gettext_lazy("编号"), lambda o: o.pk, link=True), "station", "post",
               "person", "effective", "status"]
    search_fields = ["station__name", "person__name"]
    filter_fields = ["post", "status"]
    query_fields = ["station"]

    def base_queryset(self):
        return m.Appointment.objects.select_related("station", "person")


class AppointmentEditView(generic.ObjectEditView):
    model = m.Appointment
    form_class = f.AppointmentForm


@login_required
def appointment_detail(request, pk):
    a = _get(request.user, m.Appointment, pk)
    user = request.user
    return render(request, "rollout/appointment.html", {
        "object": a, "candidates": a.candidates.select_related("person", "appointment"),
        "filings": a.filings.select_related("recorded_by"),
        "required": [dict(m.FilingBody.choices)[b] for b in a.required_filings()],
        "missing": [dict(m.FilingBody.choices)[b] for b in a.missing_filings()],
        "can_change_obj": a.status == m.AppointmentStatus.NOMINATED and _may(user, "change", a),
        "can_add_candidate": a.status == m.AppointmentStatus.NOMINATED
        and permits(user, "add", m.Candidate) and _may(user, "change", a),
        "can_add_filing": a.status in (m.AppointmentStatus.SELECTED, m.AppointmentStatus.FILED,
                                       m.AppointmentStatus.NOMINATED)
        and permits(user, "add", m.Filing) and _may(user, "change", a),
        "changes": changes_for(a, user)[:20],
        **workflow_context(a, user)})


@login_required
@require_POST
def appointment_transition(request, pk):
    return post_transition(request, _moving(request, m.Appointment, pk))


class CandidateListView(generic.ObjectListView):
    model = m.Candidate
    columns = [Column("id", gettext_lazy("编号"), lambda o: o.pk, link=True), "appointment",
               "person", "education", "birth_date", "experience_years", "nominated_by"]
    search_fields = ["person__name"]
    query_fields = ["appointment"]

    def base_queryset(self):
        return m.Candidate.objects.select_related("appointment__station", "person")


class CandidateEditView(generic.ObjectEditView):
    model = m.Candidate
    form_class = f.CandidateForm


class CandidateDeleteView(generic.ObjectDeleteView):
    """Only while the list is open, and never the person selected (as the API)."""

    model = m.Candidate

    def post(self, request, pk):
        c = self.get_object(pk)
        if c.appointment.status != m.AppointmentStatus.NOMINATED \
                or c.appointment.person_id == c.person_id:
            messages.error(request, _("人选已选定或该候选人已被选定，候选人名单不能再改动。"))
            return redirect(c.get_absolute_url())
        return super().post(request, pk)


class FilingListView(generic.ObjectListView):
    model = m.Filing
    columns = [Column("id", gettext_lazy("编号"), lambda o: o.pk, link=True), "appointment",
               "body", "filed_on", "reference", "recorded_by"]
    search_fields = ["reference"]
    filter_fields = ["body"]
    query_fields = ["appointment"]

    def base_queryset(self):
        return m.Filing.objects.select_related("appointment__station", "recorded_by")


class FilingEditView(generic.ObjectEditView):
    model = m.Filing
    form_class = f.FilingForm


# ---------------------------------------------------------------------- party approvals
class PartyOrgApprovalListView(generic.ObjectListView):
    model = m.PartyOrgApproval
    columns = [Column("organisation", link=True), "kind", "members", "approved_on",
               "approval_ref", "filed_on", "status"]
    search_fields = ["organisation__name", "approval_ref"]
    filter_fields = ["status"]

    def base_queryset(self):
        return m.PartyOrgApproval.objects.select_related("organisation")


class PartyOrgApprovalEditView(generic.ObjectEditView):
    model = m.PartyOrgApproval
    form_class = f.PartyOrgApprovalForm


@login_required
def party_approval_detail(request, pk):
    p = _get(request.user, m.PartyOrgApproval, pk)
    return render(request, "rollout/party_approval.html", {
        "object": p, "can_change_obj": p.status != m.PartyApprovalStatus.FILED
        and _may(request.user, "change", p),
        "changes": changes_for(p, request.user)[:20],
        **workflow_context(p, request.user)})


@login_required
@require_POST
def party_approval_transition(request, pk):
    return post_transition(request, _moving(request, m.PartyOrgApproval, pk))
