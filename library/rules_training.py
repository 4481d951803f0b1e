"""Who may follow a training module, and who may see how far others got (docs/decisions/0018).

* Following (marking a lesson done, answering its quiz, reading one's own progress): anyone
  signed in who may read the lesson.
* Completion counts of a module, per collectivité: animators. They are aggregates computed in
  SQL; no rule lets an animator read one person's progress.
* One person's progress: themselves, and the referent of a collectivité they are a member of,
  for that collectivité's members only — the referent is the one who may ask how their agents
  are getting on. Declared with ``superusers=False``: holding the platform's keys is not being
  someone's referent.
"""

from django.db.models import QuerySet

from collectivites.models import Collectivite, Membership
from collectivites.permissions import AnyUser, is_animator, register_rule

from .models import TrainingLessonPage, TrainingModulePage
from .rules import _filter_view_pages, _view_page


def _active(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_active


def _follow(user: AnyUser, lesson: TrainingLessonPage) -> bool:
    return _active(user) and _view_page(user, lesson)


def _filter_follow(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return _filter_view_pages(user, queryset) if _active(user) else queryset.none()


def _completion_stats(user: AnyUser, _module: TrainingModulePage | None) -> bool:
    return is_animator(user)


def _filter_completion_stats(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset if is_animator(user) else queryset.none()


def _see_members_progress(user: AnyUser, collectivite: Collectivite) -> bool:
    return (
        _active(user)
        and Membership.objects.filter(
            user=user, collectivite=collectivite, role=Membership.Role.REFERENT
        ).exists()
    )


def _filter_see_members_progress(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not _active(user):
        return queryset.none()
    return queryset.filter(
        memberships__user=user, memberships__role=Membership.Role.REFERENT
    ).distinct()


register_rule(TrainingLessonPage, "follow", check=_follow, filter=_filter_follow)
register_rule(
    TrainingModulePage,
    "completion_stats",
    check=_completion_stats,
    filter=_filter_completion_stats,
)
register_rule(
    Collectivite,
    "see_members_training",
    check=_see_members_progress,
    filter=_filter_see_members_progress,
    superusers=False,
)
