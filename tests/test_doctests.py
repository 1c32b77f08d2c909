"""The Examples sections of the library's docstrings run as tests."""

import doctest
import importlib

import pytest

MODULES = ["yizhan.core.instance", "yizhan.core.apportion", "yizhan.core.roster", "yizhan.rollout",
           "yizhan.rollout.stations", "yizhan.core.plan", "yizhan.core.policy", "yizhan.core.metrics",
           "yizhan.policy.checker", "yizhan.policy.rules", "yizhan.geo.adjacency",
           "yizhan.scale.counts", "yizhan.scale.batches", "yizhan.data.importers.plans",
           "yizhan.data.importers.template"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
