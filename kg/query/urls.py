"""The URL of a remote store or endpoint, as given on the command line.

A URL may carry credentials (`http://user:secret@host/store`). They are taken out of the
URL before it reaches `http.client` or `urllib` (neither uses them, and their messages
would echo them) and sent as HTTP Basic authentication instead. Messages show the URL
with the password hidden (`http://user:***@host/store`), escaped as `printable` does.
"""

from __future__ import annotations

import base64
import re
import urllib.parse
from dataclasses import dataclass, field

from kg.errors import QueryError, printable

HIDDEN = "***"

_SCHEME = r"^([A-Za-z][A-Za-z0-9+.-]*://)"
_USERINFO = re.compile(_SCHEME + r"([^/?#]*)@")
"""User info as `urlsplit` reads it: up to the last "@" of the host part."""
_ANY_AT = re.compile(_SCHEME + r"(.*)@", re.DOTALL)
"""Up to the last "@" anywhere: for a password holding "@" and "/", "?" or "#" unescaped
(hiding too much, rather than a piece of the password, when a path holds an "@")."""


@dataclass(frozen=True, slots=True)
class RemoteURL:
    """A checked http(s) URL: what to request, what to show, and how to authenticate."""

    url: str
    """The URL without its credentials: what is requested."""
    shown: str
    """The URL to show in messages: password hidden, control characters escaped."""
    parts: urllib.parse.SplitResult
    authorization: str | None = field(default=None, repr=False)
    """The value of the Authorization header, if the URL carried credentials."""

    def headers(self) -> dict[str, str]:
        """The Authorization header, if any, to add to each request."""
        return {"Authorization": self.authorization} if self.authorization else {}


def redact(url: str) -> str:
    """`url` fit to print: its password, if any, replaced by `***`; works on any text, a
    URL too malformed to parse included.

    >>> redact("http://ann:s3cret@127.0.0.1:7878/store")
    'http://ann:***@127.0.0.1:7878/store'
    >>> redact("http://ann:a@b/c@[::1")
    'http://ann:***@[::1'
    >>> redact("http://127.0.0.1:7878/store?graph=x")
    'http://127.0.0.1:7878/store?graph=x'
    """
    match = _USERINFO.match(url)
    if match is None or "@" in url[match.end() :]:  # an "@" in the password, unescaped
        match = _ANY_AT.match(url)
    if match is not None and ":" in match.group(2):
        user = match.group(2).partition(":")[0]
        url = f"{match.group(1)}{user}:{HIDDEN}@{url[match.end() :]}"
    return printable(url)


def parse_remote(url: str) -> RemoteURL:
    """Check an http(s) URL and take its credentials out.

    Raises:
        QueryError: naming the URL (password hidden) if it is not a valid http(s) URL.
    """
    shown = redact(url)
    if any(c.isspace() or not c.isprintable() for c in url):
        raise QueryError(shown, "not a valid URL: it holds spaces or control characters")
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number 0-65535
    except ValueError as exc:
        raise QueryError(shown, f"not a valid URL: {exc}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise QueryError(shown, "not an http(s) URL")
    host = parts.netloc.rpartition("@")[2]
    bare = urllib.parse.urlunsplit(parts._replace(netloc=host))
    return RemoteURL(bare, shown, urllib.parse.urlsplit(bare), _basic(parts))


def _basic(parts: urllib.parse.SplitResult) -> str | None:
    """HTTP Basic credentials from the URL's user info (percent-escapes decoded)."""
    if parts.username is None:
        return None
    user = urllib.parse.unquote(parts.username)
    password = urllib.parse.unquote(parts.password or "")
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"
