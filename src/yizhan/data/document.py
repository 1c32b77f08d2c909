"""The committees and the official plan exactly as the 2006 Luohu document writes them.

This is the *real* part of the bundled dataset: the ten subdistricts, the 115 committee names
and the 83 stations of the official plan (document part 六, SPEC.md §5). Everything else in
``luohu2006/`` (households, areas, facilities, people) is synthetic and generated from it.

Names are kept as the document writes them (羲龙, 渔邨), even where the 2023 registry spells
them differently; :mod:`yizhan.data.reconcile` links the two.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SUBDISTRICT_PLANS", "Committee", "committees", "official_groups", "code_of"]

#: Per subdistrict, in document order: the merged groups, then the stations kept alone
#: (document part 六 items (一)-(十)).
SUBDISTRICT_PLANS: tuple[tuple[str, tuple[tuple[str, ...], ...], tuple[str, ...]], ...] = (
    ("黄贝", (("碧波", "湖滨"), ("罗芳", "羲龙"), ("新秀", "新湖")),
     ("水库", "怡景", "新谊", "凤凰", "文华", "新兴", "黄贝岭")),
    ("南湖", (("建南", "罗湖桥"), ("友谊", "罗湖"), ("海关", "和平"), ("新港", "渔邨"),
             ("嘉北", "建中")),
     ("向西", "嘉南", "文锦", "新南")),
    ("桂园", (("大塘龙", "红岭"), ("红南", "红村"), ("洪围", "桂木园"), ("新围", "滨苑")),
     ("老围", "松园", "人民桥", "鹿丹村")),
    ("东门", (("东门", "北门"), ("立新", "书院街"), ("花场", "东风"), ("螺岭", "翠园", "玉兰"),
             ("湖容", "新龙"), ("城东", "城贝"), ("锦湖", "湖贝")),
     ()),
    ("笋岗", (("田心", "梨园"), ("田贝", "洪湖")), ("笋岗", "笋西", "北站", "湖景")),
    ("清水河", (("红岗", "清水河"),), ("梅园", "泥岗", "银湖", "草埔西", "玉龙", "龙湖")),
    ("翠竹", (("百仕达", "翠辉"),),
     ("木头龙", "翠宁", "新村", "民新", "翠锦", "愉天", "翠平", "水贝", "翠岭", "翠竹")),
    ("东晓", (("名地", "绿景"), ("马山", "马岗"), ("港发", "木棉花", "木棉岭")),
     ("松泉", "独树", "兰花", "东晓", "草埔东")),
    ("东湖", (("乐群", "东民"), ("太白", "翠鹏"), ("翠湖", "翠新")),
     ("布心", "大望", "梧桐山", "金鹏", "金岭", "金湖")),
    ("莲塘", (("广岭", "西岭"),), ("畔山", "鹏兴", "莲花", "坳下", "长岭", "仙湖", "莲塘")),
)


@dataclass(frozen=True)
class Committee:
    """One residential committee of 2006: local code, name, subdistrict, official station."""

    code: str
    name: str
    parent: str
    station: str


def code_of(index: int) -> str:
    """The local code of the ``index``-th committee in document order (0 → ``LH001``)."""
    return f"LH{index + 1:03d}"


def committees() -> list[Committee]:
    """The 115 committees in document order with their official (2006 plan) station label.

    A merged station is labelled with its members' names joined by ``+`` (``碧波+湖滨``), a
    kept one with its own name. Raises if a name appears twice, since names are the key that
    links the document, the plan and the 2023 registry.
    """
    out: list[Committee] = []
    for parent, groups, kept in SUBDISTRICT_PLANS:
        for group in (*groups, *((name,) for name in kept)):
            station = "+".join(group)
            for name in group:
                out.append(Committee(code_of(len(out)), name, parent, station))
    names = [c.name for c in out]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise ValueError(f"committee names must be unique: {duplicated}")
    return out


def official_groups() -> list[list[str]]:
    """The official plan as groups of committee codes, in document order."""
    groups: dict[str, list[str]] = {}
    for c in committees():
        groups.setdefault(c.station, []).append(c.code)
    return list(groups.values())
