"""The service window's rules (四、（二）) as plain functions: a fee needs a legal basis (R14),
no commercial service (R15); and the six kinds of internal rules (四、（四）, R16).

Every input path (the catalogue form, the API) validates a catalogue item through
``ServiceItem.clean()``, which asks these functions; each refusal is a
:class:`~yizhan.core.findings.Finding` naming its rule and article (from :data:`RULES`).

>>> fee_finding(0, "", "代办居住证") is None
True
>>> f = fee_finding(500, "  ", "复印")
>>> f.rule, f.article
('R14', '§4(2)')
>>> fee_finding(500, "《深圳市居住证办法》第十条", "证件工本费") is None
True
>>> commercial_finding("sales", "代售商品").rule
'R15'
>>> missing_rule_kinds({"consultation", "finance"})
('integrity', 'open_affairs', 'study', 'post_responsibility')
"""

from __future__ import annotations

from yizhan.core.findings import Finding
from yizhan.policy.rules import finding

__all__ = ["SERVICE_KINDS", "RULE_KINDS", "fee_finding", "commercial_finding",
           "missing_rule_kinds", "yuan"]

#: the kinds of service a station may offer: the government's public services in the
#: community (四、前言: "政府设在基层的服务平台"). There is deliberately no commercial kind
#: (R15): a kind outside this list is refused with R15's article.
SERVICE_KINDS: tuple[tuple[str, str, str], ...] = (
    ("administrative", "政务代办与证明", "administrative errands and certificates"),
    ("social_security", "社会保障与救助", "social security and assistance"),
    ("employment", "就业与培训", "employment and training"),
    ("health_family", "卫生计生", "health and family planning"),
    ("elderly_disabled", "为老助残", "elderly and disabled care"),
    ("housing_residence", "出租屋与居住登记", "rented housing and residence registration"),
    ("safety_mediation", "综治维稳与调解", "public safety and mediation"),
    ("culture_education", "文体教育", "culture, sports and education"),
    ("consultation", "政策咨询", "policy enquiries"),
    ("other_public", "其他公共服务", "other public services"),
)

#: 四、（四）: the six kinds of internal rules every station keeps (key, Chinese, English)
RULE_KINDS: tuple[tuple[str, str, str], ...] = (
    ("consultation", "社区事务协商议事制度", "community consultation meetings"),
    ("integrity", "廉政建设制度", "integrity"),
    ("open_affairs", "站务公开制度", "open station affairs"),
    ("finance", "财务制度", "finance"),
    ("study", "学习制度", "study"),
    ("post_responsibility", "岗位责任制", "post responsibility"),
)


def yuan(fen: int) -> str:
    """An amount in 分 as people read it, in 元: ``12345`` → ``123.45``.

    >>> yuan(123456), yuan(5)
    ('1,234.56', '0.05')
    """
    return f"{fen // 100:,}.{fen % 100:02d}"


def fee_finding(fee_fen: int | None, legal_basis: str | None, subject: str) -> Finding | None:
    """R14: a fee above zero must cite the law or regulation that provides for it."""
    if not fee_fen or fee_fen <= 0 or (legal_basis or "").strip():
        return None
    return finding(
        "R14", "violation", subject,
        f"收费 {yuan(fee_fen)} 元没有法律法规依据：除法律法规另有规定外，社区工作站开展工作不得收取"
        f"任何费用（R14，四、（二））。请填写收费所依据的法律法规及条款，或把收费改为 0。",
        f"A fee of {yuan(fee_fen)} yuan without a legal basis: a station charges nothing unless "
        f"a law or regulation provides for it (R14, §4(2)). Cite the law and its article, or "
        f"set the fee to 0.")


def commercial_finding(kind: str, subject: str) -> Finding | None:
    """R15: only the public service kinds of :data:`SERVICE_KINDS`; anything else (selling,
    agency for a fee, advertising) is commercial business the station may not do."""
    if kind in {k for k, _zh, _en in SERVICE_KINDS}:
        return None
    return finding(
        "R15", "violation", subject,
        "社区工作站不得从事任何经营性活动（R15，四、（二））：服务类别只能是所列的公共服务类别。",
        "A station does no commercial business (R15, §4(2)): the kind must be one of the public "
        "service kinds listed.")


def missing_rule_kinds(present) -> tuple[str, ...]:
    """R16: the kinds of :data:`RULE_KINDS` a station has not recorded, in the document's
    order."""
    have = set(present)
    return tuple(k for k, _zh, _en in RULE_KINDS if k not in have)
