"""Importers: units CSV/XLSX, adjacency CSV, GeoJSON boundaries and plan files, checked
before loading.

Every reader lists every problem (row, column, value; Chinese and English) and loads nothing
when there is an error (DESIGN.md "Bad input never half-writes"). The CLI's ``yizhan import``
and the web app's upload preview call the same functions: ``read_*`` and
:func:`load_instance` raise :class:`ImportFailed`; the ``check_*`` variants never raise and
return the problems with whatever could be read.

>>> from yizhan.data.importers import Upload, read_units
>>> csv = ("code,name,parent,households,office_m2,service_m2,plaza_m2\\n"
...        "LH001,碧波,黄贝,4000,250,900,0\\n")
>>> read_units(Upload("units.csv", csv.encode("gbk"))).frame.loc[0, "households"]
np.int64(4000)
"""

from yizhan.data.importers.adjacency import AdjacencyImport, check_adjacency, read_adjacency
from yizhan.data.importers.geometry import GeometryImport, check_geometry, read_geometry
from yizhan.data.importers.loader import load_instance
from yizhan.data.importers.plans import PlanImport, check_plan_file, read_plan
from yizhan.data.importers.problems import KINDS, ImportFailed, ImportProblem
from yizhan.data.importers.sources import Upload
from yizhan.data.importers.units import UnitsImport, check_units, read_units

__all__ = ["ImportProblem", "ImportFailed", "KINDS", "Upload", "UnitsImport", "read_units",
           "check_units", "AdjacencyImport", "read_adjacency", "check_adjacency",
           "GeometryImport", "read_geometry", "check_geometry", "load_instance",
           "PlanImport", "check_plan_file", "read_plan"]
