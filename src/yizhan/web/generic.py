"""Generic object views (NetBox's ``netbox/views/generic``): one family for every model.

A model's views are small subclasses that name the model and its columns, filters and form::

    class CommitteeListView(ObjectListView):
        model = Committee
        columns = ["code", "name", "subdistrict", "households"]
        search_fields = ["code", "name"]
        filter_fields = ["subdistrict", "type"]

Every view reads through :func:`yizhan.web.permissions.restrict`: **403** if the role may not
take the action on the model at all, **404** if the object lies outside the user's scope.
Edits save inside a transaction, re-read the object through ``restrict`` and roll back when
the result is outside the user's scope (NetBox's object-level check after writing).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import ProtectedError, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from yizhan.web.changelog.models import changes_for
from yizhan.web.params import BadParameter, field_value
from yizhan.web.permissions import OutOfScope, permits, require, restrict, save_in_scope
from yizhan.web.tables import download_name, export_xlsx, resolve_columns, row_renderer
from yizhan.web.versioning import StaleEdit, VersionedModel

__all__ = ["ObjectPermissionMixin", "ObjectListView", "ObjectView", "ObjectEditView",
           "ObjectDeleteView", "RestrictedModelForm", "url_name"]


def url_name(model, suffix: str = "") -> str:
    """``registry:committee_list`` etc.: ``<app_label>:<model_name>[_<suffix>]``."""
    base = f"{model._meta.app_label}:{model._meta.model_name}"
    return f"{base}_{suffix}" if suffix else base


class ObjectPermissionMixin:
    """Login required; 403 when the role may not take ``action`` on ``model`` at all."""

    model: type[models.Model]
    action = "view"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require(request.user, self.action, self.model)
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return self.model._default_manager.all()

    def get_queryset(self, action: str | None = None):
        return restrict(self.base_queryset(), self.request.user, action or self.action)

    def get_object(self, pk, action: str | None = None):
        return get_object_or_404(self.get_queryset(action), pk=pk)

    def base_context(self) -> dict:
        m = self.model
        u = self.request.user
        return {
            "model": m, "verbose_name": m._meta.verbose_name,
            "verbose_name_plural": m._meta.verbose_name_plural,
            "list_url": reverse(getattr(self, "list_url_name", "") or url_name(m, "list")),
            "can_add": permits(u, "add", m) and _has_url(url_name(m, "add")),
            "can_change": permits(u, "change", m), "can_delete": permits(u, "delete", m),
            "can_import": permits(u, "add", m) and _has_url(url_name(m, "import")),
        }


def _has_url(name: str) -> bool:
    try:
        reverse(name)
        return True
    except Exception:  # noqa: BLE001
        return False


class ObjectListView(ObjectPermissionMixin, View):
    columns: list = []
    search_fields: list[str] = []
    filter_fields: list[str] = []      # filters with a form on the page
    query_fields: list[str] = []       # filters taken from the query string only (links)
    template_name = "generic/object_list.html"
    paginate_by = 50

    def filtered_queryset(self, params):
        """The user's objects matching ``q`` and the filters in ``params`` (a QueryDict).

        Filter values are parsed by :func:`yizhan.web.params.field_value`: a value the
        column cannot hold is a 400 naming the filter, a valid one that matches nothing an
        empty list."""
        qs = self.get_queryset()
        q = params.get("q", "").strip()
        if q and self.search_fields:
            if "\x00" in q:
                raise BadParameter("q", q)
            cond = Q()
            for f in self.search_fields:
                cond |= Q(**{f"{f}__icontains": q})
            qs = qs.filter(cond)
        for name in [*self.filter_fields, *self.query_fields]:
            raw = params.get(name, "")
            if raw != "":
                qs = qs.filter(**{name: field_value(self.model._meta.get_field(name), name, raw)})
        return qs

    def sort(self, qs, columns, key: str):
        allowed = {c.sort_key(self.model) for c in columns} - {None}
        if key.lstrip("-") in allowed:
            return qs.order_by(key, "pk")
        return qs

    def filter_form(self, params):
        """Build a small GET form for the filter fields (FK choices restricted to the user)."""
        fields = {}
        for name in self.filter_fields:
            f = self.model._meta.get_field(name)
            label = f.verbose_name
            if f.is_relation:
                choices = [("", "—")] + [(o.pk, str(o)) for o in
                                         restrict(f.related_model._default_manager.all(),
                                                  self.request.user, "view")]
            elif isinstance(f, models.BooleanField):
                choices = [("", "—"), ("1", _("是")), ("0", _("否"))]
            else:
                choices = [("", "—")] + list(f.choices or [])
            fields[name] = forms.ChoiceField(label=label, choices=choices, required=False)
        form_cls = type("FilterForm", (forms.Form,), fields)
        return form_cls(params)

    def get(self, request):
        columns = resolve_columns(self.columns)
        qs = self.sort(self.filtered_queryset(request.GET), columns, request.GET.get("sort", ""))
        if request.GET.get("export") == "xlsx":
            return self.export(qs, columns)
        page = Paginator(qs, self.paginate_by).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        sort_params = params.copy()
        sort_params.pop("sort", None)
        current = request.GET.get("sort", "")
        headers = []
        for c in columns:
            key = c.sort_key(self.model)
            nxt = ("-" + key) if key and current == key else key
            headers.append({"label": c.header(self.model), "sort": key,
                            "active": current.lstrip("-") == key if key else False,
                            "desc": current.startswith("-"),
                            "query": urlencode({**sort_params.dict(), "sort": nxt}) if key else ""})
        render_row = row_renderer(self.model, columns)
        rows = [render_row(o) for o in page]
        export_params = params.copy()
        export_params["export"] = "xlsx"
        ctx = self.base_context() | {
            "headers": headers, "rows": rows, "page": page,
            "query": params.urlencode(), "export_query": export_params.urlencode(),
            "filter_form": self.filter_form(request.GET) if self.filter_fields else None,
            "search": bool(self.search_fields), "q": request.GET.get("q", ""),
            "total": page.paginator.count,
        }
        return render(request, self.template_name, ctx)

    def get_export_columns(self, columns):
        """Columns of the xlsx export (default: the list's columns)."""
        return columns

    def export(self, qs, columns):
        m = self.model
        columns = self.get_export_columns(columns)
        data = export_xlsx(m, columns, qs)
        resp = HttpResponse(data, content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        resp["Content-Disposition"] = content_disposition_header(
            True, download_name(str(m._meta.verbose_name_plural), "xlsx"))
        return resp


class ObjectView(ObjectPermissionMixin, View):
    """Detail page: the object's fields, related lists (``related``), its change log."""

    template_name = "generic/object.html"
    fields: list[str] | None = None     # default: every editable concrete field
    related: list = []                  # [(title, callable(obj, user) -> queryset)]

    def detail_fields(self, obj):
        names = self.fields or [f.name for f in self.model._meta.get_fields()
                                if getattr(f, "concrete", False) and not f.auto_created
                                and f.name not in ("geometry",)]
        from yizhan.web.tables import cell_value

        return [(self.model._meta.get_field(n).verbose_name, cell_value(obj, n)) for n in names]

    def get(self, request, pk):
        obj = self.get_object(pk)
        related = [(title, fn(obj, request.user)) for title, fn in self.related]
        ctx = self.base_context() | {
            "object": obj, "fields": self.detail_fields(obj), "related": related,
            "changes": changes_for(obj, request.user)[:20],
            "can_change_obj": permits(request.user, "change", self.model)
            and restrict(self.base_queryset().filter(pk=obj.pk), request.user, "change").exists(),
            "can_delete_obj": permits(request.user, "delete", self.model)
            and restrict(self.base_queryset().filter(pk=obj.pk), request.user, "delete").exists(),
        }
        return render(request, self.template_name, ctx)


class RestrictedModelForm(forms.ModelForm):
    """A ModelForm whose related-object choices are restricted to what the user may view.

    Editing a versioned record (:class:`yizhan.web.versioning.VersionedModel`) the form
    carries the version it was opened at as a hidden field and saves on that condition, so a
    stale form is refused (:class:`~yizhan.web.versioning.StaleEdit`) instead of overwriting.
    """

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and user is not None:
                field.queryset = restrict(field.queryset, user, "view")
        if isinstance(self.instance, VersionedModel) and self.instance.pk is not None:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=self.instance.version, min_value=1,
                error_messages={"required": _("表单缺少版本号，请重新打开编辑页面。")})

    def save(self, commit=True):
        if "version" in self.fields:
            self.instance.version = self.cleaned_data["version"]
        return super().save(commit)


class ObjectEditView(ObjectPermissionMixin, View):
    """Add (no pk) or edit; saves in a transaction and re-checks scope before committing."""

    form_class: type[forms.ModelForm]
    template_name = "generic/object_edit.html"

    def dispatch(self, request, *args, **kwargs):
        self.action = "change" if kwargs.get("pk") is not None else "add"
        return super().dispatch(request, *args, **kwargs)

    def _form(self, obj, data=None, files=None):
        return self.form_class(data, files, instance=obj, user=self.request.user)

    def _render(self, form, obj):
        return render(self.request, self.template_name,
                      self.base_context() | {"form": form, "object": obj})

    def get(self, request, pk=None):
        obj = self.get_object(pk) if pk is not None else self.model()
        initial = {k: v for k, v in request.GET.items() if k in self.form_class.base_fields}
        form = self._form(obj) if pk is not None else self.form_class(
            instance=obj, initial=initial, user=request.user)
        return self._render(form, obj)

    def post(self, request, pk=None):
        obj = self.get_object(pk) if pk is not None else self.model()
        form = self._form(obj, request.POST, request.FILES)
        if form.is_valid():
            try:
                obj = save_in_scope(obj, request.user, self.action, save=form.save, message=_(
                    "保存结果超出您的管辖范围（只能编辑本街道的数据），未保存。"))
            except OutOfScope as exc:
                form.add_error(None, str(exc))
                return self._render(form, obj)
            except StaleEdit as exc:
                return self._render(*self._stale_form(pk, exc))
            messages.success(request, _("已保存：%(obj)s") % {"obj": obj})
            return redirect(obj.get_absolute_url())
        return self._render(form, obj)


    def _stale_form(self, pk, exc: StaleEdit):
        """The user's input again, against the record as it is now: the message says who
        changed it when, and lists the stored values that differ from the input. The form
        now carries the current version: saving again is a deliberate choice, not a merge."""
        current = self.get_object(pk)
        data = self.request.POST.copy()
        data["version"] = current.version
        form = self._form(current, data, self.request.FILES)
        differ = [f"{form.fields[n].label}：{_display(current, n)}"  # before is_valid() sets
                  for n in form.changed_data if n != "version"]    # the input on `current`
        form.is_valid()
        form.add_error(None, exc.message)
        if differ:
            form.add_error(None, _("现在保存的值与您填写的不同：%(list)s") % {"list": "；".join(differ)})
        return form, current


def _display(obj, name: str) -> str:
    from yizhan.web.tables import cell_value

    text = str(cell_value(obj, name))
    return "—" if text == "" else text if len(text) <= 60 else text[:60] + "…"


class ObjectDeleteView(ObjectPermissionMixin, View):
    action = "delete"
    template_name = "generic/object_delete.html"

    def get(self, request, pk):
        obj = self.get_object(pk)
        return render(request, self.template_name, self.base_context() | {"object": obj})

    def post(self, request, pk):
        obj = self.get_object(pk)
        text = str(obj)
        try:
            with transaction.atomic():
                obj.delete()
        except ProtectedError as exc:
            blockers = sorted({str(o) for o in exc.protected_objects})[:10]
            messages.error(request, _("无法删除“%(obj)s”：仍有关联记录（%(list)s）。") % {
                "obj": text, "list": "、".join(blockers)})
            return redirect(obj.get_absolute_url())
        messages.success(request, _("已删除：%(obj)s") % {"obj": text})
        return redirect(reverse(url_name(self.model, "list")))


def forbidden_if_not(condition: bool):
    if not condition:
        raise PermissionDenied


def not_found_if_not(condition: bool):
    if not condition:
        raise Http404
