"""Daily operations after the merger (the document's part 四): task approval with funding
attached (四(一), 费随事转), the free one-stop service window (四(二)), committee supervision of
their station (四(三)), open station affairs and internal rules (四(四)).

The rules themselves (a temporary task needs funding, a fee needs a legal basis) live in
:mod:`yizhan.policy`; this app keeps the records, the pages and ``/api/operations/``."""
