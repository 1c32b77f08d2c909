from django import template

from yizhan.rollout.holdings import yuan as _yuan

register = template.Library()


@register.filter
def yuan(fen) -> str:
    """Fen shown in 元 (money is stored in fen)."""
    return _yuan(int(fen or 0))
