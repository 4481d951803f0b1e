"""The permission layer: the one place that decides who may do what to which object.

Two questions, both answered here and nowhere else:

* ``user_can(user, action, obj)``: may this user do ``action`` to this object?
* ``visible_to(user, action, queryset)``: which objects of this queryset may the user ``action``,
  as a database query (never a Python loop over rows)?

Each domain app declares its rules with ``register_rule`` in its ``rules.py`` (loaded by its
AppConfig). A rule is either role-based (a queryset filter and a check written together) or an
object permission held by collectivité groups through django-guardian (``guardian_rule``).
Superusers pass every rule, as everywhere in Django, except the rules declared with
``superusers=False``: acts that belong to one person's office and that nobody may take over by
holding the platform's keys (reading sealed bids, opening them, knowing who asked a question).
Inactive accounts pass none. API views, WebSocket consumers, search
results and the Wagtail admin all ask this module; ``require`` turns a refusal into the right
error: 404 when the user may not even see the object, 403 otherwise.
"""

from collections.abc import Callable, Hashable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import connection, models
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user

from .errors import NotFoundError, PermissionDeniedError
from .models import User
from .roles import ROLE_GROUP_NAMES, PlatformRole

AnyUser = User | AnonymousUser

Check = Callable[[AnyUser, models.Model], bool]
Filter = Callable[[AnyUser, models.QuerySet], models.QuerySet]
T = TypeVar("T")


@dataclass(frozen=True)
class Rule:
    check: Check
    filter: Filter
    superusers: bool = True  # do superusers pass without being asked?


_RULES: dict[tuple[type[models.Model], str], Rule] = {}


def register_rule(
    model: type[models.Model],
    action: str,
    *,
    check: Check,
    filter: Filter,
    superusers: bool = True,
) -> None:
    """Declare who may ``action`` objects of ``model``; both callables must agree.

    ``superusers=False`` makes the rule apply to superusers like anyone else (they pass only
    if ``check`` says so), for acts that are one office's own.
    """
    key = (model, action)
    if key in _RULES:
        raise RuntimeError(f"Permission rule {model.__name__}.{action} declared twice.")
    _RULES[key] = Rule(check=check, filter=filter, superusers=superusers)


def _rule(model: type[models.Model], action: str) -> Rule:
    try:
        return _RULES[(model, action)]
    except KeyError:
        raise LookupError(f"No permission rule for {model.__name__}.{action}.") from None


# --- Platform roles -------------------------------------------------------------------------


