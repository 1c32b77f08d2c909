"""NetBox-style change log: one ObjectChange per create/update/delete of a logged model."""
