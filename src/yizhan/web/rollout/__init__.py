"""Rollout in the web app: preview and apply the plan in force (the core in yizhan.rollout)."""
