"""The Examples sections of the planner's docstrings run as tests."""

import doctest
import importlib

import pytest

MODULES = ["yizhan.planner.candidates", "yizhan.planner.pins",
           "yizhan.planner.planner", "yizhan.planner.frontier", "yizhan.planner.large",
           "yizhan.planner.commands", "yizhan.planner.synthetic"]


@pytest.mark.parametrize("name", MODULES)
def test_planner_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
