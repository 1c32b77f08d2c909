import pytest

from .helpers import build_planning_world


@pytest.fixture
def pw(world, users):
    """Plans in every state and a planner run, in the own and the other subdistrict."""
    from yizhan.web.registry.snapshot import clear_cache

    clear_cache()
    return build_planning_world(world, users)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """The planning caches are keyed by the change-log id, which a rolled-back test may
    reuse: start every test empty."""
    from yizhan.web.registry.snapshot import clear_cache

    clear_cache()
    yield
    clear_cache()
