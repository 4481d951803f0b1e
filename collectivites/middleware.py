"""One request: the scope in which the permission layer remembers what it read of a person.

``collectivites.permissions.remembered`` keeps the facts the rules ask again and again (is this
person a member of any collectivité, which forums do they moderate) for the length of one
request, and only inside this middleware: a task, a command or a WebSocket consumer reads them
afresh every time. Being a scope rather than an attribute of the user object, it ends with the
request even where a caller keeps the same user object across requests (a test client's
forced authentication).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .permissions import facts_for_one_request


class PermissionFactsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with facts_for_one_request():
            return self.get_response(request)
