"""The reform's organisation (parts 三 and 七 of the 2006 document): leading groups, the
timetable, per-subdistrict task lists, the inspection checklist and acceptance."""
