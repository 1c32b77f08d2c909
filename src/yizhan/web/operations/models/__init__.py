"""The operations records, one module per part of 四 (each module adds its import here)."""
