"""Who may submit, see and follow acts and accounting files.

* A collectivité's **act officers** (``Membership.is_act_officer``) create its acts, transmit
  them, answer the prefecture, cancel and publish them; they alone see its acts. Other agents of
  the collectivité do not (an act before transmission is the office's work), nor do other
  collectivités: a 404.
* Its **accountants** (``Membership.is_accountant``) upload and follow its accounting files.
* The simulated prefecture's **agents** (platform role ``prefecture_agent``) see every act once
  transmitted and send the later exchanges (letters, requests, observations, déféré).
* Everyone, anonymous visitors included, sees the acts a collectivité published online, and
  finds them in the platform search (the "search" rule: ``view`` or ``view_published``).
Superusers pass, as everywhere, except for sending the prefecture's letters (``superusers=
False``): holding the platform's keys does not make one a prefecture.
"""

from django.db.models import Q, QuerySet

from collectivites.models import Collectivite, Membership
from collectivites.permissions import AnyUser, is_animator, platform_roles, register_rule
from collectivites.roles import PlatformRole

from .models import AccountingFile, Act, ClassificationVersion


def _active(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_active


def _officer_of(user: AnyUser) -> QuerySet:
    return Membership.objects.filter(user=user, is_act_officer=True).values("collectivite_id")


def _accountant_of(user: AnyUser) -> QuerySet:
    return Membership.objects.filter(user=user, is_accountant=True).values("collectivite_id")


def is_prefecture_agent(user: AnyUser) -> bool:
    """Held as the role itself: a superuser is no prefecture (``has_role`` would say yes)."""
    return _active(user) and PlatformRole.PREFECTURE_AGENT in platform_roles(user)


# --- On collectivités: "is an act officer / an accountant of X" --------------------------------


def _submit_acts(user: AnyUser, collectivite: Collectivite) -> bool:
    return (
        _active(user)
        and Membership.objects.filter(
            user=user, collectivite=collectivite, is_act_officer=True
        ).exists()
    )


def _filter_submit_acts(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset.filter(pk__in=_officer_of(user)) if _active(user) else queryset.none()


def _submit_accounting(user: AnyUser, collectivite: Collectivite) -> bool:
    return (
        _active(user)
        and Membership.objects.filter(
            user=user, collectivite=collectivite, is_accountant=True
        ).exists()
    )


def _filter_submit_accounting(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset.filter(pk__in=_accountant_of(user)) if _active(user) else queryset.none()


register_rule(Collectivite, "submit_acts", check=_submit_acts, filter=_filter_submit_acts)
register_rule(
    Collectivite,
    "submit_accounting_files",
    check=_submit_accounting,
    filter=_filter_submit_accounting,
)


# --- Acts ------------------------------------------------------------------------------------


def _manage_act(user: AnyUser, act: Act) -> bool:
    return _active(user) and _officer_of(user).filter(collectivite_id=act.collectivite_id).exists()


def _filter_manage_act(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not _active(user):
        return queryset.none()
    return queryset.filter(collectivite_id__in=_officer_of(user))


def _view_act(user: AnyUser, act: Act) -> bool:
    if is_prefecture_agent(user) and act.transmitted_at is not None:
        return True
    return _manage_act(user, act)


def _filter_view_act(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not _active(user):
        return queryset.none()
    mine = Q(collectivite_id__in=_officer_of(user))
    if is_prefecture_agent(user):
        return queryset.filter(mine | Q(transmitted_at__isnull=False))
    return queryset.filter(mine)


def _send_exchange(user: AnyUser, act: Act) -> bool:
    return is_prefecture_agent(user) and act.transmitted_at is not None


def _filter_send_exchange(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not is_prefecture_agent(user):
        return queryset.none()
    return queryset.filter(transmitted_at__isnull=False)


def _view_published(user: AnyUser, act: Act) -> bool:
    return act.published_online_at is not None


def _filter_view_published(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset.filter(published_online_at__isnull=False)


def _search_act(user: AnyUser, act: Act) -> bool:
    return _view_act(user, act) or _view_published(user, act)


def _filter_search_act(user: AnyUser, queryset: QuerySet) -> QuerySet:
    """``view`` or ``view_published``, in ``Act.search_fields``' filter fields only
    (collectivité among an id subquery, transmission and online publication dates), so that a
    search backend applies it (docs/decisions/0022)."""
    published = Q(published_online_at__isnull=False)
    if not _active(user):
        return queryset.filter(published)
    mine = Q(collectivite_id__in=_officer_of(user))
    if is_prefecture_agent(user):
        return queryset.filter(mine | Q(transmitted_at__isnull=False) | published)
    return queryset.filter(mine | published)


register_rule(Act, "view", check=_view_act, filter=_filter_view_act)
# Search finds what one may read: the office's acts (``view``) and, for everyone, anonymous
# visitors included, the acts published online (``view_published``).
register_rule(Act, "search", check=_search_act, filter=_filter_search_act)
register_rule(Act, "manage", check=_manage_act, filter=_filter_manage_act)
register_rule(
    Act, "send_exchange", check=_send_exchange, filter=_filter_send_exchange, superusers=False
)
register_rule(Act, "view_published", check=_view_published, filter=_filter_view_published)


# --- Accounting files --------------------------------------------------------------------------


def _accounting(user: AnyUser, accounting_file: AccountingFile) -> bool:
    return (
        _active(user)
        and _accountant_of(user).filter(collectivite_id=accounting_file.collectivite_id).exists()
    )


def _filter_accounting(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not _active(user):
        return queryset.none()
    return queryset.filter(collectivite_id__in=_accountant_of(user))


for _action in ("view", "manage"):
    register_rule(AccountingFile, _action, check=_accounting, filter=_filter_accounting)


# --- Classification: a prefecture's newer version is imported by its agents or an animator ----


def _import_classification(user: AnyUser, _obj: None) -> bool:
    return is_prefecture_agent(user) or is_animator(user)


def _filter_import_classification(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset if _import_classification(user, None) else queryset.none()


register_rule(
    ClassificationVersion,
    "create",
    check=_import_classification,
    filter=_filter_import_classification,
)
