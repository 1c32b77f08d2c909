"""The validation tests use the planning tests' world of plans and their cache reset."""

from ..planning.conftest import _fresh_caches, pw  # noqa: F401 - fixtures, found by name
