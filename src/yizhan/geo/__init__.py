"""yizhan.geo"""
