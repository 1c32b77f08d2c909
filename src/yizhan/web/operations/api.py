"""Operations REST endpoints (``/api/operations/``); same rules as the pages (see
:mod:`yizhan.web.reform.api`)."""

# (no "from __future__ import annotations": ninja reads the annotations at runtime)

from ninja import Router

router = Router(tags=["operations"])
