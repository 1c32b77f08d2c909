"""Findings and target results: what the policy checker says about a plan.

Every finding names its rule id and article (``R4``, ``§2(3)``) so a user can trace it back to
the policy text, and says what it says in Chinese (``message``, the default language) and in
English (``message_en``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = ["Finding", "TargetResult", "SEVERITIES"]

#: ``violation``: a hard rule is broken (the plan cannot be approved as it is);
#: ``warning``: a target is missed or something needs a decision; ``info``: worth knowing.
SEVERITIES = ("violation", "warning", "info")


@dataclass(frozen=True)
class Finding:
    rule: str
    article: str
    severity: str
    subject: str
    message: str
    message_en: str

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class TargetResult:
    """A numeric target of the policy and whether the plan attains it."""

    rule: str
    article: str
    name: str
    name_en: str
    target: float
    actual: float
    attained: bool
    detail: str = ""

    def to_dict(self) -> dict:
        return asdict(self)
