"""The rules of the Luohu document (SPEC.md §2-§4) as data: id, article, kind, meaning.

This is the one place where a rule's article is written down; every finding is made through
:func:`finding`, so a finding can never name a rule and cite the wrong article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from yizhan.core.findings import Finding

__all__ = ["Rule", "RULES", "finding", "document_article", "CHECKED_ON_PLAN"]


@dataclass(frozen=True)
class Rule:
    id: str
    article: str
    kind: str
    zh: str
    en: str


RULES: dict[str, Rule] = {r.id: r for r in [
    Rule("R1", "§2(1),(10)", "hard", "保留社区居委会，只合并工作站；每个居委会属于且仅属于一个工作站",
         "committees are kept; only stations merge; every committee belongs to exactly one station"),
    Rule("R2", "§2(2)", "target", "每站辖常住人口约6000—10000户，并参考社区类型、面积",
         "a station serves about 6,000-10,000 resident households; type and area also count"),
    Rule("R3", "§2(2)", "exemption", "相对独立完整、物业管理完善的大型社区可超过标准单独设站",
         "a self-contained large community with complete property management may exceed the band alone"),
    Rule("R4", "§2(3)", "target", "拥有200平方米以上办公用房的社区达到100%",
         "stations with at least 200 m² of office space: 100%"),
    Rule("R5", "§2(3)", "target", "拥有900平方米以上公共服务设施、1000平方米以上户外文体广场的社区达到50%",
         "stations with ≥ 900 m² of service facilities and ≥ 1,000 m² outdoor plaza: 50%"),
    Rule("R6", "§2(4)", "hard", "整合不跨街道办事处，考虑地域相近和完整性",
         "no station crosses a subdistrict; its committees are close and contiguous"),
    Rule("R7", "§2(4)", "output", "调整后明晰各社区工作站的责任边界",
         "after consolidation each station's area of responsibility is redrawn"),
    Rule("R8", "§2(5)", "invariant", "全区工作站员额管理人员总量、待遇、经费保持不变",
         "the district's total station headcount, pay and budgets stay unchanged"),
    Rule("R9", "§2(6)", "rule", "党组织同步调整：小调整、大稳定、支部基本不动；合并后符合条件的改设总支或党委",
         "party organisations re-set with the stations; merged ones that qualify become general branches or committees"),
    Rule("R10", "§2(7)", "rule", "只设站长，不设副站长；可设党组织副书记1名；较大工作站可设站长助理1名；书记兼任站长",
         "one head, no deputy; at most one deputy secretary; an assistant only in large stations; the secretary is the head"),
    Rule("R11", "§2(8)", "process", "整合期间清理资产产权，国有资产划归区政府",
         "assets are cleared; state-owned assets pass to the district government"),
    Rule("R12", "§2(9)", "rule", "固本强基项目按整合后的社区配置",
         "'固本强基' project funds are allocated per consolidated station"),
    Rule("R13", "§4(1)", "rule", "政府职能部门不得直接向工作站布置任务，须经区社区建设工作委员会审批；"
         "临时性、非常规性任务须费随事转、配套工作条件，否则不予批准",
         "no department assigns work to a station directly: the community-building committee "
         "approves each task; a temporary task must carry its funding and working conditions "
         "(费随事转) or it is not approved"),
    # 四、（二） the service window (checked on each catalogue item by yizhan.policy.service)
    Rule("R14", "§4(2)", "hard", "除法律法规另有规定外，社区工作站开展工作不得收取任何费用",
         "no fee for any station service unless a law or regulation provides for it"),
    Rule("R15", "§4(2)", "hard", "社区工作站不得从事任何经营性活动",
         "a station does no commercial business"),
    # 四、（四） internal rules (read by the rollout's inspection checklist, item "rules")
    Rule("R16", "§4(4)", "rule", "建立健全协商议事、廉政建设、站务公开、财务、学习和岗位责任等制度",
         "each station keeps rules on consultation, integrity, open affairs, finance, study "
         "and post responsibility"),
]}

#: Rules the checker can judge from a plan and the registry; the rest are checked by the
#: rollout and operations modules that hold their data (R13: :mod:`yizhan.policy.operations`).
CHECKED_ON_PLAN = ("R1", "R2", "R3", "R4", "R5", "R6", "R8", "R9", "R10")


_NUMERALS = "零一二三四五六七八九十"


def _numeral(n: int) -> str:
    """1-99 in Chinese numerals (十一, 二十三), as the document numbers its parts."""
    if n <= 10:
        return _NUMERALS[n]
    tens, ones = divmod(n, 10)
    return (_NUMERALS[tens] if tens > 1 else "") + "十" + (_NUMERALS[ones] if ones else "")


def document_article(article: str) -> str:
    """An article as the document itself numbers it: part 二, item (三) → "二、（三）".

    >>> document_article("§2(3)")
    '二、（三）'
    >>> document_article("§2(1),(10)")
    '二、（一）（十）'
    >>> document_article("§4")
    '四、'
    """
    match = re.fullmatch(r"§(\d+)((?:,?\(\d+\))*)", article.strip())
    if match is None:
        return article
    items = re.findall(r"\((\d+)\)", match.group(2))
    return _numeral(int(match.group(1))) + "、" + "".join(f"（{_numeral(int(i))}）" for i in items)


def finding(rule_id: str, severity: str, subject: str, zh: str, en: str) -> Finding:
    """A finding of rule ``rule_id``, its article taken from :data:`RULES`."""
    return Finding(rule=rule_id, article=RULES[rule_id].article, severity=severity,
                   subject=subject, message=zh, message_en=en)
