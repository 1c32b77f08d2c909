"""yizhan.data"""
