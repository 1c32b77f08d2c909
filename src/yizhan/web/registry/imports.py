"""Import committees from a units file (CSV/XLSX) or boundaries (GeoJSON): preview, then commit.

Validation is :mod:`yizhan.data.importers` (the CLI's too); this module only shows its
problems per row and column and writes the result. Writing (NetBox's bulk import):

1. the file is re-read and re-validated at commit (the preview's copy is kept server-side);
2. every row is written inside one ``transaction.atomic()``: committees matched by code are
   updated, new codes created; each object is ``full_clean()``-ed so database rules (a
   committee name unique within its subdistrict) come back as row problems;
3. every written object is re-read through :func:`restrict` with ``change``; if any lies
   outside the user's scope (an officer's row for another subdistrict) or any row failed,
   the whole transaction is rolled back and nothing is written.

A GeoJSON file updates the boundaries of existing committees and replaces the adjacency
among them with the adjacency the polygons imply.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

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
from yizhan.web.permissions import restrict
from yizhan.web.registry.models import Committee, CommitteeAdjacency, Subdistrict

__all__ = ["CommitteeBulkImportView", "commit_units", "commit_geometry", "RowProblem"]

_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".geojson", ".json")


class ImportForm(forms.Form):
    file = forms.FileField(label=_lazy("文件"),
                           help_text=_lazy("居委会数据表（CSV 或 Excel，列见格式说明）或边界（GeoJSON）"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(_SUFFIXES):
            raise ValidationError(_("只接受 CSV、Excel（.xlsx）或 GeoJSON 文件。"))
        return f


class RowProblem:
    """A problem found while writing (after the importer accepted the file)."""

    def __init__(self, row, column, message, severity="error"):
        self.row, self.column, self.message, self.severity = row, column, message, severity


def _is_geojson(name: str) -> bool:
    return name.lower().endswith((".geojson", ".json"))


def _problem_rows(problems):
    en = (get_language() or "").startswith("en")
    return [{"file": p.file, "row": p.row, "column": p.column, "severity": p.severity,
             "kind": p.kind, "message": p.message_en if en else p.message} for p in problems]


# ------------------------------------------------------------------ validation (no writes)
def check_upload(name: str, data: bytes):
    """(problems, result) where result is the importer's output or None when there are errors."""
    from yizhan.data.importers import ImportFailed, Upload, read_geometry, read_units

    try:
        if _is_geojson(name):
            result = read_geometry(Upload(name, data),
                                   known_codes=Committee.objects.values_list("code", flat=True))
        else:
            result = read_units(Upload(name, data),
                                known_parents=Subdistrict.objects.values_list("name", flat=True))
    except ImportFailed as exc:
        return exc.problems, None
    return list(result.warnings), result


# ------------------------------------------------------------------ writing
class _Rollback(Exception):
    pass


_FIELDS = ["name", "households", "office_m2", "service_m2", "plaza_m2", "population",
           "area_km2", "type", "self_contained", "office_status", "service_status",
           "plaza_status", "party_members", "nbs_code", "x", "y"]


def _value(v):
    if v is None or (isinstance(v, float) and v != v):
        return None
    return v.item() if hasattr(v, "item") else v


def commit_units(frame, user) -> tuple[int, int, list[RowProblem]]:
    """Write every row or nothing; returns (created, updated, problems)."""
    subs = {s.name: s for s in Subdistrict.objects.all()}
    problems: list[RowProblem] = []
    created = updated = 0
    try:
        with transaction.atomic():
            written = []
            for i, rec in enumerate(frame.to_dict("records")):
                row = i + 2  # header is row 1
                obj = Committee.objects.filter(code=rec["code"]).first()
                is_new = obj is None
                obj = obj or Committee(code=rec["code"])
                obj.subdistrict = subs[rec["parent"]]
                for f in _FIELDS:
                    v = _value(rec.get(f))
                    if v is None and f in ("population", "area_km2", "x", "y"):
                        setattr(obj, f, None)
                    elif v is not None:
                        setattr(obj, f, v if f not in ("type", "nbs_code") else (v or ""))
                try:
                    obj.full_clean()
                    with transaction.atomic():
                        obj.save()
                except ValidationError as exc:
                    for field, msgs in exc.message_dict.items():
                        for msg in msgs:
                            problems.append(RowProblem(row, field, msg))
                    continue
                written.append((row, obj))
                created += is_new
                updated += not is_new
            allowed = set(restrict(Committee.objects.filter(pk__in=[o.pk for _, o in written]),
                                   user, "change").values_list("pk", flat=True))
            for row, obj in written:
                if obj.pk not in allowed:
                    problems.append(RowProblem(row, "parent", _(
                        "第%(row)d行属于“%(sub)s”街道，不在您的管辖范围内。") % {
                        "row": row, "sub": obj.subdistrict.name}))
            if problems:
                raise _Rollback
    except _Rollback:
        return 0, 0, problems
    except DatabaseError as exc:
        return 0, 0, problems + [RowProblem(None, None, _("写入数据库失败，已全部回滚：%s") % exc)]
    return created, updated, []


