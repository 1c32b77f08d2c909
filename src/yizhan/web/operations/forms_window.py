"""Forms of the service window and internal rules (ModelForms over
:class:`~yizhan.web.validators.ValidatedModel` records: the same ``full_clean()`` — fee rule
R14, public kinds R15 — as the API). Money is entered in 元 (:class:`YuanField`) and stored
in 分. A ticket's status is not a field: it moves through the workflow."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yizhan.web.generic import RestrictedModelForm
from yizhan.web.operations import models as m
from yizhan.web.registry.forms import YuanField

__all__ = ["ServiceItemForm", "TicketForm", "PublicTicketForm", "StationRuleForm"]

_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _OwnStation(RestrictedModelForm):
    """A new record's station is preselected when the user may choose only one (station
    staff: their own)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("station")
        if field is not None and self.instance.pk is None and not self.initial.get("station"):
            only = list(field.queryset.values_list("pk", flat=True)[:2])
            if len(only) == 1:
                self.initial["station"] = only[0]


class ServiceItemForm(_OwnStation):
    fee_fen = YuanField(label=_("收费（元）"), initial=0,
                        help_text=_("除法律法规另有规定外不得收费（四、（二））"))
    cost_fen = YuanField(label=_("购买费用（元）"), required=False,
                         help_text=_("政府购买服务时填写"))

    class Meta:
        model = m.ServiceItem
        fields = ["station", "name", "kind", "description", "legal_basis", "time_limit_days",
                  "fee_fen", "fee_basis", "delivery", "provider", "contract", "contract_start",
                  "contract_end", "cost_fen", "active"]
        widgets = {"contract_start": _date, "contract_end": _date,
                   "description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"kind": {"invalid_choice": m.KIND_REFUSED}}


class TicketForm(_OwnStation):
    """Staff registering a request at the window."""

    class Meta:
        model = m.Ticket
        fields = ["station", "service", "subject", "description", "name", "phone"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = self.fields["service"].queryset.filter(active=True)


class PublicTicketForm(forms.ModelForm):
    """A resident's request on the public form: the station is the page's; the service is
    one of that station's catalogue items in service (or none); name and phone optional."""

    class Meta:
        model = m.Ticket
        fields = ["service", "subject", "description", "name", "phone"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}),
                   "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
                   "name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.station = station
        self.instance.online = True
        self.fields["service"].queryset = m.ServiceItem.objects.filter(station=station,
                                                                       active=True)
        self.fields["service"].empty_label = _("（其他事项）")


class StationRuleForm(_OwnStation):
    class Meta:
        model = m.StationRule
        fields = ["station", "kind", "title", "document", "adopted", "repealed", "content"]
        widgets = {"adopted": _date, "repealed": _date,
                   "content": forms.Textarea(attrs={"rows": 6})}
