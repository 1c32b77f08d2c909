"""Import committees from a units file (CSV/XLSX) or boundaries (GeoJSON): preview, then commit.

Validation of the file is :mod:`yizhan.data.importers` (the CLI's too); what the import would
change in the registry, and the writing, is :mod:`.import_plan`. This module is the page:

1. **upload** — a file over ``YIZHAN_IMPORT_MAX_BYTES`` never reaches memory
   (:mod:`yizhan.web.uploads`) and is refused with the limit; a file with more than
   ``YIZHAN_IMPORT_MAX_ROWS`` data rows is refused as soon as the reader gets there;
2. **preview** — every problem with its row and column (the first :data:`SHOWN_PROBLEMS`,
   and how many more), each row's action (new, update, no change) and, for an update, every
   field it changes, before → after. Nothing is written; the file is kept server-side;
3. **commit** — the kept file is read and planned again inside one transaction; it is
   written only if there is no error and the plan is the one previewed, else nothing is
   written and the page says why (or shows the new preview).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from yizhan.web.generic import ObjectPermissionMixin
from yizhan.web.registry.import_plan import (RowProblem, plan_geometry, plan_units,
                                             write_geometry, write_units)
from yizhan.web.registry.models import Committee, Subdistrict
from yizhan.web.uploads import (refuse_oversize, remove_stale_previews, save_preview,
                                take_preview)

__all__ = ["CommitteeBulkImportView", "committee_import_template", "check_upload",
           "SHOWN_PROBLEMS"]

_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".geojson", ".json")
#: Problems listed on the page; the rest are counted ("and 1,234 more").
SHOWN_PROBLEMS = 200


class ImportForm(forms.Form):
    file = forms.FileField(label=_lazy("文件"),
                           help_text=_lazy("居委会数据表（CSV 或 Excel，列见格式说明）或边界（GeoJSON）"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        refuse_oversize(f)
        if not f.name.lower().endswith(_SUFFIXES):
            raise ValidationError(_("只接受 CSV、Excel（.xlsx）或 GeoJSON 文件。"))
        return f


def committee_import_template(request):
    """The units template workbook (:func:`yizhan.data.importers.template.units_template`):
    headers, an example row and drop-down lists, the 街道 list being the subdistricts the user
    may import into."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    from yizhan.data.importers.template import units_template
    from yizhan.web.permissions import require, restrict
    from yizhan.web.tables import download_name

    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    require(request.user, "add", Committee)
    parents = restrict(Subdistrict.objects.order_by("pk"), request.user, "view") \
        .values_list("name", flat=True)
    response = HttpResponse(units_template(list(parents)), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = content_disposition_header(
        True, download_name(_("居委会导入模板"), "xlsx"))
    return response


def _is_geojson(name: str) -> bool:
    return name.lower().endswith((".geojson", ".json"))


def check_upload(name: str, data: bytes):
    """(problems, result): the importer's problems, and its output or None on an error."""
    from yizhan.data.importers import ImportFailed, Upload, read_geometry, read_units

    try:
        if _is_geojson(name):
            result = read_geometry(Upload(name, data),
                                   known_codes=Committee.objects.values_list("code", flat=True))
        else:
            result = read_units(Upload(name, data),
                                known_parents=Subdistrict.objects.values_list("name", flat=True),
                                max_rows=settings.YIZHAN_IMPORT_MAX_ROWS)
    except ImportFailed as exc:
        return exc.problems, None
    return list(result.warnings), result


def _problem_rows(problems) -> list[dict]:
    """Importer problems (Chinese and English) and registry problems (already translated)."""
    en = (get_language() or "").startswith("en")
    return [{"row": p.row, "column": p.column, "severity": p.severity, "kind": p.kind,
             "message": p.message if isinstance(p, RowProblem) or not en else p.message_en}
            for p in problems]


def _problem_context(problems) -> dict:
    return {"problems": _problem_rows(problems[:SHOWN_PROBLEMS]),
            "more_problems": max(len(problems) - SHOWN_PROBLEMS, 0),
            "errors": sum(p.is_error for p in problems)}


class CommitteeBulkImportView(ObjectPermissionMixin, View):
    """GET: upload form. POST file: preview. POST token: commit (all or nothing)."""

    model = Committee
    action = "add"
    template_name = "registry/committee_import.html"

    def _render(self, status=200, **ctx):
        ctx.setdefault("form", ImportForm())
        ctx.update(max_bytes=settings.YIZHAN_IMPORT_MAX_BYTES,
                   max_rows=settings.YIZHAN_IMPORT_MAX_ROWS)
        return render(self.request, self.template_name, self.base_context() | ctx,
                      status=status)

    def get(self, request):
        remove_stale_previews()
        return self._render()

    def post(self, request):
        remove_stale_previews()
        if "token" in request.POST:
            return self.commit(request, request.POST["token"])
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(413 if form.has_error("file", "too_large") else 200, form=form)
        upload = form.cleaned_data["file"]
        data = upload.read()
        problems, result = check_upload(upload.name, data)
        return self._preview(upload.name, data, problems, result)

    def _preview(self, name, data, problems, result, notice=None):
        """Plan the import and show it; keep the file when it can be committed."""
        plan, codes = None, []
        if result is not None and _is_geojson(name):
            codes = list(result.geometries)
            problems = list(problems) + plan_geometry(result, self.request.user)[1]
        elif result is not None:
            plan = plan_units(result, self.request.user)
            problems = list(problems) + plan.problems
        token = None
        if result is not None and not any(p.is_error for p in problems):
            token = save_preview(data)
            self.request.session[f"import-{token}"] = {
                "name": name, "fingerprint": plan.fingerprint() if plan else None}
        return self._render(filename=name, token=token, plan=plan, codes=codes, notice=notice,
                            geojson=_is_geojson(name), **_problem_context(problems))

    def commit(self, request, token):
        kept = request.session.pop(f"import-{token}", None)
        data = take_preview(token) if isinstance(kept, dict) else None
        if data is None:
            messages.error(request, _("导入已失效，请重新上传文件。"))
            return redirect("registry:committee_import")
        name = kept["name"]
        problems, result = check_upload(name, data)
        if result is None:  # the registry changed since the preview
            return self._render(filename=name, commit_refused=True, **_problem_context(problems))
        try:
            with transaction.atomic():
                if _is_geojson(name):
                    committees, refused = plan_geometry(result, request.user)
                    if refused:
                        return self._render(filename=name, commit_refused=True,
                                            **_problem_context(refused))
                    write_geometry(result, committees)
                    done = (len(committees), len(result.edges))
                else:
                    plan = plan_units(result, request.user)
                    if plan.errors:
                        return self._render(filename=name, commit_refused=True,
                                            **_problem_context(plan.problems))
                    if plan.fingerprint() != kept["fingerprint"]:
                        return self._preview(name, data, problems, result, notice=_(
                            "预览之后登记册已有变化，下面是按现在的数据重新检查的结果，请再次确认。"))
                    done = write_units(plan)
        except DatabaseError as exc:
            return self._render(filename=name, commit_refused=True, **_problem_context([
                RowProblem(None, None, "database", _("写入数据库失败，已全部回滚：%s") % exc)]))
        if _is_geojson(name):
            messages.success(request, _("已导入 %(n)d 个居委会的边界，相邻关系 %(e)d 条。") % {
                "n": done[0], "e": done[1]})
        else:
            messages.success(request, _("已导入：新建 %(c)d 个，更新 %(u)d 个居委会。") % {
                "c": done[0], "u": done[1]})
        return redirect("registry:committee_list")
