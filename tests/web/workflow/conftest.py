import pytest

from ..planning.helpers import build_planning_world


@pytest.fixture
def pw(world, users):
    """Plans in every state in the own and the other subdistrict (tests/web/planning)."""
    from yizhan.web.registry.snapshot import clear_cache

    clear_cache()
    yield build_planning_world(world, users)
    clear_cache()
