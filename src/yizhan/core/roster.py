"""The roster: people, posts, party organisations, assets and funds, beside the :class:`Instance`.

The instance says what the committees *are* (households, facilities, borders); the roster says
who works where and what each organisation owns, which is what the rollout changes (document
part 二 (五)-(九), rules R8-R12). It is plain data, never a database: the CLI reads it from
files or the bundled dataset, the web app builds it from the registry.

Every frame is keyed by codes; ``unit`` always names a committee (a station post names the
committee whose station it is, as in ``posts.csv``, docs/formats.md).

What the document needs but a dataset may lack (a pay grade, an asset's owner class, the
固本强基 funds) is never filled in: the column stays empty and :meth:`Roster.gaps` says what is
missing and which rule can then say less. What a data layer *derived* rather than recorded
(e.g. a party organisation's kind from its members) is listed in ``derived`` and shown with
every result, the way synthetic attributes are labelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Roster", "PEOPLE_COLUMNS", "POST_COLUMNS", "PARTY_COLUMNS", "ASSET_COLUMNS",
           "FUND_COLUMNS", "OWNER_CLASSES", "ORGS", "ROLES"]

PEOPLE_COLUMNS = ("person_id", "name", "pay_grade")
POST_COLUMNS = ("person_id", "org", "unit", "role")
#: ``level``: ``community`` (the 社区一级党组织 of a committee or a station) or ``branch``
#: (a branch under a general branch or party committee); ``parent``: the org_id it sits under;
#: ``secretary``/``deputy_secretaries`` (";"-separated person ids) when the source knows them
#: per organisation — otherwise they are the party posts of the organisation's ``unit``.
PARTY_COLUMNS = ("org_id", "unit", "name", "kind", "members", "level", "parent", "secretary",
                 "deputy_secretaries")
#: ``org``: ``station`` or ``committee`` (whose asset it is); value in fen (integer).
ASSET_COLUMNS = ("asset_id", "org", "unit", "description", "owner_class", "value_fen")
#: 固本强基 project funds allotted to a unit's community today, in fen.
FUND_COLUMNS = ("unit", "amount_fen")

#: Owner classes of an asset (R11 §2(8)); "" = not recorded.
OWNER_CLASSES = {"state": ("国有", "state-owned"), "collective": ("集体", "collective"),
                 "other": ("其他", "other")}
ORGS = ("station", "committee", "party")
ROLES = {"station": ("head", "assistant", "staff", "deputy_head"),
         "committee": ("director", "deputy", "member"),
         "party": ("secretary", "deputy_secretary", "member")}

_INT = {"members", "value_fen", "amount_fen"}


def _frame(data, columns: tuple[str, ...], required: tuple[str, ...]) -> pd.DataFrame:
    """``data`` with every column (absent optional ones empty), codes as text, ints as ints."""
    frame = pd.DataFrame(columns=list(columns)) if data is None else pd.DataFrame(data).copy()
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"roster table lacks column(s): {', '.join(missing)}")
    for col in columns:
        if col not in frame.columns:
            frame[col] = 0 if col in _INT else ""
        if col in _INT:
            frame[col] = pd.to_numeric(frame[col]).fillna(0).astype("int64")
        else:
            frame[col] = frame[col].fillna("").astype(str)
    return frame[list(columns)].reset_index(drop=True)


@dataclass(eq=False)
class Roster:
    """Who holds which post, and what each organisation has.

    Parameters
    ----------
    people : DataFrame ``person_id, name[, pay_grade]``
    posts : DataFrame ``person_id, org, unit, role``
    party : DataFrame of :data:`PARTY_COLUMNS` (``level``/``parent`` optional), or None
    assets : DataFrame of :data:`ASSET_COLUMNS`, or None when no asset is recorded
    funds : DataFrame of :data:`FUND_COLUMNS`, or None when no fund is recorded
    synthetic : True for generated demonstration data (shown with every result)
    derived : field → (Chinese, English) note of what the data layer derived, not recorded

    Examples
    --------
    >>> r = Roster(pd.DataFrame({"person_id": ["P1"], "name": ["甲"]}),
    ...            pd.DataFrame({"person_id": ["P1"], "org": ["station"], "unit": ["a"],
    ...                          "role": ["head"]}))
    >>> [g[0] for g in r.gaps()]
    ['pay_grade', 'party', 'assets', 'funds']
    """

    people: pd.DataFrame
    posts: pd.DataFrame
    party: pd.DataFrame | None = None
    assets: pd.DataFrame | None = None
    funds: pd.DataFrame | None = None
    synthetic: bool = False
    derived: dict[str, tuple[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.people = _frame(self.people, PEOPLE_COLUMNS, ("person_id", "name"))
        self.posts = _frame(self.posts, POST_COLUMNS, POST_COLUMNS)
        self.has_party = self.party is not None and len(self.party) > 0
        self.has_assets = self.assets is not None and len(self.assets) > 0
        self.has_funds = self.funds is not None and len(self.funds) > 0
        self.party = _frame(self.party, PARTY_COLUMNS, ("org_id", "unit", "members"))
        self.party["level"] = self.party["level"].replace("", "community")
        self.assets = _frame(self.assets, ASSET_COLUMNS, ("asset_id", "org", "unit", "value_fen"))
        self.funds = _frame(self.funds, FUND_COLUMNS, FUND_COLUMNS)

    def pay_grade(self, person_id: str) -> str:
        """The recorded pay grade ("" when none is recorded)."""
        return self._grades.get(person_id, "")

    @property
    def _grades(self) -> dict[str, str]:
        return dict(zip(self.people["person_id"], self.people["pay_grade"]))

    def name(self, person_id: str) -> str:
        return dict(zip(self.people["person_id"], self.people["name"])).get(person_id, person_id)

    def gaps(self) -> list[tuple[str, str, str]]:
        """What the document needs that this roster does not record: (field, Chinese, English).

        Nothing is invented for a gap; the rule that needs it says less (and says so).
        """
        out = []
        if (self.people["pay_grade"] == "").all():
            out.append(("pay_grade", "人员未登记待遇（薪级）：R8“待遇不变”只能核对为未作改动",
                        "no pay grade is recorded: R8's 'pay unchanged' can only be checked as "
                        "'not changed by the rollout'"))
        if not self.has_party:
            out.append(("party", "未登记社区党组织：R9无从调整",
                        "no party organisation is recorded: R9 has nothing to re-set"))
        if not self.has_assets:
            out.append(("assets", "未登记资产：R11资产清理清单为空，实施前应登记原工作站和居委会的资产",
                        "no asset is recorded: the R11 clearance list is empty; record the old "
                        "stations' and committees' assets before applying"))
        elif (self.assets["owner_class"] == "").any():
            n = int((self.assets["owner_class"] == "").sum())
            out.append(("owner_class", f"{n}项资产未登记产权类别：R11无法判断是否划归区政府",
                        f"{n} asset(s) have no owner class: R11 cannot tell whether they pass "
                        "to the district government"))
        if not self.has_funds:
            out.append(("funds", "未登记固本强基项目资金：R12无从按整合后的社区配置",
                        "no 固本强基 project funds are recorded: R12 has nothing to allocate"))
        return out
