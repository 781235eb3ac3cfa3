"""Errors that end a run with a clear message and a non-zero exit."""


class BuildError(Exception):
    """The site could not be built; `site/` was left as it was."""
