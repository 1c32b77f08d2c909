"""yizhan.reports"""
