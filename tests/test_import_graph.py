"""No import cycles in the package: every ``import`` (module level *and* inside functions,
where cycles used to hide) drawn as a graph of yizhan's modules has no cycle at all. The
modules of the cycles removed (``web.api`` ↔ ``web.registry.api``, ``web.generic`` ↔
``web.changelog.views``; ``web.workflow.engine`` ↔ ``models``, the ``reports`` package ↔
``reports.build``/``documents``, ``web.planning.downloads`` ↔ ``views`` ↔
``web.dashboard.views``) are also imported first thing in a fresh interpreter."""

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import yizhan

SRC = Path(yizhan.__file__).parent.parent


def _modules() -> dict[str, Path]:
    out = {}
    for path in (SRC / "yizhan").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.with_suffix("").relative_to(SRC).parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def import_graph() -> nx.DiGraph:
    modules = _modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            graph.add_edges_from((name, t) for t in targets if t in modules and t != name)
    return graph


def test_no_import_cycle_among_yizhan_modules():
    graph = import_graph()
    assert graph.number_of_edges() > 100  # the walk found the imports
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not cycles, "import cycles: " + "; ".join(" ↔ ".join(c) for c in cycles)


def test_a_cycle_would_be_found():
    graph = import_graph()
    graph.add_edge("yizhan.core.plan", "yizhan.web.api")
    assert any(len(c) > 1 for c in nx.strongly_connected_components(graph))


def test_imports_inside_functions_count():
    """Cycles hid behind imports inside functions (the workflow log's labels, the plan page's
    download links): the walk sees those imports."""
    graph = import_graph()
    assert graph.has_edge("yizhan.web.planning.views", "yizhan.web.planning.downloads")
    assert graph.has_edge("yizhan.reports.build", "yizhan.reports.charts")  # in _figure()


@pytest.mark.slow  # a Django start-up per module (~10 s on a busy machine)
@pytest.mark.parametrize("first", ["yizhan.web.registry.api", "yizhan.web.changelog.views",
                                   "yizhan.web.generic", "yizhan.web.api",
                                   "yizhan.web.workflow.models", "yizhan.web.workflow.engine",
                                   "yizhan.reports.documents", "yizhan.reports.build",
                                   "yizhan.web.planning.downloads", "yizhan.web.planning.views",
                                   "yizhan.web.dashboard.views"])
def test_formerly_cyclic_modules_import_first_in_a_fresh_interpreter(first):
    code = ("import os, django, importlib; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            f"'yizhan.web.settings'); django.setup(); importlib.import_module({first!r})")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=SRC.parent, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
