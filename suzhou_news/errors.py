"""Exception hierarchy: one root, specific subclasses whose messages say the way out.

Library code raises these and never ``SystemExit``; the command line (``suzhou_news.cli.main``)
prints ``error: <message>`` and exits 2 for every one of them. Exit 1 is kept for checks that ran and
found problems (``validate``, ``check-annotations``).
"""


class SuzhouNewsError(Exception):
    """Root of every error this project raises on purpose."""


class UsageError(SuzhouNewsError):
    """A command-line option, or a combination of options, that cannot work; the message says which to change."""


class InputError(SuzhouNewsError):
    """Bad input: names the file, line/row and what is wrong."""


class AnnotationError(InputError):
    """An annotation file is malformed or does not match the cleaned text."""


class AnnotationErrors(AnnotationError):
    """Every annotation problem found in one pass (up to a limit), each ``file:line:column: what``."""

    def __init__(self, problems: list[str], total: int):
        self.problems = tuple(problems)
        self.total = total
        more = f"\n  … and {total - len(problems)} more (fix these and rebuild)" if total > len(problems) else ""
        super().__init__(f"{total} annotation problem(s):\n  " + "\n  ".join(problems) + more)


class SchemaError(SuzhouNewsError):
    """A table or file does not match its schema in schemas/."""
