"""Errors that end a run with a clear message and a non-zero exit.

Every problem the user must fix (bad configuration, corrections or labels file, unreadable
input, a failed build) is an `ObservatoireError`; the command line turns any of them into one
message and exit status 1 in a single place (`cli.main`). Anything else is a bug and keeps its
traceback.
"""


class ObservatoireError(Exception):
    """A problem the user must fix; the message names the file, line or source concerned."""


class BuildError(ObservatoireError):
    """The site could not be built; `site/` was left as it was."""
