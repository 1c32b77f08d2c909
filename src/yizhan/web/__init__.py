"""The Django web application (DESIGN.md: the core never imports Django; this package does).

Apps: ``accounts`` (roles, tokens), ``registry`` (subdistricts, committees, stations, people,
party organisations, facilities, assets), ``changelog`` (NetBox-style ObjectChange), plus
``planning`` and ``dashboard`` (web part 2). Settings: :mod:`yizhan.web.settings`.
"""
