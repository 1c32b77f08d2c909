"""Reconcile the 2006 committee names with the 2023 NBS statistical division codes.

Names drift over seventeen years: a character is written differently (羲龙 → 曦龙), a short
name is expanded (渔邨 → 渔民村), committees are merged away or new ones appear (翠达). A join on
names would silently drop the first two and could silently marry wrong pairs, so matching is
done in three kinds, inside one subdistrict only:

- ``exact``: same name (after stripping 社区居民委员会) in the same subdistrict; applied;
- ``confirmed``: a near match a person has reviewed and written into
  ``reconcile_confirmed.csv`` with a reason; applied;
- ``proposed``: a near match found by rule (variant-character table, abbreviation /
  expansion, string similarity) with its reason; **never applied** until confirmed.

Everything left over is listed as missing on its side. :func:`reconcile` is pure;
:func:`reconcile_bundled` runs it on the files shipped in ``luohu2006/``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

import pandas as pd

from yizhan.data.bundled import read_bundled_csv
from yizhan.data.document import committees

__all__ = [
    "VARIANT_CHARACTERS",
    "CONFIRMED_COLUMNS",
    "Match",
    "ReconcileReport",
    "strip_committee_suffix",
    "strip_street_suffix",
    "near_match_reason",
    "reconcile",
    "reconcile_bundled",
]

#: Characters written differently in place names → the form the 2023 registry uses, with a
#: note. Homophone spellings of the same place (羲/曦) and variant or traditional forms.
VARIANT_CHARACTERS: dict[str, tuple[str, str]] = {
    "羲": ("曦", "羲/曦 同音(xī)异写 same sound, written differently"),
    "邨": ("村", "邨为村的异体字 variant form of 村"),
    "崗": ("岗", "繁简字 traditional/simplified"),
    "嶺": ("岭", "繁简字 traditional/simplified"),
    "圍": ("围", "繁简字 traditional/simplified"),
    "灣": ("湾", "繁简字 traditional/simplified"),
    "龍": ("龙", "繁简字 traditional/simplified"),
    "園": ("园", "繁简字 traditional/simplified"),
    "貝": ("贝", "繁简字 traditional/simplified"),
    "東": ("东", "繁简字 traditional/simplified"),
    "華": ("华", "繁简字 traditional/simplified"),
    "鵬": ("鹏", "繁简字 traditional/simplified"),
}

#: Columns of ``reconcile_confirmed.csv`` (docs/formats.md).
CONFIRMED_COLUMNS = ("name_2006", "parent", "code_2023", "name_2023", "reason", "confirmed_by",
                     "confirmed_on")

_COMMITTEE_SUFFIXES = ("社区居民委员会", "居民委员会", "社区居委会", "居委会", "社区")
_STREET_SUFFIXES = ("街道办事处", "街道办", "街道")


def strip_committee_suffix(name: str) -> str:
    """``曦龙社区居民委员会`` → ``曦龙`` (the form the 2006 document uses)."""
    name = str(name).strip()
    for suffix in _COMMITTEE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def strip_street_suffix(name: str) -> str:
    """``黄贝街道`` → ``黄贝``."""
    name = str(name).strip()
    for suffix in _STREET_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _normalise(name: str) -> tuple[str, list[str]]:
    """The name with variant characters replaced, and a note per replacement."""
    notes = []
    out = []
    for ch in name:
        if ch in VARIANT_CHARACTERS:
            canonical, note = VARIANT_CHARACTERS[ch]
            notes.append(f"{ch}→{canonical}: {note}")
            ch = canonical
        out.append(ch)
    return "".join(out), notes


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def near_match_reason(name_2006: str, name_2023: str, min_similarity: float = 0.6) -> str | None:
    """Why two different names may be the same committee, or None.

    Rules, in order: the variant-character table makes them equal; after it one name is the
    other with characters left out, keeping first and last (an abbreviation or expansion:
    渔邨 / 渔民村); their similarity (:class:`difflib.SequenceMatcher` ratio) is at least
    ``min_similarity``. Two-character names differing in one character score 0.5, so 翠辉 and
    翠达 are *not* proposed: sharing 翠 is too common in Luohu to mean anything.

    Examples
    --------
    >>> near_match_reason("羲龙", "曦龙")
    '异体/异写字 variant characters (羲→曦: 羲/曦 同音(xī)异写 same sound, written differently)'
    >>> near_match_reason("翠辉", "翠达") is None
    True
    """
    if name_2006 == name_2023:
        return None
    a, notes_a = _normalise(name_2006)
    b, notes_b = _normalise(name_2023)
    notes = "; ".join(notes_a + notes_b)
    with_notes = f" ({notes})" if notes else ""
    if a == b:
        return f"异体/异写字 variant characters{with_notes}"
    short, long = sorted((a, b), key=len)
    if (len(short) >= 2 and len(long) > len(short) and short[0] == long[0]
            and short[-1] == long[-1] and _is_subsequence(short, long)):
        return f"简称/全称 abbreviation or expansion: {name_2006} / {name_2023}{with_notes}"
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    if ratio >= min_similarity:
        return f"名称相近 similar names (相似度 similarity {ratio:.2f}){with_notes}"
    return None


@dataclass(frozen=True)
class Match:
    """A 2006 committee paired with a 2023 committee, of kind exact, confirmed or proposed."""

    kind: str
    code_2006: str
    name_2006: str
    parent: str
    code_2023: str
    name_2023: str
    reason: str
    confirmed_by: str = ""
    confirmed_on: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ReconcileReport:
    """The result of :func:`reconcile`.

    ``missing_2006`` rows (``code_2006``, ``name_2006``, ``parent``, ``proposals``) are 2006
    committees that got no code (neither exact nor confirmed; ``proposals`` names the 2023
    candidates awaiting review). ``missing_2023`` rows (``code_2023``, ``name_2023``,
    ``parent``) are 2023 committees nobody was matched to. ``problems`` lists confirmed rows
    that could not be applied (unknown code, other subdistrict, code already taken).
    """

    exact: list[Match] = field(default_factory=list)
    confirmed: list[Match] = field(default_factory=list)
    proposed: list[Match] = field(default_factory=list)
    missing_2006: list[dict] = field(default_factory=list)
    missing_2023: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {"exact": len(self.exact), "confirmed": len(self.confirmed),
                "proposed": len(self.proposed), "missing_2006": len(self.missing_2006),
                "missing_2023": len(self.missing_2023), "problems": len(self.problems)}

    def codes(self) -> dict[tuple[str, str], str]:
        """(2006 name, parent) → 12-digit 2023 code, for exact and confirmed matches only."""
        return {(m.name_2006, m.parent): m.code_2023 for m in (*self.exact, *self.confirmed)}

    def to_dict(self) -> dict:
        return {
            "counts": self.counts,
            "exact": [m.to_dict() for m in self.exact],
            "confirmed": [m.to_dict() for m in self.confirmed],
            "proposed": [m.to_dict() for m in self.proposed],
            "missing_2006": [dict(row) for row in self.missing_2006],
            "missing_2023": [dict(row) for row in self.missing_2023],
            "problems": list(self.problems),
        }


def _records(rows) -> list[dict]:
    if rows is None:
        return []
    if isinstance(rows, pd.DataFrame):
        return rows.fillna("").astype(str).to_dict(orient="records")
    return [dict(r) for r in rows]


def reconcile(committees_2006: Iterable[Mapping] | pd.DataFrame,
              registry_2023: Iterable[Mapping] | pd.DataFrame,
              confirmed: Iterable[Mapping] | pd.DataFrame | None = None,
              min_similarity: float = 0.6) -> ReconcileReport:
    """Match 2006 committees to 2023 ones within each subdistrict; pure.

    Parameters
    ----------
    committees_2006 : rows with ``name``, ``parent`` and optionally ``code``
        Names as in the 2006 document; ``parent`` a subdistrict name (黄贝 or 黄贝街道).
    registry_2023 : rows with ``code``, ``name`` and ``street_name`` (or ``parent``)
        The NBS extract; names may carry the 社区居民委员会 suffix.
    confirmed : rows of ``reconcile_confirmed.csv``, optional
        Reviewed near matches; only these near matches get a code.
    min_similarity : float
        Threshold of the similarity rule of :func:`near_match_reason`.
    """
    old = [dict(code=str(r.get("code", "")), name=str(r["name"]).strip(),
                parent=strip_street_suffix(r["parent"])) for r in _records(committees_2006)]
    new = [dict(code=str(r["code"]).strip(), name=strip_committee_suffix(r["name"]),
                parent=strip_street_suffix(r.get("street_name") or r.get("parent", "")))
           for r in _records(registry_2023)]
    by_key = {(r["parent"], r["name"]): r for r in new}
    by_code = {r["code"]: r for r in new}
    report = ReconcileReport()
    taken: set[str] = set()
    unmatched = []
    for r in old:
        hit = by_key.get((r["parent"], r["name"]))
        if hit is not None and hit["code"] not in taken:
            taken.add(hit["code"])
            report.exact.append(Match("exact", r["code"], r["name"], r["parent"], hit["code"],
                                      hit["name"], "名称相同 identical name"))
        else:
            unmatched.append(r)

    reviewed = {(strip_street_suffix(c["parent"]), str(c["name_2006"]).strip()): c
                for c in _records(confirmed)}
    still = []
    for r in unmatched:
        row = reviewed.pop((r["parent"], r["name"]), None)
        if row is None:
            still.append(r)
            continue
        hit = by_code.get(str(row["code_2023"]).strip())
        problem = _confirmed_problem(row, hit, r, taken)
        if problem:
            report.problems.append(problem)
            still.append(r)
            continue
        taken.add(hit["code"])
        report.confirmed.append(Match("confirmed", r["code"], r["name"], r["parent"],
                                      hit["code"], hit["name"], str(row["reason"]),
                                      str(row.get("confirmed_by", "")),
                                      str(row.get("confirmed_on", ""))))
    for (parent, name), row in reviewed.items():
        report.problems.append(f"已确认的 {parent}/{name} 不在2006年名单中或已精确匹配 / "
                               f"confirmed {parent}/{name} is not an unmatched 2006 committee")

    free = [n for n in new if n["code"] not in taken]
    for r in still:
        proposals = []
        for n in free:
            if n["parent"] != r["parent"]:
                continue
            reason = near_match_reason(r["name"], n["name"], min_similarity)
            if reason:
                proposals.append(n["name"])
                report.proposed.append(Match("proposed", r["code"], r["name"], r["parent"],
                                             n["code"], n["name"], reason))
        report.missing_2006.append(dict(code_2006=r["code"], name_2006=r["name"],
                                        parent=r["parent"], proposals=proposals))
    report.missing_2023 = [dict(code_2023=n["code"], name_2023=n["name"], parent=n["parent"])
                           for n in free]
    return report


def _confirmed_problem(row: Mapping, hit: dict | None, old: dict, taken: set[str]) -> str:
    """Why a confirmed row cannot be applied, in both languages ('' when it can)."""
    where = f"{old['parent']}/{old['name']} → {row['code_2023']}"
    if hit is None:
        return f"{where}: 2023年无此代码 / no such 2023 code"
    if hit["parent"] != old["parent"]:
        return f"{where}: 代码属于{hit['parent']}街道 / the code belongs to another subdistrict"
    if hit["code"] in taken:
        return f"{where}: 代码已被匹配 / the code is already matched"
    name_2023 = strip_committee_suffix(row.get("name_2023", "") or hit["name"])
    if name_2023 != hit["name"]:
        return f"{where}: 名称应为{hit['name']} / the 2023 name there is {hit['name']}"
    return ""


def reconcile_bundled() -> ReconcileReport:
    """:func:`reconcile` on the document's committees and the files in ``luohu2006/``."""
    old = [dict(code=c.code, name=c.name, parent=c.parent) for c in committees()]
    return reconcile(old, read_bundled_csv("nbs2023_luohu.csv"),
                     read_bundled_csv("reconcile_confirmed.csv"))
