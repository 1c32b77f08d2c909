"""Operations REST endpoints (``/api/operations/``); same rules as the pages (see
:mod:`yizhan.web.reform.api`). Each part of 四 keeps its endpoints in its own module."""

# (no "from __future__ import annotations": ninja reads the annotations at runtime)

from ninja import Router

from yizhan.web.operations.api_supervision import router as supervision_router
from yizhan.web.operations.api_tasks import router as tasks_router
from yizhan.web.operations.api_window import router as window_router

router = Router(tags=["operations"])
router.add_router("", tasks_router)        # 四(一)
router.add_router("", supervision_router)  # 四(三)
router.add_router("", window_router)       # 四(二), 四(四)
