"""A small national sample and an in-process Dask cluster shared by the scale tests.

The in-process cluster (threads, ``inproc://``) starts in a second, so the default run can
plan through Dask itself; the tests with worker processes, a killed worker and a real
``dask scheduler`` are ``slow``.
"""

import logging
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # scale_helpers (tests/ has no packages)

from yizhan.scale.generate import generate  # noqa: E402

#: Parents in the test sample (seeded; every test reads the same folder).
SAMPLE = 8


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("national") / "sample"
    generate(folder, sample=SAMPLE, seed=5)
    return folder


@pytest.fixture(scope="session")
def inproc():
    """The address of a two-worker, one-thread-each cluster in this process."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=":0", silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="session")
def reference(sample_dir, inproc, tmp_path_factory):
    """An uninterrupted run of the sample: (out folder, summary)."""
    from yizhan.scale.run import run_national

    out = tmp_path_factory.mktemp("runs") / "reference"
    return out, run_national(sample_dir, out, scheduler=inproc, batch_units=25)
