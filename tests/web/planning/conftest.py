import pytest

from .helpers import build_planning_world


@pytest.fixture
def pw(world, users):
    """Plans in every state and a planner run, in the own and the other subdistrict."""
    from yizhan.web.planning.services import clear_cache

    clear_cache()
    return build_planning_world(world, users)
