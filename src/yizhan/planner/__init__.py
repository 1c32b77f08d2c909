"""yizhan.planner"""
