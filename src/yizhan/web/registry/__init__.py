"""The registry: subdistricts, committees, stations and their memberships over time, people
and posts, party organisations, facilities and assets (NetBox-style generic views)."""
