"""The rules of the document as code; each finding traced to its article."""

from yizhan.policy.checker import CheckResult, check
from yizhan.policy.rules import RULES, Rule

__all__ = ["check", "CheckResult", "RULES", "Rule"]
