"""What a committee import will change, worked out in full before anything is written.

The preview and the commit both call :func:`plan_units`; the commit writes only if the plan
has no error and is the plan the preview showed (:meth:`UnitsPlan.fingerprint`), so what the
user confirmed is what is written, and a refused import writes nothing at all. Per row:

1. **Match** by code (looked up in chunks: a file of 20,000 codes must not become one query
   with 20,000 parameters).
2. **Scope**, before any write: the user must be allowed to change the committee where it
   is now *and* to add or change committees in the subdistrict the row names. An officer's
   row for another subdistrict's committee is an error that shows nothing of that committee.
3. **Only the file's columns** are set: a column absent from the file leaves the field as
   it is; an empty cell in a present column empties the field (the column's default), and
   the preview shows that change like any other (field, before → after).
4. **The model's rules**: each new or changed committee is ``full_clean()``-ed, the same
   validation the forms and the API use (field validators, no move away from the
   subdistrict of a station that still serves it); its unique name within the subdistrict
   is checked for all rows at once, against the file and the registry.

A GeoJSON file (:func:`plan_geometry`, :func:`write_geometry`) sets the boundaries of
existing committees, all in the user's scope, and replaces the adjacency among them with the
one the polygons imply.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yizhan.web.permissions import subdistrict_scope
from yizhan.web.registry.models import Committee, CommitteeAdjacency, Subdistrict

__all__ = ["RowProblem", "FieldChange", "PlannedRow", "UnitsPlan", "plan_units", "write_units",
           "plan_geometry", "write_geometry", "committees_by_code", "CHUNK"]

#: Codes per ``IN (…)`` lookup: well under SQLite's bound on query parameters.
CHUNK = 500

#: Units-file column → committee field written from it. ``station`` is not here: which
#: station serves a committee is a membership with dates, changed on its own page.
FIELD_OF_COLUMN = {"name": "name", "parent": "subdistrict", "households": "households",
                   "office_m2": "office_m2", "service_m2": "service_m2", "plaza_m2": "plaza_m2",
                   "population": "population", "area_km2": "area_km2", "type": "type",
                   "self_contained": "self_contained", "office_status": "office_status",
                   "service_status": "service_status", "plaza_status": "plaza_status",
                   "party_members": "party_members", "nbs_code": "nbs_code", "x": "x", "y": "y"}


@dataclass(frozen=True)
class RowProblem:
    """A problem found against the registry, after the file's own (already translated).

    ``kind``: ``out_of_scope``, ``invalid`` (the model's rules), ``duplicate_name``,
    ``unknown_parent``, ``ignored_column`` (a warning) or ``database``.
    """

    row: int | None
    column: str | None
    kind: str
    message: str
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass(frozen=True)
class FieldChange:
    """One field of one committee: its value now (``old``) and after the import (``new``)."""

    field: str
    old: object
    new: object

    @property
    def label(self) -> str:
        return _label(self.field)

    @property
    def before(self) -> str:
        return _shown(self.field, self.old)

    @property
    def after(self) -> str:
        return _shown(self.field, self.new)

    def key(self) -> tuple:
        pk = lambda v: v.pk if isinstance(v, Subdistrict) else v  # noqa: E731
        return self.field, pk(self.old), pk(self.new)


@dataclass
class PlannedRow:
    row: int
    committee: Committee
    action: str  # "create", "update" or "unchanged"
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class UnitsPlan:
    rows: list[PlannedRow]
    problems: list[RowProblem]

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.is_error]

    @property
    def counts(self) -> dict[str, int]:
        """Rows per action: ``create``, ``update``, ``unchanged``."""
        out = dict.fromkeys(("create", "update", "unchanged"), 0)
        for r in self.rows:
            out[r.action] += 1
        return out

    def fingerprint(self) -> str:
        """A digest of every change, to tell whether the registry moved since the preview."""
        items = [(r.row, r.committee.code, r.action, [c.key() for c in r.changes])
                 for r in self.rows]
        return hashlib.sha256(json.dumps(items, ensure_ascii=False).encode()).hexdigest()


def _label(name: str) -> str:
    return str(Committee._meta.get_field(name).verbose_name)


def _plain(value):
    """A frame cell as a Python value: NaN → None, numpy scalars → int/float/bool."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def _model_value(name: str, value):
    """The value the committee field takes: an empty cell becomes the field's empty value."""
    f = Committee._meta.get_field(name)
    value = _plain(value)
    if value is None:
        return None if f.null else f.get_default()
    return f.to_python(value)


def _shown(name: str, value) -> str:
    if value is None or value == "":
        return _("（空）")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Subdistrict):
        return value.name
    choices = dict(Committee._meta.get_field(name).flatchoices)
    if value in choices:
        return str(choices[value])
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def committees_by_code(codes: list[str]) -> dict[str, Committee]:
    found: dict[str, Committee] = {}
    for i in range(0, len(codes), CHUNK):
        found.update((c.code, c) for c in Committee.objects.select_related("subdistrict")
                     .filter(code__in=codes[i:i + CHUNK]))
    return found


