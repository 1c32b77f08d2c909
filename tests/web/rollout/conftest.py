import pytest

from .helpers import build_rollout_world


@pytest.fixture
def rw(world, users):
    from yizhan.web.planning.services import clear_cache

    clear_cache()
    yield build_rollout_world(world, users)
    clear_cache()
