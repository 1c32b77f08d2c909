"""One workflow engine for every approval (plan, rollout task, inspection, acceptance…).

See :mod:`yizhan.web.workflow.engine` for the design and :mod:`.models` for the log.
"""
