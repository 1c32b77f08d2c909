"""Accounts and roles: district administrator, subdistrict officer, viewer; API tokens."""
