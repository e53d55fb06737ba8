"""One exception tree for the whole package.

Every error raised to a user is a :class:`KgError`.  Each class maps to one
exit status (what ``kg`` exits with) and one HTTP status (what ``kg serve``
answers), both read from one table, :data:`STATUS`::

    KgError                        exit 1   HTTP 500   base; also "a shape or query file of ours is broken"
    ├── InputError                 exit 2   HTTP 400   bad input from a user
    │   ├── ParseError             exit 2   HTTP 400   a decision text that cannot be read (names the file)
    │   ├── QueryParameterError    exit 2   HTTP 400   a missing or malformed query parameter
    │   ├── QuerySyntaxError       exit 2   HTTP 400   SPARQL that does not parse, or a form not allowed here
    │   ├── ShapesError            exit 2   HTTP 400   a SHACL shapes graph that is ill-formed
    │   ├── Forbidden              exit 2   HTTP 403   an update, SERVICE or other request the endpoint refuses
    │   ├── NotAcceptable          exit 2   HTTP 406   no format the client accepts can be given
    │   ├── PayloadTooLarge        exit 2   HTTP 413   a request body over the endpoint's limit
    │   ├── URITooLong             exit 2   HTTP 414   a request line over the endpoint's limit
    │   ├── UnsupportedMediaType   exit 2   HTTP 415   a request body of a type the endpoint cannot read
    │   └── HeadersTooLarge        exit 2   HTTP 431   request headers over the endpoint's limit
    ├── NotFoundError              exit 3   HTTP 404   an unknown query, store, decision or resource
    ├── StoreError                 exit 4   HTTP 503   a store that cannot be opened, read or written
    │   ├── RemoteStoreError       exit 4   HTTP 502   a remote SPARQL server answered with an error
    │   ├── QueryTimeout           exit 4   HTTP 503   a query ran past its time limit and was stopped
    │   ├── Busy                   exit 4   HTTP 503   every query worker is busy and the queue is full
    │   └── WorkerCrashed          exit 4   HTTP 503   a query worker process died under a query
    ├── ValidationFailed           exit 1   HTTP 422   SHACL violations in the graph
    ├── HarvestStopped             exit 1   HTTP 500   a harvest stopped early (circuit breaker, Retry-After too
    │                                                  long, robots.txt unreadable); what it stored is kept
    ├── Disallowed                 exit 1   HTTP 500   robots.txt disallows a URL: the harvester skips it and
    │                                                  counts it, it never reaches a user as a failure
    └── UnsupportedShape           exit 1   HTTP 500   a shape the fast SHACL engine does not compile
                                                       (the engine then hands it to pySHACL)

Messages say what failed, which thing, where, and how to fix it.  Nothing
outside this tree is caught to become a message: a bug stays a traceback.

>>> str(ParseError("a.txt", "file is empty"))
'a.txt: file is empty'
>>> QueryTimeout("slow").exit_code, QueryTimeout("slow").http_status, QueryTimeout("slow").retry_after
(4, 503, None)
"""

from __future__ import annotations

from typing import ClassVar


class KgError(Exception):
    """Base of every error raised on purpose by :mod:`kg`.

    ``exit_code`` and ``http_status`` come from :data:`STATUS` (the nearest
    class of the error's own that the table names).  ``retry_after`` (seconds,
    or None) is what an HTTP answer's ``Retry-After`` says for errors that pass.
    """

    exit_code: ClassVar[int] = 1
    http_status: ClassVar[int] = 500
    retry_after: ClassVar[int | None] = None

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "STATUS" in globals():  # a class made after the table (none should be): it still reads the table
            cls.exit_code, cls.http_status = status_of(cls)


class InputError(KgError):
    """Input supplied by the user is unusable."""