def commit_geometry(result, user) -> tuple[int, int, list[RowProblem]]:
    """Set boundaries and replace adjacency among the imported committees; all or nothing."""
    problems: list[RowProblem] = []
    codes = list(result.geometries)
    try:
        with transaction.atomic():
            committees = {c.code: c for c in Committee.objects.filter(code__in=codes)}
            allowed = set(restrict(Committee.objects.filter(code__in=codes), user, "change")
                          .values_list("code", flat=True))
            for n, code in enumerate(codes, start=1):
                c = committees[code]
                if code not in allowed:
                    problems.append(RowProblem(n, "code", _(
                        "第%(row)d个要素“%(code)s”属于“%(sub)s”街道，不在您的管辖范围内。") % {
                        "row": n, "code": code, "sub": c.subdistrict.name}))
                    continue
                geom = result.geometries[code]
                c.geometry = json.dumps(geom.__geo_interface__, ensure_ascii=False,
                                        separators=(",", ":"))
                if c.x is None or c.y is None:
                    p = geom.representative_point()
                    c.x, c.y = round(p.x, 6), round(p.y, 6)
                c.save()
            if problems:
                raise _Rollback
            pks = [c.pk for c in committees.values()]
            for adj in CommitteeAdjacency.objects.filter(a__in=pks, b__in=pks):
                adj.delete()
            for a, b in result.edges:
                ca, cb = committees[a], committees[b]
                if ca.pk > cb.pk:
                    ca, cb = cb, ca
                CommitteeAdjacency.objects.create(a=ca, b=cb)
    except _Rollback:
        return 0, 0, problems
    except DatabaseError as exc:
        return 0, 0, [RowProblem(None, None, _("写入数据库失败，已全部回滚：%s") % exc)]
    return len(codes), len(result.edges), []


# ------------------------------------------------------------------ the view
def _upload_dir() -> Path:
    path = Path(settings.DATA_DIR) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


class CommitteeBulkImportView(ObjectPermissionMixin, View):
    """GET: upload form. POST file: preview. POST token: commit (all or nothing)."""

    model = Committee
    action = "add"
    template_name = "registry/committee_import.html"

    def _render(self, **ctx):
        return render(self.request, self.template_name, self.base_context() | ctx)

    def get(self, request):
        return self._render(form=ImportForm())

    def post(self, request):
        if "token" in request.POST:
            return self.commit(request, request.POST["token"])
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(form=form)
        upload = form.cleaned_data["file"]
        data = upload.read()
        problems, result = check_upload(upload.name, data)
        token = None
        preview = []
        if result is not None:
            token = uuid.uuid4().hex
            (_upload_dir() / token).write_bytes(data)
            request.session[f"import-{token}"] = upload.name
            preview = self._preview(upload.name, result)
        return self._render(form=ImportForm(), filename=upload.name,
                            problems=_problem_rows(problems),
                            errors=sum(p.is_error for p in problems), token=token,
                            preview=preview, geojson=_is_geojson(upload.name))

    def _preview(self, name, result):
        if _is_geojson(name):
            return [{"code": c, "name": "", "parent": "", "households": "", "new": False}
                    for c in result.geometries]
        existing = set(Committee.objects.filter(code__in=list(result.frame["code"]))
                       .values_list("code", flat=True))
        return [{"code": r["code"], "name": r["name"], "parent": r["parent"],
                 "households": r["households"], "new": r["code"] not in existing}
                for r in result.frame.to_dict("records")]

    def commit(self, request, token):
        name = request.session.pop(f"import-{token}", None)
        path = _upload_dir() / token if token.isalnum() else None
        if name is None or path is None or not path.exists():
            messages.error(request, _("导入已失效，请重新上传文件。"))
            return redirect("registry:committee_import")
        data = path.read_bytes()
        path.unlink(missing_ok=True)
        problems, result = check_upload(name, data)
        if result is None:  # the registry changed since the preview
            return self._render(form=ImportForm(), filename=name, problems=_problem_rows(problems),
                                errors=len(problems), token=None, preview=[])
        if _is_geojson(name):
            done, edges, write_problems = commit_geometry(result, request.user)
        else:
            done, edges, write_problems = commit_units(result.frame, request.user)
        if write_problems:
            return self._render(form=ImportForm(), filename=name, token=None, preview=[],
                                write_problems=write_problems, errors=len(write_problems))
        if _is_geojson(name):
            messages.success(request, _("已导入 %(n)d 个居委会的边界，相邻关系 %(e)d 条。") % {
                "n": done, "e": edges})
        else:
            messages.success(request, _("已导入：新建 %(c)d 个，更新 %(u)d 个居委会。") % {
                "c": done, "u": edges})
        return redirect("registry:committee_list")
