"""The Excel workbook a district sends its subdistricts: committees, stations, plan, targets,
findings, staffing and timetable, one sheet each.

Every sheet has Chinese headers, a frozen header row, a filter from the header to the last
row, number formats, and drop-down lists where a column takes a fixed vocabulary. A note that
belongs to a sheet (时间安排: where its dates come from) is the first row, above the header, so
it is neither filtered, sorted nor checked against a column's list. Every cell goes through
:func:`yizhan.core.cells.spreadsheet_cell` (formula injection, characters a workbook cannot
hold). The first sheet, 居委会, is a units file as docs/formats.md describes it — the headers
and vocabularies the importer reads (:data:`~yizhan.data.importers.units.ZH_HEADER_OF`) — so the
workbook re-imports unchanged through the registry's import page or ``yizhan import``.
"""

from __future__ import annotations

import io
import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from yizhan.core.cells import spreadsheet_cell
from yizhan.core.instance import COMMUNITY_TYPES, FACILITIES, FACILITY_STATUSES
from yizhan.data.importers.units import ZH_HEADER_OF
from yizhan.reports.figures import BAND_LABELS, Figures
from yizhan.reports.timetable import timetable

__all__ = ["UNIT_COLUMNS", "workbook_bytes"]

YES, NO = "是", "否"
SEVERITY_LABELS = {"violation": "违反", "warning": "警告", "info": "提示"}
#: units file columns in the order written, with the unit shown in the header
UNIT_COLUMNS = (("code", ""), ("name", ""), ("parent", ""), ("households", "户"),
                ("office_m2", "平方米"), ("service_m2", "平方米"), ("plaza_m2", "平方米"),
                ("population", "人"), ("area_km2", "平方公里"), ("type", ""),
                ("station", ""), ("self_contained", ""), ("office_status", ""),
                ("service_status", ""), ("plaza_status", ""), ("party_members", "人"),
                ("nbs_code", ""), ("x", ""), ("y", ""))
FORMATS = {"households": "#,##0", "population": "#,##0", "party_members": "#,##0",
           "office_m2": "#,##0", "service_m2": "#,##0", "plaza_m2": "#,##0",
           "area_km2": "0.000", "x": "0.000000", "y": "0.000000"}
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def _yes(value: bool) -> str:
    return YES if value else NO


