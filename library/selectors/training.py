"""Training progress reads: one's own, a module's counts per collectivité, a referent's view.

Privacy (docs/decisions/0018): a person's progress is read by themselves and by a referent of a
collectivité they belong to, for that collectivité only; animators get counts per collectivité,
aggregated in SQL (``GROUP BY``), never rows per person. Each read is a fixed number of queries
whatever the number of lessons, members or collectivités.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from collectivites.errors import ErrorCode, NotFoundError, PermissionDeniedError
from collectivites.models import Collectivite, Membership, User
from collectivites.permissions import AnyUser, user_can, visible_to

from ..models import LessonProgress, LibraryPage, TrainingLessonPage, TrainingModulePage
from .pages import page_get

DEFAULT_PASS_PERCENT = 60


def pass_percent() -> int:
    """The share of right answers that passes a quiz (``LIBRARY_QUIZ_PASS_PERCENT``): at 60, two
    questions out of three pass, one does not."""
    return int(getattr(settings, "LIBRARY_QUIZ_PASS_PERCENT", DEFAULT_PASS_PERCENT))


def percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def module_get(*, actor: AnyUser, module_id: int) -> TrainingModulePage:
    page = page_get(actor=actor, page_id=module_id)
    if not isinstance(page, TrainingModulePage):
        raise NotFoundError("Module de formation introuvable.", code=ErrorCode.NOT_FOUND)
    return page


def lesson_get(*, actor: AnyUser, lesson_id: int) -> TrainingLessonPage:
    page = page_get(actor=actor, page_id=lesson_id)
    if not isinstance(page, TrainingLessonPage):
        raise NotFoundError("Leçon introuvable.", code=ErrorCode.NOT_FOUND)
    return page


def _lessons(actor: AnyUser, module: TrainingModulePage) -> QuerySet[TrainingLessonPage]:
    """The module's published lessons the actor may read, in the tree's order."""
    readable = visible_to(actor, "view", LibraryPage.objects.filter(live=True))
    return (
        TrainingLessonPage.objects.child_of(module)
        .filter(live=True, pk__in=readable.values("pk"))
        .order_by("path")
    )


@dataclass(frozen=True)
class LessonState:
    lesson: TrainingLessonPage
    has_quiz: bool
    done: bool
    completed_at: datetime | None
    quiz_score: int | None
    quiz_total: int | None
    attempts: int


@dataclass(frozen=True)
class ModuleProgress:
    module: TrainingModulePage
    lessons: list[LessonState]
    done: int
    total: int
    percent: int
    pass_percent: int


def _has_quiz(lesson: TrainingLessonPage) -> bool:
    return any(block.block_type == "question" for block in lesson.quiz or [])


def module_progress(*, actor: AnyUser, module_id: int) -> ModuleProgress:
    """The actor's own progress through a module they may read (anonymous: nothing done)."""
    module = module_get(actor=actor, module_id=module_id)
    lessons = list(_lessons(actor, module))
    rows = {}
    if actor.is_authenticated:
        rows = {
            row.lesson_id: row for row in LessonProgress.objects.filter(user=actor, module=module)
        }
    states = []
    for lesson in lessons:
        row = rows.get(lesson.pk)
        states.append(
            LessonState(
                lesson=lesson,
                has_quiz=_has_quiz(lesson),
                done=bool(row and row.completed_at),
                completed_at=row.completed_at if row else None,
                quiz_score=row.quiz_score if row else None,
                quiz_total=row.quiz_total if row else None,
                attempts=row.attempts if row else 0,
            )
        )
    done = sum(1 for state in states if state.done)
    return ModuleProgress(
        module=module,
        lessons=states,
        done=done,
        total=len(states),
        percent=percent(done, len(states)),
        pass_percent=pass_percent(),
    )


# --- Counts for animators and the referent's view ---------------------------------------------


