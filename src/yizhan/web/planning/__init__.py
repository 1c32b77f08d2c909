"""Planning: plans (draft → submitted → approved/rejected), planner runs as background jobs,
comparison of plans. The planner itself never touches the ORM: this app builds an
:class:`yizhan.core.Instance` from the registry and hands it over."""
