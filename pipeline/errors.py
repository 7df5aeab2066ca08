"""The one exception hierarchy of newsmill.

::

    NewsmillError
    ├── ConfigError            bad settings or command-line usage          (exit 2)
    ├── SpiderError            spider registry problems
    │   ├── DuplicateSpiderError
    │   ├── SpiderNameError    a name that is not lower-case letters, digits, underscores
    │   └── UnknownSpiderError
    ├── InputError             a page that cannot be an article
    │   ├── EmptyInputError    zero bytes / only whitespace
    │   ├── BinaryInputError   bytes that are not text (images, PDF, archives)
    │   └── NotHTMLError       text that is not an HTML document
    ├── ExtractionError        an HTML page with no article body in it
    │   └── OverBudgetError    a page over the extraction budget (nesting, nodes, time, memory)
    ├── ModelError             the spaCy model cannot be loaded
    ├── FetchError             an HTTP failure; carries url and status
    │   ├── RobotsDenied       robots.txt forbids the URL
    │   └── BlockedAddressError  the address guard refuses the host (SSRF protection)
    ├── UnsafeXMLError         a feed or sitemap with a DTD internal subset / entities
    ├── OutputError            records cannot be written
    ├── WorkerError            a worker process died on its input
    └── LockHeld               another run holds the crawl lock                (exit 75)

Every error carries a one-line, human message (``str(err)``) that the CLI prints as is.
"""

from __future__ import annotations

import re

#: ``scheme://user:password@`` in a URL; :meth:`NewsmillError.__str__` masks it.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s]*@")


class NewsmillError(Exception):
    """Base of every error newsmill raises on purpose."""

    def __init__(self, message: str, *, url: str | None = None, stage: str | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.stage = stage

    def __reduce__(self) -> tuple[object, ...]:
        # picklable with every attribute (errors cross process pools), whatever __init__ takes
        return (_rebuild, (type(self), self.args, self.__dict__))

    def __str__(self) -> str:
        msg = super().__str__()
        text = f"{msg} ({self.url})" if self.url and self.url not in msg else msg
        return _USERINFO.sub(r"\1***@", text)  # credentials in URLs never reach a log line


def _rebuild(
    cls: type[NewsmillError], args: tuple[object, ...], state: dict[str, object]
) -> NewsmillError:
    """Unpickle an error without calling its ``__init__`` (see ``__reduce__``)."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class ConfigError(NewsmillError):
    """Invalid configuration or command-line usage."""


class SpiderError(NewsmillError):
    """Spider registry problem."""


class DuplicateSpiderError(SpiderError):
    """Two spiders claim the same name."""


class SpiderNameError(SpiderError):
    """A spider's name is not lower-case letters, digits and underscores."""


class UnknownSpiderError(SpiderError):
    """No spider has the requested name."""


class InputError(NewsmillError):
    """The input cannot be an article page."""


class EmptyInputError(InputError):
    """The input is empty."""


class BinaryInputError(InputError):
    """The input is binary data, not text."""


class NotHTMLError(InputError):
    """The input is text but not an HTML document."""


class ExtractionError(NewsmillError):
    """An HTML page in which no article could be found."""


class OverBudgetError(ExtractionError):
    """A page over the extraction budget: nested too deep, too many elements or attributes,
    too slow, or more than the HTML parser could hold.

    ``reason`` is a short key for counting (``depth``, ``nodes``, ``attributes``, ``time``,
    ``memory``: the parser failed, selectolax's own error or a ``MemoryError``).
    """

    def __init__(
        self, message: str, *, reason: str, url: str | None = None, stage: str | None = None
    ) -> None:
        super().__init__(message, url=url, stage=stage)
        self.reason = reason


class WorkerError(NewsmillError):
    """A worker process died on its input (or its result could not be sent back)."""


class ModelError(NewsmillError):
    """The NLP model cannot be loaded."""


class FetchError(NewsmillError):
    """An HTTP request failed."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None) -> None:
        super().__init__(message, url=url, stage="fetch")
        self.status = status


class RobotsDenied(FetchError):
    """robots.txt disallows the URL for our user agent."""


class BlockedAddressError(FetchError):
    """The host is, or resolves to, an address the guard refuses (private, loopback,
    link-local, metadata, ...); ``host`` and ``reason`` say which and why."""

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        host: str | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message, url=url)
        self.host = host
        self.reason = reason


class UnsafeXMLError(NewsmillError):
    """A feed or sitemap declares a DTD internal subset or entities (XXE, entity expansion)."""


class OutputError(NewsmillError):
    """Records cannot be written."""


class LockHeld(NewsmillError):
    """Another run holds the lock (the CLI exits 75, EX_TEMPFAIL)."""
