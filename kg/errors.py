"""One exception tree for the whole package.

Every error knows the exit code the CLI uses for it and the HTTP status a
server would answer with, so callers never map exceptions by hand::

    KgError                      exit 1   HTTP 500
    ├── InputError               exit 2   HTTP 400   bad input from a user
    │   ├── ParseError                               a decision text that cannot be read
    │   └── QueryParameterError                      a missing or malformed query parameter
    ├── NotFoundError            exit 3   HTTP 404   an unknown query, store or resource
    ├── StoreError               exit 4   HTTP 503   a store that cannot be opened or written
    └── ValidationFailed         exit 1   HTTP 422   SHACL violations in the graph

Messages say what failed, which thing, where, and how to fix it.
"""

from __future__ import annotations


class KgError(Exception):
    """Base of every error raised on purpose by :mod:`kg`."""

    exit_code: int = 1
    http_status: int = 500


class InputError(KgError):
    """Input supplied by the user is unusable."""

    exit_code = 2
    http_status = 400


class ParseError(InputError):
    """A decision text cannot be parsed.

    ``source`` names the file (or ``<string>``), ``reason`` says why.

    >>> str(ParseError("a.txt", "file is empty"))
    'a.txt: file is empty'
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class QueryParameterError(InputError):
    """A named query was given a parameter it does not declare, or lacks one it needs."""


class NotFoundError(KgError):
    """Something named by the user does not exist."""

    exit_code = 3
    http_status = 404


class StoreError(KgError):
    """A store cannot be opened, read or written."""

    exit_code = 4
    http_status = 503


class ValidationFailed(KgError):
    """The graph does not conform to the SHACL shapes."""

    exit_code = 1
    http_status = 422
