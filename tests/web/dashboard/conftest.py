import pytest

from ..planning.helpers import build_planning_world


@pytest.fixture
def pw(world, users):
    from yizhan.web.planning.services import clear_cache

    clear_cache()
    return build_planning_world(world, users)
