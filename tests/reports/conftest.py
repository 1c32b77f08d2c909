"""Shared inputs of the report tests: the bundled data with the official plan, checked once."""

import functools
import os

import pytest

from yizhan.reports.build import figures_for
from yizhan.reports.inputs import bundled_inputs


@functools.lru_cache(maxsize=None)
def _figures(kind: str, subdistrict: str | None, frontier: bool):
    return figures_for(bundled_inputs(), kind, subdistrict, frontier=frontier)


@pytest.fixture(scope="session")
def figures_for_test():
    """``(kind, subdistrict, frontier) → Figures`` on the bundled data, cached."""
    return _figures


def cjk_font_or_skip():
    """Charts and maps need a Chinese font (.ci/run installs fonts-noto-cjk first)."""
    from yizhan.reports.fonts import FontMissing, chart_font

    try:
        chart_font()
    except FontMissing as exc:
        if os.environ.get("CI"):  # .ci/run installs the fonts: missing there is a failure
            pytest.fail(str(exc))
        pytest.skip(str(exc))


@pytest.fixture
def cjk_font():
    cjk_font_or_skip()
