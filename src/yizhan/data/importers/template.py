"""The template workbook of the units file: the headers, an example row and drop-down lists,
made from the column definitions the importer reads with (:mod:`.units`), so the template
and the importer cannot disagree.

- sheet 居委会: one header per column (the Chinese header the importer accepts), a filled
  example row, and Excel data validation on every column: the fixed choices (类型, the
  facility statuses, 是/否, 街道 when the registry's names are given) as drop-down lists,
  numbers as numbers ≥ 0 (households and party members whole), longitude/latitude in range;
- sheet 说明: each column, whether it is required, and what it holds;
- sheet 选项 (hidden): the lists the drop-downs read (a list written inline is limited to
  255 characters by Excel).

>>> from yizhan.data.importers import Upload, read_units
>>> book = units_template(["黄贝", "南湖"])
>>> frame = read_units(Upload("模板.xlsx", book), known_parents=["黄贝", "南湖"]).frame
>>> frame.loc[0, ["code", "parent", "type", "office_status"]].tolist()
['LH001', '黄贝', 'old_residential', 'meets']
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from yizhan.core.instance import (COMMUNITY_TYPES, FACILITIES, FACILITY_STATUSES,
                                  OPTIONAL_COLUMNS, REQUIRED_COLUMNS)
from yizhan.data.importers.units import HEADERS_ZH
from yizhan.geo.validate import LAT_RANGE, LON_RANGE

__all__ = ["units_template", "TEMPLATE_COLUMNS", "EXAMPLE_ROW"]

#: the columns of the template, in the importer's order
TEMPLATE_COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
_HEADER = {col: zh for zh, col in reversed(list(HEADERS_ZH.items()))}

#: the example row (row 2), as a clerk would type it
EXAMPLE_ROW = {
    "code": "LH001", "name": "碧波", "parent": None, "households": 4200, "office_m2": 260,
    "service_m2": 950, "plaza_m2": 0, "population": 11800, "area_km2": 0.45,
    "type": COMMUNITY_TYPES["old_residential"][0], "station": "碧波",
    "self_contained": "否", "office_status": FACILITY_STATUSES["meets"][0],
    "service_status": FACILITY_STATUSES["meets"][0],
    "plaza_status": FACILITY_STATUSES["hard"][0], "party_members": 35,
    "nbs_code": "440303001001", "x": 114.14, "y": 22.56,
}

_MEANING = {
    "code": "居委会编码，唯一", "name": "居委会名称", "parent": "所属街道（须是已有街道）",
    "households": "常住人口户数（整数）", "population": "人口（整数）",
    "area_km2": "面积（平方公里）", "type": "社区类型（下拉选择）",
    "station": "现在服务该居委会的工作站名称", "self_contained": "相对独立、物业管理完善的大型社区（是/否）",
    "party_members": "党员数（整数）", "nbs_code": "12位统计用区划代码",
    "x": "经度（WGS84）", "y": "纬度（WGS84）",
    **{f"{key}_m2": f"{zh}面积（平方米）" for key, zh, _ in FACILITIES},
    **{f"{key}_status": f"{zh}状况（下拉选择）" for key, zh, _ in FACILITIES},
}

_WHOLE = ("households", "population", "party_members")
_DECIMAL = ("office_m2", "service_m2", "plaza_m2", "area_km2")


def _choices(parents) -> dict[str, list[str]]:
    lists = {"parent": list(parents)} if parents else {}
    lists |= {"type": [zh for zh, _ in COMMUNITY_TYPES.values()],
             "self_contained": ["是", "否"],
             **{f"{key}_status": [zh for zh, _ in FACILITY_STATUSES.values()]
                for key, _, _ in FACILITIES}}
    return lists


def _validation(col: str, lists: dict, options, option_col: dict) -> DataValidation | None:
    if col in lists:
        letter = get_column_letter(option_col[col])
        ref = f"{quote_sheetname(options.title)}!${letter}$1:${letter}${len(lists[col])}"
        return DataValidation(type="list", formula1=ref, allow_blank=col not in REQUIRED_COLUMNS,
                              showErrorMessage=True, errorTitle="无效的值",
                              error="请从下拉列表中选择。")
    if col in _WHOLE:
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                              showErrorMessage=True, error="请填写不小于 0 的整数。")
    if col in _DECIMAL:
        return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                              showErrorMessage=True, error="请填写不小于 0 的数。")
    if col in ("x", "y"):
        lo, hi = LON_RANGE if col == "x" else LAT_RANGE
        return DataValidation(type="decimal", operator="between", formula1=str(lo),
                              formula2=str(hi), showErrorMessage=True,
                              error=f"请填写 {lo} 到 {hi} 之间的度数。")
    return None


def units_template(parents=(), rows: int = 1000) -> bytes:
    """The template workbook (xlsx bytes). ``parents``: the registry's subdistrict names for
    the 街道 drop-down (and the example row); ``rows``: how many rows the validation covers."""
    parents = list(parents)
    wb = Workbook()
    ws = wb.active
    ws.title = "居委会"
    options = wb.create_sheet("选项")
    options.sheet_state = "hidden"
    lists = _choices(parents)
    option_col = {}
    for i, (col, values) in enumerate(lists.items(), start=1):
        option_col[col] = i
        for r, value in enumerate(values, start=1):
            options.cell(row=r, column=i, value=value)
    required = PatternFill("solid", fgColor="FFF2CC")
    example = dict(EXAMPLE_ROW, parent=parents[0] if parents else "黄贝")
    for i, col in enumerate(TEMPLATE_COLUMNS, start=1):
        header = ws.cell(row=1, column=i, value=_HEADER[col])
        header.font = Font(bold=True)
        if col in REQUIRED_COLUMNS:
            header.fill = required
        ws.cell(row=2, column=i, value=example[col])
        ws.column_dimensions[get_column_letter(i)].width = max(10, len(_HEADER[col]) * 2 + 4)
        check = _validation(col, lists, options, option_col)
        if check is not None:
            check.add(f"{get_column_letter(i)}2:{get_column_letter(i)}{rows + 1}")
            ws.add_data_validation(check)
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("说明")
    notes.append(["列名", "必填", "说明"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for col in TEMPLATE_COLUMNS:
        notes.append([_HEADER[col], "是" if col in REQUIRED_COLUMNS else "否", _MEANING[col]])
    notes.append([])
    notes.append(["第2行是示例，请改成您的数据或删除；表头（第1行）不要修改。黄色表头为必填列。"])
    notes.column_dimensions["A"].width, notes.column_dimensions["C"].width = 16, 48
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
