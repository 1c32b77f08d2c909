"""The one exception every report failure that is the input's or the machine's derives from
(a missing font, LibreOffice, boundaries or template), so the CLI and the web app can say it
in words instead of failing with a traceback."""

__all__ = ["ReportError"]


class ReportError(RuntimeError):
    """A report cannot be made from these inputs on this machine; the message says why."""
