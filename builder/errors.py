"""Exception hierarchy: one root, specific subclasses whose messages say the way out."""


class SuzhouNewsError(Exception):
    """Root of every error this project raises on purpose."""


class InputError(SuzhouNewsError):
    """Bad input: names the file, line/row and what is wrong."""


class AnnotationError(InputError):
    """An annotation file is malformed or does not match the cleaned text."""


class SchemaError(SuzhouNewsError):
    """A table or file does not match its schema in schemas/."""