def plan_units(result, user) -> UnitsPlan:
    """What importing ``result`` (a :class:`~yizhan.data.importers.UnitsImport`) would do."""
    frame = result.frame
    subs = {s.name: s for s in Subdistrict.objects.all()}
    existing = committees_by_code([str(c) for c in frame["code"]])
    change_scope = subdistrict_scope(user, "change", Committee)
    add_scope = subdistrict_scope(user, "add", Committee)
    columns = [c for c in result.columns if c in FIELD_OF_COLUMN]
    plan = UnitsPlan([], [])
    if "station" in result.columns:
        plan.problems.append(RowProblem(None, _("工作站"), "ignored_column", _(
            "“工作站”列不由居委会导入写入：哪个工作站服务哪个居委会，请在“工作站服务范围”中修改。"),
            "warning"))
    for row, rec in zip(result.row_numbers, frame.to_dict("records")):
        code, target = str(rec["code"]), subs.get(rec["parent"])
        if target is None:  # removed since the file was checked
            plan.problems.append(RowProblem(row, _label("subdistrict"), "unknown_parent", _(
                "第%(row)d行：“%(sub)s”不是已知的街道。") % {"row": row, "sub": rec["parent"]}))
            continue
        obj = existing.get(code)
        if obj is not None and change_scope is not None and obj.subdistrict_id not in change_scope:
            plan.problems.append(RowProblem(row, _label("code"), "out_of_scope", _(
                "第%(row)d行：编码“%(code)s”的居委会不在您的管辖范围内，不能通过导入修改。") % {
                "row": row, "code": code}))
            continue
        scope = add_scope if obj is None else change_scope
        if scope is not None and target.pk not in scope:
            plan.problems.append(RowProblem(row, _label("subdistrict"), "out_of_scope", _(
                "第%(row)d行：“%(sub)s”街道不在您的管辖范围内。") % {"row": row, "sub": target.name}))
            continue
        planned = _apply(row, obj or Committee(code=code), obj is None, target, rec, columns)
        if planned.action != "unchanged":
            plan.problems.extend(_model_problems(planned))
        plan.rows.append(planned)
    plan.problems.extend(_name_clashes(plan.rows))
    plan.problems.sort(key=lambda p: -1 if p.row is None else p.row)
    return plan


def _apply(row: int, obj: Committee, is_new: bool, target: Subdistrict, rec: dict,
           columns: list[str]) -> PlannedRow:
    """Set the file's columns on ``obj`` (in memory); the row with its field changes."""
    changes = []
    for column in columns:
        name = FIELD_OF_COLUMN[column]
        before = getattr(obj, name) if name != "subdistrict" else \
            (obj.subdistrict if obj.subdistrict_id else None)
        after = target if name == "subdistrict" else _model_value(name, rec.get(column))
        if is_new or before != after:
            setattr(obj, name, after)
            if not is_new:
                changes.append(FieldChange(name, before, after))
    action = "create" if is_new else ("update" if changes else "unchanged")
    return PlannedRow(row, obj, action, changes)


def _model_problems(planned: PlannedRow, feature: bool = False) -> list[RowProblem]:
    """The committee's ``full_clean()`` errors, each named by row (or GeoJSON feature).

    Three checks of ``full_clean`` cost a query per row and are made for all rows at once
    instead: the subdistrict exists (it was just read), the code is unique (rows are matched
    by code, and the importer refuses a code twice) and the name is unique within its
    subdistrict (:func:`_name_clashes`). The database constraints still hold at the write.
    """
    try:
        planned.committee.full_clean(exclude=["subdistrict"], validate_unique=False,
                                     validate_constraints=False)
    except ValidationError as exc:
        where = _("第%(row)d个要素：") if feature else _("第%(row)d行：")
        return [RowProblem(planned.row, None if name == "__all__" else _label(name), "invalid",
                           where % {"row": planned.row} + msg)
                for name, messages in exc.message_dict.items() for msg in messages]
    return []