def _live_lesson_count(module: TrainingModulePage) -> int:
    return TrainingLessonPage.objects.child_of(module).filter(live=True).count()


def _done_by_user(module: TrainingModulePage) -> Coalesce:
    """Per membership row: how many published lessons of the module its person completed."""
    done = (
        LessonProgress.objects.filter(
            module=module, user=OuterRef("user"), completed_at__isnull=False, lesson__live=True
        )
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(done, output_field=IntegerField()), Value(0))


@dataclass(frozen=True)
class CollectiviteCompletion:
    collectivite_id: int
    collectivite_name: str
    learners: int  # members who completed at least one lesson
    completed: int  # members who completed every lesson
    lessons_done: int


@dataclass(frozen=True)
class ModuleCompletion:
    module: TrainingModulePage
    total_lessons: int
    collectivites: list[CollectiviteCompletion]


def module_completion_by_collectivite(*, actor: AnyUser, module_id: int) -> ModuleCompletion:
    """How far each collectivité's members got in a module (animators), one ``GROUP BY``.

    A person who belongs to two collectivités counts in both. Collectivités where nobody has
    started are left out.
    """
    module = module_get(actor=actor, module_id=module_id)
    if not user_can(actor, "completion_stats", module):
        raise PermissionDeniedError("Réservé aux animateurs du réseau.")
    total = _live_lesson_count(module)
    rows = (
        Membership.objects.filter(collectivite__is_active=True)
        .annotate(done=_done_by_user(module))
        .filter(done__gt=0)
        .order_by()
        .values("collectivite_id", "collectivite__name")
        .annotate(
            learners=Count("user_id", distinct=True),
            completed=Count("user_id", filter=Q(done__gte=total), distinct=True)
            if total
            else Value(0),
            lessons_done=Sum("done"),
        )
        .order_by("collectivite__name", "collectivite_id")
    )
    return ModuleCompletion(
        module=module,
        total_lessons=total,
        collectivites=[
            CollectiviteCompletion(
                collectivite_id=row["collectivite_id"],
                collectivite_name=row["collectivite__name"],
                learners=row["learners"],
                completed=row["completed"],
                lessons_done=row["lessons_done"] or 0,
            )
            for row in rows
        ],
    )


@dataclass(frozen=True)
class MemberProgress:
    user: User
    role: str
    done: int
    total: int
    percent: int
    last_completed_at: datetime | None


@dataclass(frozen=True)
class CollectiviteProgress:
    collectivite: Collectivite
    module: TrainingModulePage
    total_lessons: int
    members: list[MemberProgress]


def collectivite_member_progress(
    *, actor: AnyUser, collectivite_id: int, module_id: int
) -> CollectiviteProgress:
    """Each member's progress in a module, for a referent of that collectivité only (else 404:
    whether someone follows a training is not for anyone else to learn)."""
    collectivite = Collectivite.objects.filter(pk=collectivite_id).first()
    if collectivite is None or not user_can(actor, "see_members_training", collectivite):
        raise NotFoundError("Ressource introuvable.", code=ErrorCode.NOT_FOUND)
    module = module_get(actor=actor, module_id=module_id)
    total = _live_lesson_count(module)
    last = (
        LessonProgress.objects.filter(
            module=module, user=OuterRef("user"), completed_at__isnull=False
        )
        .order_by()
        .values("user")
        .annotate(last=Max("completed_at"))
        .values("last")
    )
    memberships = (
        Membership.objects.filter(collectivite=collectivite)
        .select_related("user")
        .annotate(done=_done_by_user(module), last=Subquery(last))
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    return CollectiviteProgress(
        collectivite=collectivite,
        module=module,
        total_lessons=total,
        members=[
            MemberProgress(
                user=m.user,
                role=m.role,
                done=m.done,
                total=total,
                percent=percent(min(m.done, total), total),
                last_completed_at=m.last,
            )
            for m in memberships
        ],
    )
