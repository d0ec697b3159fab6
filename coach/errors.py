"""Exit statuses and the error kinds the command line turns into one line."""

EXIT_OK = 0
EXIT_TROUBLE = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad input from the person: exit 2 with this one line."""
