"""yizhan.scale"""