def platform_roles(user: AnyUser) -> frozenset[PlatformRole]:
    """The user's platform roles, read once per user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_platform_roles_cache", None)
    if cached is None:
        with connection.cursor() as cursor:
            cursor.execute(_roles_sql(), [user.pk, *_ROLE_BY_GROUP_NAME])
            cached = frozenset(_ROLE_BY_GROUP_NAME[name] for (name,) in cursor.fetchall())
        user._platform_roles_cache = cached
    return cached


_ROLE_BY_GROUP_NAME = {name: role for role, name in ROLE_GROUP_NAMES.items()}


@cache
def _roles_sql() -> str:
    """``user.groups.filter(name__in=...).values_list("name")`` written once: every
    authenticated request asks it, and building that query cost 0.4 ms of CPU, four times the
    query itself (bench/README.md, "API under load")."""
    quote = connection.ops.quote_name
    through = User.groups.through._meta
    group = through.get_field("group").remote_field.model._meta
    user_id = quote(through.get_field("user").column)
    group_id = quote(through.get_field("group").column)
    names = ", ".join(["%s"] * len(_ROLE_BY_GROUP_NAME))
    # Only the models' own table and column names are spliced in; values are parameters.
    return (
        f"SELECT g.{quote('name')} FROM {quote(group.db_table)} g "  # noqa: S608
        f"INNER JOIN {quote(through.db_table)} ug ON ug.{group_id} = g.{quote(group.pk.column)} "
        f"WHERE ug.{user_id} = %s AND g.{quote('name')} IN ({names})"
    )


def has_role(user: AnyUser, role: PlatformRole) -> bool:
    return user.is_authenticated and (user.is_superuser or role in platform_roles(user))


def is_animator(user: AnyUser) -> bool:
    return has_role(user, PlatformRole.NETWORK_ANIMATOR)


# --- Guardian-backed rules ------------------------------------------------------------------


def guardian_rule(perm: str) -> tuple[Check, Filter]:
    """A rule satisfied by an object permission held by one of the user's groups.

    Permissions are only ever granted to collectivité groups (see ``services``), so the number
    of permission rows grows with objects × collectivités, not with users.
    """

    def check(user: AnyUser, obj: models.Model) -> bool:
        if not user.is_authenticated or not user.is_active:
            return False
        checker = _checker_for(user)
        return checker.has_perm(perm.split(".", 1)[1], obj)

    def filter_(user: AnyUser, queryset: models.QuerySet) -> models.QuerySet:
        if not user.is_authenticated or not user.is_active:
            return queryset.none()
        return get_objects_for_user(
            user, perm, klass=queryset, use_groups=True, accept_global_perms=False
        )

    return check, filter_


def _checker_for(user: AnyUser) -> ObjectPermissionChecker:
    checker = getattr(user, "_object_permission_checker", None)
    if checker is None:
        checker = ObjectPermissionChecker(user)
        user._object_permission_checker = checker
    return checker


# Facts about people read once per request (``remembered``), keyed by (user id, fact). None
# outside a request (a task, a command, a test calling a service): every asking reads afresh.
_request_facts: ContextVar[dict | None] = ContextVar("permission_facts", default=None)


@contextmanager
def facts_for_one_request():
    """The scope in which ``remembered`` keeps what it reads: one HTTP request
    (``collectivites.middleware.PermissionFactsMiddleware``)."""
    token = _request_facts.set({})
    try:
        yield
    finally:
        _request_facts.reset(token)


def remembered(user: AnyUser, key: Hashable, read: Callable[[], T]) -> T:
    """A fact about an authenticated ``user`` (is a member, moderates these forums), read once
    per request.

    A rule asks the same fact several times per request (a topic page asks "is a member?" of
    five rules); each asking was a query. Kept for one request only, under the user's id: never
    shared between people nor kept past the request that read it. A service that changes a
    person's roles, memberships, silences or moderated forums calls
    ``forget_cached_permissions`` so that the rest of its request reads them again.
    """
    facts = _request_facts.get()
    if facts is None or not user.is_authenticated:
        return read()
    full_key = (user.pk, key)
    if full_key not in facts:
        facts[full_key] = read()
    return facts[full_key]


def forget_cached_permissions(user: AnyUser) -> None:
    """Drop what this user object and this request remember of the user, after their roles,
    memberships, silences or moderated forums changed."""
    for attribute in ("_platform_roles_cache", "_object_permission_checker"):
        if hasattr(user, attribute):
            delattr(user, attribute)
    facts = _request_facts.get()
    if facts:
        for key in [key for key in facts if key[0] == user.pk]:
            del facts[key]


# --- The two questions ----------------------------------------------------------------------


def _passes_as_superuser(user: AnyUser, rule: Rule) -> bool:
    return rule.superusers and user.is_authenticated and user.is_active and user.is_superuser


def user_can(user: AnyUser | None, action: str, obj: models.Model) -> bool:
    user = user or AnonymousUser()
    rule = _rule(type(obj), action)
    return _passes_as_superuser(user, rule) or rule.check(user, obj)


def user_can_create(user: AnyUser | None, model: type[models.Model]) -> bool:
    """May this user create objects of ``model``? (the rule ``create``, asked without object)"""
    user = user or AnonymousUser()
    rule = _rule(model, "create")
    return _passes_as_superuser(user, rule) or rule.check(user, None)


def visible_to(user: AnyUser | None, action: str, queryset: models.QuerySet) -> models.QuerySet:
    user = user or AnonymousUser()
    rule = _rule(queryset.model, action)
    if _passes_as_superuser(user, rule):
        return queryset
    return rule.filter(user, queryset)


def require(user: AnyUser | None, action: str, obj: models.Model, *, view_action: str = "view"):
    """Raise unless the user may ``action`` ``obj``: 404 if they may not even see it, else 403."""
    if user_can(user, action, obj):
        return
    if action != view_action and user_can(user, view_action, obj):
        raise PermissionDeniedError("Vous n'avez pas le droit d'effectuer cette action.")
    raise NotFoundError("Ressource introuvable.")


def require_create(user: AnyUser | None, model: type[models.Model]) -> None:
    """Raise 403 unless the user may create objects of ``model`` (nothing to hide: no object)."""
    if not user_can_create(user, model):
        raise PermissionDeniedError("Vous n'avez pas le droit d'effectuer cette action.")
