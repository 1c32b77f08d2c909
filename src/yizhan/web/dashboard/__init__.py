"""Dashboard and map: targets' attainment, households per station against the band, the
before/after table of SPEC §5, findings; committees and stations on a Leaflet map."""
