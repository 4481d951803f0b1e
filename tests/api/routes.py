"""Every URL pattern of the API as a concrete URL, with the ids of real objects where known.

The walk goes down ``get_resolver()`` recursively, so a route added anywhere (a router, a
``path()``, a ``re_path()``) is covered without being listed; each URL is checked to resolve to
the pattern it was built from, so a walk that built a wrong URL fails instead of testing the
catch-all.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

# A bare ``pk``/``id`` names the object of the collection before it.
COLLECTION_IDS = {
    "tenders": "tender_pk",
    "documents": "doc_id",
    "questions": "question_id",
    "collectivites": "collectivite_pk",
    "memberships": "membership_pk",
    "spaces": "space_pk",
    "drafts": "draft_pk",
    "forums": "forum_pk",
    "topics": "topic_pk",
    "posts": "post_pk",
}
FALLBACKS = ["1", "pdf", "x"]
CATCH_ALL = re.compile(r"\[\\s\\S\]\*|\.\*")


@dataclass(frozen=True)
class Route:
    url: str  # "/api/v1/tenders/3/documents/"
    pattern: URLPattern


def api_routes(ids: dict[str, int | str]) -> Iterator[Route]:
    for url, pattern in _walk(get_resolver(), "", ids, top_level=True):
        yield Route("/" + url, pattern)


def _walk(resolver: URLResolver, prefix: str, ids: dict[str, int | str], top_level=False):
    for entry in resolver.url_patterns:
        if top_level and not str(entry.pattern).startswith("api/"):
            continue  # the admin, the SPA, Wagtail: not the API (their ids are not ours)
        url = prefix + _concrete(entry.pattern, prefix, ids)
        if isinstance(entry, URLResolver):
            yield from _walk(entry, url, ids)
        else:
            yield url, entry


def _value(name: str, before: str, ids: dict[str, int | str], accepts) -> str:
    if name in ("pk", "id"):
        collection = before.rstrip("/").rsplit("/", 1)[-1]
        name = COLLECTION_IDS.get(collection, name)
    candidates = ([str(ids[name])] if name in ids else []) + FALLBACKS
    for candidate in candidates:
        if accepts(candidate):
            return candidate
    raise AssertionError(f"no value for <{name}> after {before!r}")


def _concrete(pattern, prefix: str, ids: dict[str, int | str]) -> str:
    if isinstance(pattern, RoutePattern):
        route = str(pattern._route)
        out, last = "", 0
        for match in re.finditer(r"<(?:\w+:)?(\w+)>", route):
            out += route[last : match.start()]
            name = match.group(1)
            regex = re.compile(pattern.converters[name].regex)
            out += _value(name, prefix + out, ids, lambda v, r=regex: bool(r.fullmatch(v)))
            last = match.end()
        return out + route[last:]
    assert isinstance(pattern, RegexPattern), pattern
    regex = pattern._regex
    out, i = "", 0
    while i < len(regex):
        group = re.compile(r"\(\?P<(\w+)>").match(regex, i)
        if group is None:
            out += regex[i]
            i += 1
            continue
        end, depth = group.end(), 1
        while depth:
            depth += {"(": 1, ")": -1}.get(regex[end], 0) if regex[end - 1] != "\\" else 0
            end += 1
        body = re.compile(regex[group.end() : end - 1])
        accepts = lambda v, body=body: bool(body.fullmatch(v))  # noqa: E731
        out += _value(group.group(1), prefix + _plain(out), ids, accepts)
        i = end
    return _plain(CATCH_ALL.sub("nothing-here", out))


def _plain(regex: str) -> str:
    """A regex with no group left as its literal text: drop the anchors, unescape."""
    return re.sub(r"\\(.)", r"\1", regex.removeprefix("^").removesuffix("$"))
