"""The roster files (people, posts, party organisations, assets, funds), checked before use.

The same cell parsers as the units file (:mod:`yizhan.data.importers.values`), so a value
refused there is refused here; every problem of every file is listed before anything is built
(:class:`ImportFailed`). Money is given in 元 (``value_yuan``, ``amount_yuan``) and kept in fen.
Columns, English or Chinese (docs/formats.md "Roster files"):

- people: ``person_id`` 人员编号, ``name`` 姓名, optional ``pay_grade`` 待遇
- posts: ``person_id``, ``org`` 组织类别 (station/committee/party), ``unit`` 居委会编码, ``role`` 职务
- party: ``org_id`` 党组织编码, ``unit``, ``name`` 名称, ``kind`` 组织形式, ``members`` 党员数
- assets: ``asset_id`` 资产编号, ``org``, ``unit``, ``description`` 资产名称,
  ``owner_class`` 产权类别 (国有/集体/其他; blank = not recorded), ``value_yuan`` 价值（元）
- funds: ``unit``, ``amount_yuan`` 固本强基资金（元）
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from yizhan.core.roster import OWNER_CLASSES, ROLES, Roster
from yizhan.data.importers.problems import ImportFailed, ImportProblem
from yizhan.data.importers.sources import Source, load_bytes, read_table
from yizhan.data.importers.values import (Invalid, choice_table, is_blank, parse_choice,
                                          parse_code, parse_name, parse_number)
from yizhan.policy.checks import PARTY_KINDS

__all__ = ["SPECS", "read_roster_table", "load_roster"]

_ORGS = {"station": ("工作站", "station"), "committee": ("居委会", "committee"),
         "party": ("党组织", "party")}
_ROLE_NAMES = {"head": ("站长", "head"), "assistant": ("站长助理", "assistant"),
               "staff": ("工作人员", "staff"), "deputy_head": ("副站长", "deputy head"),
               "director": ("主任", "director"), "deputy": ("副主任", "deputy director"),
               "member": ("委员", "member"), "secretary": ("书记", "secretary"),
               "deputy_secretary": ("副书记", "deputy secretary")}


def _choice(choices):
    table = choice_table(choices)
    return lambda raw: parse_choice(raw, table, choices)


def _fen(raw):
    value = parse_number(raw, integer=False)
    return value if isinstance(value, Invalid) else int(round(value * 100))


def _members(raw):
    return parse_number(raw, integer=True)


@dataclass(frozen=True)
class Column:
    name: str          # the core column it fills
    zh: str            # its Chinese header
    parse: Callable
    required: bool = True
    source: str = ""   # the file's column when it differs (value_yuan → value_fen)


SPECS: dict[str, tuple[Column, ...]] = {
    "people": (Column("person_id", "人员编号", parse_code), Column("name", "姓名", parse_name),
               Column("pay_grade", "待遇", parse_name, required=False)),
    "posts": (Column("person_id", "人员编号", parse_code), Column("org", "组织类别", _choice(_ORGS)),
              Column("unit", "居委会编码", parse_code), Column("role", "职务", _choice(_ROLE_NAMES))),
    "party": (Column("org_id", "党组织编码", parse_code), Column("unit", "居委会编码", parse_code),
              Column("name", "名称", parse_name), Column("kind", "组织形式", _choice(PARTY_KINDS)),
              Column("members", "党员数", _members)),
    "assets": (Column("asset_id", "资产编号", parse_code),
               Column("org", "组织类别", _choice({k: _ORGS[k] for k in ("station", "committee")})),
               Column("unit", "居委会编码", parse_code), Column("description", "资产名称", parse_name),
               Column("owner_class", "产权类别", _choice(OWNER_CLASSES), required=False),
               Column("value_fen", "价值（元）", _fen, source="value_yuan")),
    "funds": (Column("unit", "居委会编码", parse_code),
              Column("amount_fen", "固本强基资金（元）", _fen, source="amount_yuan")),
}


def _header_key(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().lower().replace(" ", "_")


def read_roster_table(source: Source, kind: str, *, units: Iterable[str] | None = None,
                      ) -> tuple[pd.DataFrame | None, list[ImportProblem]]:
    """One roster file as a frame of what could be read, and its problems (the frame is None
    only when the file itself is unreadable; with any error it must not be used as data)."""
    spec = SPECS[kind]
    problems, data = load_bytes(source)
    table = None if data is None else read_table(data, problems)
    if table is None:
        return None, problems.items
    names = {}
    for col in spec:
        for spelling in (col.source or col.name, col.name, col.zh):
            names[_header_key(spelling)] = col
    at: dict[str, int] = {}
    for i, header in enumerate(table.header):
        col = names.get(_header_key(header))
        if col is not None and col.name not in at:
            at[col.name] = i
    for col in spec:
        if col.required and col.name not in at:
            problems.add("missing_column", f"缺少必填列“{col.zh}”（{col.source or col.name}）。",
                         f"The required column “{col.source or col.name}” ({col.zh}) is missing.",
                         row=table.header_row, column=col.source or col.name)
    known = None if units is None else set(units)
    first_row: dict[str, int] = {}
    records = []
    for row, cells in table.rows:
        record = {}
        for col in spec:
            if col.name not in at:
                continue
            i = at[col.name]
            raw = cells[i] if i < len(cells) else None
            header = table.header[i]
            if is_blank(raw):
                if col.required:
                    problems.missing(row, header)
                continue
            value = col.parse(raw)
            if isinstance(value, Invalid):
                problems.cell(value.kind, row, header, raw, value.zh, value.en)
                continue
            record[col.name] = value
            if col.name == "unit" and known is not None and value not in known:
                problems.cell("unknown_unit", row, header, raw, "不是居委会文件中的编码",
                              "is not a code of the units file")
        key = spec[0].name
        if kind in ("people", "party", "assets") and record.get(key):
            if record[key] in first_row:
                problems.cell("duplicate_code", row, table.header[at[key]], record[key],
                              f"与第{first_row[record[key]]}行重复", f"repeats row {first_row[record[key]]}")
            first_row.setdefault(record[key], row)
        if kind == "posts" and record.get("org") and record.get("role") \
                and record["role"] not in ROLES[record["org"]]:
            problems.cell("unknown_value", row, table.header[at["role"]], record["role"],
                          "不是该组织类别的职务", "is not a role of that kind of organisation")
        records.append(record)
    return pd.DataFrame.from_records(records, columns=[c.name for c in spec]), problems.items


def load_roster(people: Source | None = None, posts: Source | None = None, *,
                party: Source | None = None, assets: Source | None = None,
                funds: Source | None = None, units: Iterable[str] | None = None,
                base: Roster | None = None) -> tuple[Roster, list[ImportProblem]]:
    """A :class:`Roster` from files, every file checked; raise :class:`ImportFailed` on error.

    A table whose file is not given comes from ``base`` (e.g. the bundled roster) when there
    is one; people and posts are then needed from one side or the other.
    """
    units = None if units is None else list(units)
    frames, problems = {}, []
    for kind, source in (("people", people), ("posts", posts), ("party", party),
                         ("assets", assets), ("funds", funds)):
        if source is not None:
            frames[kind], found = read_roster_table(source, kind, units=units)
            problems += found
    used_base = False
    for kind in ("people", "posts", "party"):
        if kind not in frames and base is not None and (kind != "party" or base.has_party):
            frames[kind] = getattr(base, kind)
            used_base = True
    if "people" not in frames or "posts" not in frames:
        raise ImportFailed([*problems, ImportProblem(
            "roster", None, "people" if "people" not in frames else "posts", "missing_column",
            "error", "须同时给出人员与职务文件", "both a people and a posts file are needed")])
    known = set() if frames["people"] is None else set(frames["people"]["person_id"])
    named = set() if frames["posts"] is None or frames["people"] is None \
        else set(frames["posts"]["person_id"].dropna())
    for pid in sorted(named - known):
        problems.append(ImportProblem(str(posts or "posts"), None, "person_id", "unknown_unit",
                                      "error", f"职务文件中的人员{pid}不在人员文件中",
                                      f"the posts file names {pid}, who is not in the people file"))
    if any(p.is_error for p in problems):
        raise ImportFailed(problems)
    roster = Roster(frames["people"], frames["posts"], party=frames.get("party"),
                    assets=frames.get("assets"), funds=frames.get("funds"),
                    synthetic=used_base and base.synthetic,
                    derived=dict(base.derived) if used_base and party is None else {})
    return roster, [p for p in problems if not p.is_error]
