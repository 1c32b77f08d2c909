"""The benchmark instances written to files are the generator's instances: read back through
the importer (the path ``yizhan plan --units … --adjacency …`` takes), the planted plan keeps
band deviation 0 and every target, and the same name and seed give the same files."""

import sys
from pathlib import Path

from yizhan.core import Plan, Policy, evaluate
from yizhan.core.metrics import facility_shortfall
from yizhan.data.importers import load_instance

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from instances import ensure  # noqa: E402


def test_written_instance_reads_back_with_its_planted_optimum(tmp_path):
    folder = ensure("large-160", 2, tmp_path)
    instance, problems = load_instance(folder / "units.csv", folder / "adjacency.csv")
    planted = Plan.read_csv(folder / "planted_plan.csv")
    m = evaluate(instance, planted, Policy())
    assert instance.n_units == 160 and instance.parents == ["P001"]
    assert m.band_deviation == 0 and m.contiguous
    assert not any(facility_shortfall(m.table, Policy()).values())
    again = ensure("large-160", 2, tmp_path / "again")
    for name in ("units.csv", "adjacency.csv", "planted_plan.csv"):
        assert (folder / name).read_bytes() == (again / name).read_bytes()
