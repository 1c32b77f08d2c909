"""yizhan.policy"""
