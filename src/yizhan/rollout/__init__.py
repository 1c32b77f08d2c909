"""The rollout core (pure, never imports Django): carry out a plan on the registry's data.

From an :class:`~yizhan.core.instance.Instance`, a :class:`~yizhan.core.roster.Roster`, a
:class:`~yizhan.core.plan.Plan`, the :class:`~yizhan.core.policy.Policy` and an effective
date, :func:`dry_run` computes the ordered list of changes (stations opened and closed,
committees moved, posts, party organisations, assets, funds) and checks R1, R6 and R8-R12 on
the state after them. ``yizhan rollout`` and the web app's preview and apply call it.

>>> from yizhan.data.bundled import load_luohu, bundled_roster
>>> data = load_luohu()
>>> run = dry_run(data.instance, bundled_roster(), data.official_plan)
>>> len(run.after.open_stations()), run.before.headcount(), run.after.headcount()
(83, 653, 653)
"""

from yizhan.rollout.changes import Change, apply_changes
from yizhan.rollout.dry_run import Rollout, dry_run, finding_dict
from yizhan.rollout.staffing import RolloutInputError
from yizhan.rollout.state import State, state_before

__all__ = ["dry_run", "Rollout", "Change", "apply_changes", "State", "state_before",
           "RolloutInputError", "finding_dict"]