def _name_clashes(rows: list[PlannedRow]) -> list[RowProblem]:
    """Rows whose committee would share its name with another in the same subdistrict: one
    of the file, or one of the registry that the file does not rename or move."""
    problems, final = [], {}
    for r in rows:
        key = (r.committee.subdistrict_id, r.committee.name)
        first = final.setdefault(key, r)
        if first is not r:
            problems.append(RowProblem(r.row, _label("name"), "duplicate_name", _(
                "第%(row)d行：名称“%(name)s”与第%(first)d行相同，同一街道内居委会名称不能重复。") % {
                "row": r.row, "name": r.committee.name, "first": first.row}))
    in_file = {r.committee.pk for r in rows if r.committee.pk is not None}
    names = sorted({name for _, name in final})
    for i in range(0, len(names), CHUNK):
        for pk, sid, name, code in (Committee.objects.filter(name__in=names[i:i + CHUNK])
                                    .values_list("pk", "subdistrict_id", "name", "code")):
            r = final.get((sid, name))
            if r is not None and pk not in in_file:
                problems.append(RowProblem(r.row, _label("name"), "duplicate_name", _(
                    "第%(row)d行：“%(sub)s”街道已有名为“%(name)s”的居委会（编码“%(code)s”），"
                    "同一街道内居委会名称不能重复。") % {"row": r.row, "sub": r.committee.subdistrict.name,
                                             "name": name, "code": code}))
    return problems


def write_units(plan: UnitsPlan) -> tuple[int, int]:
    """Save what ``plan`` creates and changes (inside the caller's transaction).

    An update writes only the fields that change, so an edit made meanwhile to a field the
    file leaves alone is kept. Each save is change-logged, hence no ``bulk_update``.
    """
    updates = [r for r in plan.rows if r.action == "update"]
    creates = [r for r in plan.rows if r.action == "create"]
    for r in updates:  # first, so a name the file frees is free when a new row takes it
        r.committee.save(update_fields=[c.field for c in r.changes])
    for r in creates:
        r.committee.save()
    return len(creates), len(updates)


def plan_geometry(result, user) -> tuple[list[Committee], list[RowProblem]]:
    """The committees with their new boundaries (set in memory, not saved) and the problems:
    a committee out of the user's scope, or one its rules refuse."""
    codes = list(result.geometries)
    committees = committees_by_code(codes)
    scope = subdistrict_scope(user, "change", Committee)
    problems = []
    for n, code in enumerate(codes, start=1):
        c, geom = committees[code], result.geometries[code]
        if scope is not None and c.subdistrict_id not in scope:
            problems.append(RowProblem(n, _label("code"), "out_of_scope", _(
                "第%(row)d个要素：编码“%(code)s”的居委会不在您的管辖范围内，不能修改它的边界。") % {
                "row": n, "code": code}))
            continue
        c.geometry = json.dumps(geom.__geo_interface__, ensure_ascii=False, separators=(",", ":"))
        if c.x is None or c.y is None:
            p = geom.representative_point()
            c.x, c.y = round(p.x, 6), round(p.y, 6)
        problems += _model_problems(PlannedRow(n, c, "update"), feature=True)
    return [committees[code] for code in codes], problems


def write_geometry(result, committees: list[Committee]) -> None:
    """Save the boundaries and replace the adjacency among these committees with the one
    their polygons imply (inside the caller's transaction)."""
    for c in committees:
        c.save()
    by_code = {c.code: c for c in committees}
    pks = {c.pk for c in committees}
    ordered = sorted(pks)
    for i in range(0, len(ordered), CHUNK):
        for adj in CommitteeAdjacency.objects.filter(a__in=ordered[i:i + CHUNK]):
            if adj.b_id in pks:
                adj.delete()
    for a, b in result.edges:
        ca, cb = sorted((by_code[a], by_code[b]), key=lambda c: c.pk)
        CommitteeAdjacency.objects.create(a=ca, b=cb)