def _plain(value):
    """A cell value: NaN and None empty, numpy numbers as Python numbers."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


class _Sheet:
    """One sheet being written: header, rows, formats, lists; finished by :meth:`close`."""

    def __init__(self, book: Workbook, title: str, headers: list[str], widths: list[int],
                 first: bool = False, note: str | None = None):
        self.ws = book.active if first else book.create_sheet()
        self.ws.title = title
        self.headers = headers
        #: the header's row: 1, or 2 under a note (the note stays outside the filtered range)
        self.head = 1
        if note is not None:
            self.ws.append([spreadsheet_cell(note)])
            self.ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
            self.ws["A1"].alignment = Alignment(vertical="center", wrap_text=True)
            self.ws.row_dimensions[1].height = 30
            self.head = 2
        self.ws.append([spreadsheet_cell(h) for h in headers])
        for i, (cell, width) in enumerate(zip(self.ws[self.head], widths), 1):
            cell.font = Font(bold=True)
            cell.fill = HEAD_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.formats: dict[int, str] = {}
        self.lists: dict[int, list[str]] = {}

    def add(self, values) -> None:
        self.ws.append([spreadsheet_cell(_plain(v)) for v in values])

    def close(self) -> None:
        ws, head = self.ws, self.head
        last = max(ws.max_row, head + 1)
        ws.freeze_panes = f"A{head + 1}"
        ws.auto_filter.ref = f"A{head}:{get_column_letter(len(self.headers))}{last}"
        for col, fmt in self.formats.items():
            for (cell,) in ws.iter_rows(min_row=head + 1, min_col=col, max_col=col):
                cell.number_format = fmt
        for col, choices in self.lists.items():
            letter = get_column_letter(col)
            dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                                allow_blank=True, showErrorMessage=True,
                                errorTitle="取值不在列表中", error="请从下拉列表中选择。")
            dv.add(f"{letter}{head + 1}:{letter}{max(last, 1000)}")
            ws.add_data_validation(dv)


def _committees(book: Workbook, figures: Figures) -> None:
    units = figures.inputs.instance.units
    headers = [ZH_HEADER_OF[c] + (f"（{u}）" if u else "") for c, u in UNIT_COLUMNS]
    sheet = _Sheet(book, "居委会", headers, [10, 10, 8, 10, 12, 12, 12, 10, 12, 12, 12, 8, 12,
                                            12, 12, 10, 16, 12, 12], first=True)
    types = {k: zh for k, (zh, _) in COMMUNITY_TYPES.items()}
    statuses = {k: zh for k, (zh, _) in FACILITY_STATUSES.items()}
    for code, row in units.iterrows():
        values = []
        for col, _ in UNIT_COLUMNS:
            value = code if col == "code" else row[col]
            if col == "type":
                value = types.get(value, value)
            elif col.endswith("_status"):
                value = statuses.get(value, value)
            elif col == "self_contained":
                value = _yes(bool(value))
            values.append(value)
        sheet.add(values)
    index = {c: i for i, (c, _) in enumerate(UNIT_COLUMNS, 1)}
    sheet.formats = {index[c]: f for c, f in FORMATS.items()}
    sheet.lists = {index["parent"]: list(figures.inputs.instance.parents),
                   index["type"]: list(types.values()), index["self_contained"]: [YES, NO],
                   **{index[f"{key}_status"]: list(statuses.values()) for key, _, _ in FACILITIES}}
    sheet.close()


def _stations(book: Workbook, figures: Figures) -> None:
    sheet = _Sheet(book, "工作站", ["工作站", "街道", "居委会数", "所辖居委会", "常住户数（户）",
                                 "户数标准", "区间外户数（户）", "办公用房（平方米）", "办公用房达标",
                                 "服务设施（平方米）", "服务设施达标", "文体广场（平方米）",
                                 "文体广场达标", "地域相连", "党员数（人）", "党组织设置"],
                   [16, 8, 8, 24, 12, 16, 12, 12, 8, 12, 8, 12, 8, 8, 10, 10])
    for s in figures.stations:
        sheet.add([s["station"], s["parent"], s["units"], s["label"], s["households"],
                   s["band_label"], s["band_deviation"], s["office_m2"], _yes(s["office_ok"]),
                   s["service_m2"], _yes(s["service_ok"]), s["plaza_m2"], _yes(s["plaza_ok"]),
                   _yes(s["contiguous"]), s["party_members"], s["party_label"]])
    sheet.formats = {c: "#,##0" for c in (3, 5, 7, 8, 10, 12, 15)}
    sheet.lists = {2: list(figures.inputs.instance.parents), 6: list(BAND_LABELS.values()),
                   **{c: [YES, NO] for c in (9, 11, 13, 14)}}
    sheet.close()


def _plan(book: Workbook, figures: Figures) -> None:
    units = figures.inputs.instance.units
    sheet = _Sheet(book, "方案", ["编码", "名称", "街道", "现工作站", "工作站"], [10, 10, 8, 16, 20])
    for code, station in figures.inputs.plan.assignment.items():
        row = units.loc[code] if code in units.index else None
        sheet.add([code, None if row is None else row["name"],
                   None if row is None else row["parent"],
                   None if row is None else row["station"], station])
    sheet.lists = {3: list(figures.inputs.instance.parents)}
    sheet.close()


def _targets(book: Workbook, figures: Figures) -> None:
    sheet = _Sheet(book, "目标", ["规则", "条款", "目标", "要求", "实际", "达到", "说明"],
                   [6, 8, 28, 10, 10, 6, 40])
    for t in figures.result.targets:
        sheet.add([t.rule, t.article, t.name, t.target, t.actual, _yes(t.attained), t.detail])
    for (cell_t, cell_a), t in zip(sheet.ws.iter_rows(min_row=2, min_col=4, max_col=5),
                                   figures.result.targets):
        fmt = "#,##0" if t.rule == "R2" else "0.0%"
        cell_t.number_format = cell_a.number_format = fmt
    sheet.lists = {6: [YES, NO]}
    sheet.close()


def _findings(book: Workbook, figures: Figures) -> None:
    sheet = _Sheet(book, "检查发现", ["规则", "条款", "级别", "对象", "说明"], [6, 8, 6, 20, 70])
    for f in figures.result.findings:
        sheet.add([f.rule, f.article, SEVERITY_LABELS[f.severity], f.subject, f.message])
    sheet.lists = {3: list(SEVERITY_LABELS.values())}
    sheet.close()


def _staffing(book: Workbook, figures: Figures) -> None:
    sheet = _Sheet(book, "人员配备", ["工作站", "街道", "现有工作人员（人）", "拟任站长",
                                   "拟任站长兼任党组织书记", "原站长", "原党组织书记"],
                   [16, 8, 10, 10, 10, 20, 20])
    for s in figures.stations:
        if "staff" not in s:
            continue
        sheet.add([s["station"], s["parent"], s["staff"], s["proposed_head"],
                   _yes(s["proposed_head_is_secretary"]), "、".join(s["heads"]),
                   "、".join(s["secretaries"])])
    sheet.formats = {3: "#,##0"}
    sheet.lists = {2: list(figures.inputs.instance.parents), 5: [YES, NO]}
    sheet.close()


def _timetable(book: Workbook, figures: Figures) -> None:
    """Part 七's phases (街道 empty) and each subdistrict's tasks, from the reform's records
    when there are some, else the document's defaults (the sheet's first row says which)."""
    plan = timetable(figures.inputs)
    note = "说明：" + ("日期、负责人与状态为系统中的实施记录。" if plan["recorded"] else plan["note"])
    sheet = _Sheet(book, "时间安排", ["街道", "阶段", "任务或工作内容", "条款", "开始日期",
                                   "结束日期或完成期限", "负责人", "状态"],
                   [8, 22, 60, 12, 12, 12, 10, 8], note=note)
    statuses = ["未开始", "进行中", "已完成"]
    for p in plan["phases"]:
        sheet.add([None, p["name"], p["work"], p["article"], p["start"], p["end"], None, None])
        for t in p["tasks"]:
            sheet.add([t["subdistrict"], p["name"], t["title"], t["article"], None, t["deadline"],
                       t["owner"] or None, t["status_label"]])
    sheet.formats = {5: "yyyy-mm-dd", 6: "yyyy-mm-dd"}
    sheet.lists = {1: list(figures.inputs.instance.parents), 8: statuses}
    sheet.close()


def workbook_bytes(figures: Figures) -> bytes:
    """The workbook as .xlsx content."""
    book = Workbook()
    _committees(book, figures)
    _stations(book, figures)
    _plan(book, figures)
    _targets(book, figures)
    _findings(book, figures)
    _staffing(book, figures)
    _timetable(book, figures)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
