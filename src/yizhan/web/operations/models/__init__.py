"""The operations records, one module per part of 四 (each module adds its import here)."""

from yizhan.web.operations.models.supervision import *  # noqa: F401,F403 - 四(三)
from yizhan.web.operations.models.tasks import *  # noqa: F401,F403 - 四(一)
from yizhan.web.operations.models.rules import *  # noqa: F401,F403 - 四、（四）
from yizhan.web.operations.models.window import *  # noqa: F401,F403 - 四、（二）
