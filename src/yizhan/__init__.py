"""yizhan (一站): plan, carry out and run the 一站多居 reform of community workstations."""

__version__ = "0.1.0"
