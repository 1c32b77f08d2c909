"""The policy settings: every number of the Luohu document, each with its article.

A policy file is TOML; anything it leaves out keeps the default below. ``yizhan policy show``
prints :meth:`Policy.describe`. The defaults are SPEC.md §2; where the document is vague the
default is our reading and the docs (docs/policy.md) say so.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

import tomli_w

__all__ = ["Policy", "PolicyError", "SETTING_DOCS"]


class PolicyError(ValueError):
    """A policy file with an unknown key or a value of the wrong kind."""


@dataclass(frozen=True)
class Band:
    min_households: int = 6000
    max_households: int = 10000


@dataclass(frozen=True)
class Exemption:
    single_unit_over_max: bool = True
    require_self_contained: bool = False


@dataclass(frozen=True)
class Facilities:
    aggregation: str = "max"
    office_min_m2: float = 200.0
    office_target_share: float = 1.0
    service_min_m2: float = 900.0
    service_target_share: float = 0.5
    plaza_min_m2: float = 1000.0
    plaza_target_share: float = 0.5
    r5_mode: str = "each"


@dataclass(frozen=True)
class Party:
    general_branch_min_members: int = 51
    party_committee_min_members: int = 100


@dataclass(frozen=True)
class Leadership:
    max_deputy_heads: int = 0
    max_deputy_secretaries: int = 1
    max_head_assistants: int = 1
    head_assistant_min_households: int = 8000
    secretary_is_head: bool = True


@dataclass(frozen=True)
class Staffing:
    min_staff_per_station: int = 3


@dataclass(frozen=True)
class Objective:
    order: tuple[str, ...] = ("band", "facilities", "disruption", "compactness")


OBJECTIVE_TERMS = ("band", "facilities", "disruption", "compactness")
_CHOICES = {("facilities", "aggregation"): ("max", "sum"),
            ("facilities", "r5_mode"): ("each", "both")}

#: (section, key) → (article, Chinese, English) for ``policy show`` and the docs.
SETTING_DOCS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("band", "min_households"): ("R2 §2(2)", "每站常住户数下限", "least resident households per station"),
    ("band", "max_households"): ("R2 §2(2)", "每站常住户数上限", "most resident households per station"),
    ("exemption", "single_unit_over_max"): (
        "R3 §2(2)", "相对独立完整的大型社区可单独设站并超过上限",
        "a one-committee station above the maximum is exempt from the band"),
    ("exemption", "require_self_contained"): (
        "R3 §2(2)", "豁免须有“相对独立完整、物业管理完善”标记",
        "the exemption needs the unit's self_contained flag"),
    ("facilities", "aggregation"): (
        "R4/R5 §2(3)", "合并站的设施面积取成员最大值(max)或合计(sum)",
        "a merged station's facility area: largest member's (max) or the sum"),
    ("facilities", "office_min_m2"): ("R4 §2(3)", "办公用房达标面积(平方米)", "office space standard (m²)"),
    ("facilities", "office_target_share"): ("R4 §2(3)", "办公用房达标站比例目标", "target share of stations with office space"),
    ("facilities", "service_min_m2"): ("R5 §2(3)", "公共服务设施达标面积(平方米)", "public-service facilities standard (m²)"),
    ("facilities", "service_target_share"): ("R5 §2(3)", "公共服务设施达标站比例目标", "target share with service facilities"),
    ("facilities", "plaza_min_m2"): ("R5 §2(3)", "户外文体广场达标面积(平方米)", "outdoor plaza standard (m²)"),
    ("facilities", "plaza_target_share"): ("R5 §2(3)", "户外文体广场达标站比例目标", "target share with a plaza"),
    ("facilities", "r5_mode"): (
        "R5 §2(3)", "each: 服务设施与广场各自达50%; both: 两项同时达标的站达50%",
        "each: service and plaza each reach the share; both: stations with both reach it"),
    ("party", "general_branch_min_members"): (
        "R9 §2(6)", "改设党总支的最少党员数(党章惯例: 超过50人)", "least members for a general branch (party rules: more than 50)"),
    ("party", "party_committee_min_members"): (
        "R9 §2(6)", "改设党委的最少党员数(党章惯例: 100人以上)", "least members for a party committee (party rules: 100 or more)"),
    ("leadership", "max_deputy_heads"): ("R10 §2(7)", "副站长职数(不设)", "deputy station heads (none)"),
    ("leadership", "max_deputy_secretaries"): ("R10 §2(7)", "党组织副书记最多人数", "most deputy party secretaries"),
    ("leadership", "max_head_assistants"): ("R10 §2(7)", "站长助理最多人数", "most station-head assistants"),
    ("leadership", "head_assistant_min_households"): (
        "R10 §2(7)", "可设站长助理的“规模较大”站的最少户数(本系统的假设)",
        "least households of a 'large' station that may have an assistant (our assumption)"),
    ("leadership", "secretary_is_head"): ("R10 §2(7)", "党组织书记兼任站长", "the party secretary is the station head"),
    ("staffing", "min_staff_per_station"): (
        "R8 §2(5)", "分配员额时每站最少人数", "least staff per station when apportioning the fixed headcount"),
    ("objective", "order"): (
        "R2-R6", "规划目标的字典序: band 户数区间, facilities 设施达标, disruption 变动, compactness 紧凑",
        "lexicographic objective order of the planner"),
}


@dataclass(frozen=True)
class Policy:
    """All settings, grouped as in the TOML file.

    Examples
    --------
    >>> p = Policy.from_toml_text('[band]\\nmin_households = 5000')
    >>> p.band.min_households, p.band.max_households
    (5000, 10000)
    """

    band: Band = field(default_factory=Band)
    exemption: Exemption = field(default_factory=Exemption)
    facilities: Facilities = field(default_factory=Facilities)
    party: Party = field(default_factory=Party)
    leadership: Leadership = field(default_factory=Leadership)
    staffing: Staffing = field(default_factory=Staffing)
    objective: Objective = field(default_factory=Objective)

    @classmethod
    def default(cls) -> Policy:
        return cls()

    @classmethod
    def load(cls, path: str | Path | None) -> Policy:
        """The policy in ``path``, or the default when ``path`` is None."""
        if path is None:
            return cls()
        return cls.from_toml_text(Path(path).read_text(encoding="utf-8"))

    @classmethod
    def from_toml_text(cls, text: str) -> Policy:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(f"策略文件不是有效的 TOML / not valid TOML: {exc}") from exc
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict) -> Policy:
        sections = {}
        for f in fields(cls):
            default = getattr(cls(), f.name)
            given = data.get(f.name, {})
            if not isinstance(given, dict):
                raise PolicyError(f"[{f.name}] 应为一节 / must be a table")
            known = {sf.name: sf for sf in fields(default)}
            unknown = set(given) - set(known)
            if unknown:
                raise PolicyError(f"[{f.name}] 未知设置 / unknown setting(s): {', '.join(sorted(unknown))}")
            values = {k: _coerce(f.name, k, getattr(default, k), v) for k, v in given.items()}
            sections[f.name] = replace(default, **values)
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise PolicyError(f"未知的节 / unknown section(s): {', '.join(sorted(unknown))}")
        policy = cls(**sections)
        policy.validate()
        return policy

    def validate(self) -> None:
        if not 0 <= self.band.min_households <= self.band.max_households:
            raise PolicyError("户数下限须不大于上限 / band minimum must not exceed maximum")
        for key in ("office", "service", "plaza"):
            share = getattr(self.facilities, f"{key}_target_share")
            if not 0 <= share <= 1:
                raise PolicyError(f"{key}_target_share 须在0到1之间 / must be between 0 and 1")
        if self.party.general_branch_min_members > self.party.party_committee_min_members:
            raise PolicyError("总支门槛须不大于党委门槛 / general-branch threshold above committee threshold")

    def to_dict(self) -> dict:
        data = asdict(self)
        data["objective"]["order"] = list(self.objective.order)
        return data

    def to_toml(self) -> str:
        return tomli_w.dumps(self.to_dict())

    def describe(self) -> list[dict]:
        """One row per setting: section, key, value, article, Chinese and English meaning."""
        rows = []
        for section, values in self.to_dict().items():
            for key, value in values.items():
                article, zh, en = SETTING_DOCS[(section, key)]
                rows.append(dict(section=section, key=key, value=value, article=article,
                                 zh=zh, en=en))
        return rows


def _coerce(section: str, key: str, default, value):
    """Check a TOML value against the default's type; say in both languages what is wrong."""
    where = f"[{section}] {key}"
    if (section, key) in _CHOICES and value not in _CHOICES[(section, key)]:
        raise PolicyError(f"{where} 只能取 / must be one of {_CHOICES[(section, key)]}, got {value!r}")
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise PolicyError(f"{where} 应为 true/false / must be true or false")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise PolicyError(f"{where} 应为整数 / must be an integer")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise PolicyError(f"{where} 应为数字 / must be a number")
        return float(value)
    if isinstance(default, tuple):
        if (not isinstance(value, list) or sorted(value) != sorted(OBJECTIVE_TERMS)):
            raise PolicyError(f"{where} 须为以下各项的一个排列 / must order exactly {list(OBJECTIVE_TERMS)}")
        return tuple(value)
    if not isinstance(value, str):
        raise PolicyError(f"{where} 应为文字 / must be text")
    return value