class ParseError(InputError):
    """A decision text cannot be parsed.

    ``source`` names the file (or ``<string>``), ``reason`` says why.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class QueryParameterError(InputError):
    """A named query was given a parameter it does not declare, or lacks one it needs."""


class QuerySyntaxError(InputError):
    """A SPARQL query that does not parse, or is of a form this operation does not take."""


class ShapesError(InputError):
    """A SHACL shapes graph that is ill-formed (SHACL 2.1: a shape that breaks the syntax rules)."""


class Forbidden(InputError):
    """A request the read-only endpoint refuses on purpose: an update, a SERVICE call."""


class NotAcceptable(InputError):
    """None of the formats the client accepts can be given."""


class PayloadTooLarge(InputError):
    """A request body over the endpoint's limit."""


class URITooLong(InputError):
    """A request line (path and query string) over the endpoint's limit."""


class UnsupportedMediaType(InputError):
    """A request body of a media type the endpoint cannot read."""


class HeadersTooLarge(InputError):
    """Request headers over the endpoint's limit."""


class NotFoundError(KgError):
    """Something named by the user does not exist."""


class StoreError(KgError):
    """A store cannot be opened, read or written."""


class RemoteStoreError(StoreError):
    """A remote SPARQL server answered a request with an error status (``status`` holds it)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class QueryTimeout(StoreError):
    """A job passed the endpoint's time limit; its worker was stopped.  Retrying the same query will not help."""


class Busy(StoreError):
    """Every worker is busy and the queue is full: retry in a moment."""

    retry_after = 1


class WorkerCrashed(StoreError):
    """A query worker process died while answering; it is replaced, so a retry may succeed."""

    retry_after = 1


class ValidationFailed(KgError):
    """The graph does not conform to the SHACL shapes."""


class HarvestStopped(KgError):
    """The harvester stopped before the end: the site kept failing, asked for too long a pause, or hid its rules."""


class Disallowed(KgError):
    """robots.txt disallows this URL for our User-Agent (the harvester skips the page and counts it)."""


class UnsupportedShape(KgError):
    """The fast SHACL engine does not compile this shape; pySHACL validates it instead."""


#: The one table: error class -> (exit status, HTTP status).  A class not named here takes its nearest base's row.
STATUS: dict[type[KgError], tuple[int, int]] = {
    KgError: (1, 500),
    InputError: (2, 400),
    Forbidden: (2, 403),
    NotAcceptable: (2, 406),
    PayloadTooLarge: (2, 413),
    URITooLong: (2, 414),
    UnsupportedMediaType: (2, 415),
    HeadersTooLarge: (2, 431),
    NotFoundError: (3, 404),
    StoreError: (4, 503),
    RemoteStoreError: (4, 502),
    ValidationFailed: (1, 422),
    UnsupportedShape: (1, 500),
}


def status_of(kind: type[BaseException]) -> tuple[int, int]:
    """``(exit status, HTTP status)`` of an error class, from :data:`STATUS`.

    >>> status_of(ParseError), status_of(RemoteStoreError), status_of(Busy)
    ((2, 400), (4, 502), (4, 503))
    """
    for klass in kind.__mro__:
        if klass in STATUS:
            return STATUS[klass]
    raise TypeError(f"{kind.__name__} is not a kg error (kg.errors.KgError)")


def _apply_table(kind: type[KgError]) -> None:
    kind.exit_code, kind.http_status = status_of(kind)
    for sub in kind.__subclasses__():
        _apply_table(sub)


_apply_table(KgError)


__all__ = [
    "STATUS",
    "Busy",
    "Disallowed",
    "Forbidden",
    "HarvestStopped",
    "HeadersTooLarge",
    "InputError",
    "KgError",
    "NotAcceptable",
    "NotFoundError",
    "ParseError",
    "PayloadTooLarge",
    "QueryParameterError",
    "QuerySyntaxError",
    "QueryTimeout",
    "RemoteStoreError",
    "ShapesError",
    "StoreError",
    "URITooLong",
    "UnsupportedMediaType",
    "UnsupportedShape",
    "ValidationFailed",
    "WorkerCrashed",
    "status_of",
]
