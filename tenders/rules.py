"""Who may see and run tenders.

* Everyone, anonymous visitors included, sees a tender once it has been published — also after
  it closed, was awarded, or was cancelled after publication. A tender cancelled while still a
  draft was never public and stays hidden.
* Drafts are seen by the buyers (``is_buyer`` members) of the coordinating collectivité and of
  the group's member collectivités, by animators and superusers.
* Only the coordinator's buyers manage the tender (edit, publish, answer, open, award) and see
  the identity of askers and the registre des retraits. Animators moderate; they do not buy.
* Every question is asked here, through ``collectivites.permissions``, by the services and
  selectors; views ask none of their own.
"""

from django.db.models import Q, QuerySet

from collectivites.models import Membership
from collectivites.permissions import AnyUser, is_animator, register_rule

from .models import Award, GroupMember, SavedSearch, Tender, TenderStatus


def public_q() -> Q:
    return ~Q(status=TenderStatus.DRAFT) & ~Q(
        status=TenderStatus.CANCELLED, published_at__isnull=True
    )


def is_public(tender: Tender) -> bool:
    if tender.status == TenderStatus.DRAFT:
        return False
    return not (tender.status == TenderStatus.CANCELLED and tender.published_at is None)


def _buyer_collectivites(user: AnyUser) -> QuerySet:
    return Membership.objects.filter(user=user, is_buyer=True).values("collectivite_id")


def _active(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_active


def buyer_side_q(user: AnyUser) -> Q:
    """Tenders whose coordinator or one of whose group members the user buys for."""
    mine = _buyer_collectivites(user)
    group = GroupMember.objects.filter(collectivite_id__in=mine).values("tender_id")
    return Q(buyer_id__in=mine) | Q(pk__in=group)


def _view(user: AnyUser, tender: Tender) -> bool:
    if is_public(tender) or is_animator(user):
        return True
    if not _active(user):
        return False
    return Tender.objects.filter(buyer_side_q(user), pk=tender.pk).exists()


def _filter_view(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if is_animator(user):
        return queryset
    if not _active(user):
        return queryset.filter(public_q())
    return queryset.filter(public_q() | buyer_side_q(user))


def _manage(user: AnyUser, tender: Tender) -> bool:
    if not _active(user):
        return False
    return Membership.objects.filter(
        user=user, collectivite_id=tender.buyer_id, is_buyer=True
    ).exists()


def _filter_manage(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not _active(user):
        return queryset.none()
    return queryset.filter(buyer_id__in=_buyer_collectivites(user))


def _create(user: AnyUser, _obj: None) -> bool:
    """Anyone who buys for at least one collectivité may start a consultation (for it)."""
    return _active(user) and Membership.objects.filter(user=user, is_buyer=True).exists()


def _filter_create(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset if _create(user, None) else queryset.none()


def _ask(user: AnyUser, tender: Tender) -> bool:
    """Questions come from identified companies, on tenders they can see."""
    return _active(user) and user.company_id is not None and is_public(tender)


def _filter_ask(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not _active(user) or user.company_id is None:
        return queryset.none()
    return queryset.filter(public_q())


register_rule(Tender, "view", check=_view, filter=_filter_view)


# --- Search: the "view" rule in terms a search backend can apply -----------------------------
# Only ``Tender.search_fields``' filter fields, only positive lookups (a backend translates
# ``in``/``exact``/``isnull``; negations of compound conditions are where translations differ),
# and the buyer's side as id subqueries. tests/search asserts it agrees with "view".

_PUBLIC_STATUSES = [s for s in TenderStatus.values if s not in ("draft", "cancelled")]


def _search_public_q() -> Q:
    return Q(status__in=_PUBLIC_STATUSES) | Q(
        status=TenderStatus.CANCELLED, published_at__isnull=False
    )


def _filter_search(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if is_animator(user):
        return queryset
    if not _active(user):
        return queryset.filter(_search_public_q())
    mine = _buyer_collectivites(user)
    group = GroupMember.objects.filter(collectivite_id__in=mine).values("tender_id")
    return queryset.filter(_search_public_q() | Q(buyer_id__in=mine) | Q(id__in=group))


register_rule(Tender, "search", check=_view, filter=_filter_search)
register_rule(Tender, "manage", check=_manage, filter=_filter_manage)
register_rule(Tender, "create", check=_create, filter=_filter_create)
# Asking and bidding are a company's acts: a superuser without a company does neither.
register_rule(Tender, "ask_question", check=_ask, filter=_filter_ask, superusers=False)


# Audit actions whose actor is an asker: hidden from whoever may not see askers.
ASKER_EVENTS = frozenset({"tender.question_asked"})


# --- Bids (plis) ------------------------------------------------------------------------------


def _buyer_or_animator(user: AnyUser, tender: Tender) -> bool:
    """The buyer's side and the animators who moderate know how many bids arrived (never who
    sent them) and who did what in the timeline."""
    return is_animator(user) or _manage(user, tender)


def _filter_buyer_or_animator(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset if is_animator(user) else _filter_manage(user, queryset)


register_rule(Tender, "submit_bid", check=_ask, filter=_filter_ask, superusers=False)
for _action in ("count_bids", "see_actors"):
    register_rule(Tender, _action, check=_buyer_or_animator, filter=_filter_buyer_or_animator)

# Acts of the buyer's office, which neither an animator nor a superuser takes over
# (``superusers=False``): reading the bids, opening them (a superuser once opened another
# body's tender), and knowing which company asked a question — a question shows what a company
# is interested in (issue 4); animators and superusers read the questions, never who asked.
for _action in ("read_bids", "open_bids", "see_askers"):
    register_rule(Tender, _action, check=_manage, filter=_filter_manage, superusers=False)


# A saved search is its owner's alone (issue 12): nobody else reads or changes it, superusers
# included (it tells what a company is after).
def _own_search(user: AnyUser, search) -> bool:
    return _active(user) and search.user_id == user.pk


def _filter_own_search(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset.filter(user=user) if _active(user) else queryset.none()


def _create_search(user: AnyUser, _obj=None) -> bool:
    return _active(user) and user.company_id is not None


def _filter_create_search(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset if _create_search(user) else queryset.none()


for _action in ("view", "manage"):
    register_rule(
        SavedSearch, _action, check=_own_search, filter=_filter_own_search, superusers=False
    )
register_rule(
    SavedSearch, "create", check=_create_search, filter=_filter_create_search, superusers=False
)


# --- After the choice (rejection letters, certificates, notification) -------------------------


def _titulaire(user: AnyUser, award: Award) -> bool:
    """A user of one of the award's titulaire companies: they upload the certificates and
    acknowledge the notification, nobody else (superusers neither: it is the company's act)."""
    if not _active(user) or user.company_id is None:
        return False
    return award.companies.filter(company_id=user.company_id).exists()


def _filter_titulaire(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not _active(user) or user.company_id is None:
        return queryset.none()
    return queryset.filter(companies__company_id=user.company_id).distinct()


register_rule(
    Award, "act_as_titulaire", check=_titulaire, filter=_filter_titulaire, superusers=False
)
