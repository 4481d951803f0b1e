"""Training progress: marking a lesson read, passing its quiz (checked on the server, pass mark
at its exact edge), one's own progress, counts per collectivité for animators (no person), and
the referent's view of their own collectivité's members only (ADR 0018)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collectivites.errors import ConflictError, NotFoundError, PermissionDeniedError
from library.models import LessonProgress
from library.selectors import training as selectors
from library.services import training as services
from tests.factories import MembershipFactory

from .training_helpers import RIGHT_3, make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(platform):
    return make_module()


def progress_url(module):
    return f"/api/v1/library/training/modules/{module.pk}/progress/"


def lesson_url(lesson, what=""):
    return f"/api/v1/library/training/lessons/{lesson.pk}/{what}"


def test_a_lesson_without_quiz_is_marked_done_and_progress_moves(client_for, agent, module):
    module, (read, _seuils, _remise) = module
    client = client_for(agent)
    before = client.get(progress_url(module)).json()
    assert (before["done"], before["total"], before["percent"]) == (0, 3, 0)
    assert client.post(lesson_url(read, "done/")).json()["done"] is True
    after = client.get(progress_url(module)).json()
    assert (after["done"], after["percent"]) == (1, 33)
    assert [lesson["done"] for lesson in after["lessons"]] == [True, False, False]
    assert client.post(lesson_url(read, "done/")).status_code == 200  # idempotent
    assert LessonProgress.objects.count() == 1


def test_the_quiz_is_sent_without_its_answers(client_for, agent, module):
    _module, (_read, seuils, _remise) = module
    lesson = client_for(agent).get(lesson_url(seuils)).json()
    assert [q["id"] for q in lesson["quiz"]] == ["q1", "q2", "q3"]
    assert "correct" not in str(lesson) and "Explication" not in str(lesson)


def test_a_lesson_with_a_quiz_is_completed_by_passing_it_not_by_marking(client_for, agent, module):
    _module, (_read, seuils, _remise) = module
    client = client_for(agent)
    response = client.post(lesson_url(seuils, "done/"))
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    result = client.post(lesson_url(seuils, "quiz/"), {"answers": RIGHT_3}, format="json").json()
    assert (result["score"], result["total"], result["passed"], result["done"]) == (
        3,
        3,
        True,
        True,
    )
    assert result["corrections"][0]["right_choices"] == ["a"]
    assert result["corrections"][0]["explanation"] == "Explication q1"


def test_pass_mark_default_two_out_of_three_passes_one_fails(agent, module):
    _module, (_read, seuils, _remise) = module
    one = services.lesson_quiz_submit(actor=agent, lesson_id=seuils.pk, answers={"q1": ["a"]})
    assert (one.score, one.passed, one.progress.completed_at) == (1, False, None)
    two = services.lesson_quiz_submit(
        actor=agent, lesson_id=seuils.pk, answers={"q1": ["a"], "q2": ["c"], "q3": ["f"]}
    )
    assert (two.score, two.passed) == (2, True)
    assert two.progress.completed_at is not None and two.progress.attempts == 2


def test_pass_mark_exactly_reached_passes_just_under_fails(settings, agent, module):
    _module, (_read, _seuils, remise) = module
    settings.LIBRARY_QUIZ_PASS_PERCENT = 50  # 1 of 2 is exactly 50 %
    half = services.lesson_quiz_submit(actor=agent, lesson_id=remise.pk, answers={"r1": ["g"]})
    assert (half.score, half.total, half.passed) == (1, 2, True)
    settings.LIBRARY_QUIZ_PASS_PERCENT = 51
    LessonProgress.objects.all().delete()
    under = services.lesson_quiz_submit(actor=agent, lesson_id=remise.pk, answers={"r1": ["g"]})
    assert under.passed is False and under.progress.completed_at is None


def test_a_question_is_right_only_with_exactly_its_right_choices(agent, module):
    _module, (_read, seuils, _remise) = module
    result = services.lesson_quiz_submit(
        actor=agent, lesson_id=seuils.pk, answers={"q1": ["a", "b"], "q2": ["c"], "q3": []}
    )
    assert [c.correct for c in result.corrections] == [False, True, False]


def test_a_later_failed_attempt_does_not_undo_a_pass(agent, module):
    module_page, (_read, seuils, _remise) = module
    services.lesson_quiz_submit(actor=agent, lesson_id=seuils.pk, answers=RIGHT_3)
    services.lesson_quiz_submit(actor=agent, lesson_id=seuils.pk, answers={})
    progress = selectors.module_progress(actor=agent, module_id=module_page.pk)
    assert progress.done == 1


def test_bad_answers_are_a_400_naming_the_field_and_nothing_is_written(client_for, agent, module):
    _module, (_read, seuils, _remise) = module
    client = client_for(agent)
    for body in ({"answers": {"zz": ["a"]}}, {"answers": {"q1": ["zz"]}}, {"answers": "x"}, {}):
        response = client.post(lesson_url(seuils, "quiz/"), body, format="json")
        assert response.status_code == 400, body
        assert "answers" in str(response.json()["extra"])
    assert not LessonProgress.objects.exists()


def test_a_lesson_one_may_not_read_is_not_found(client_for, outsider, agent, rennes, module):
    from wagtail.models import PageViewRestriction

    module_page, (read, _seuils, _remise) = module
    restriction = PageViewRestriction.objects.create(
        page=module_page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([rennes.group])
    client = client_for(outsider)
    assert client.post(lesson_url(read, "done/")).status_code == 404
    assert client.get(progress_url(module_page)).status_code == 404
    assert client_for(agent).post(lesson_url(read, "done/")).status_code == 200


def test_anonymous_cannot_follow(api, module):
    _module, (read, _seuils, _remise) = module
    assert api.post(lesson_url(read, "done/")).status_code == 401


# --- Counts per collectivité (animators) and the referent's view --------------------------


@pytest.fixture
def learners(module, rennes, brest, agent, outsider, referent):
    module_page, (read, seuils, remise) = module
    second_rennes = MembershipFactory(collectivite=rennes, role="agent").user
    for person in (agent, second_rennes, outsider):
        services.lesson_mark_done(actor=person, lesson_id=read.pk)
    for lesson, answers in ((seuils, RIGHT_3), (remise, {"r1": ["g"], "r2": ["i"]})):
        services.lesson_quiz_submit(actor=agent, lesson_id=lesson.pk, answers=answers)
    return module_page, second_rennes


def test_animators_see_counts_per_collectivite_and_no_person(client_for, animator, learners):
    module_page, _second = learners
    response = client_for(animator).get(
        f"/api/v1/library/training/modules/{module_page.pk}/completion/"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["total_lessons"] == 3
    rows = {row["collectivite_name"]: row for row in body["collectivites"]}
    assert rows["Rennes"] | {"collectivite_id": 0} == {
        "collectivite_id": 0,
        "collectivite_name": "Rennes",
        "learners": 2,
        "completed": 1,
        "lessons_done": 4,
    }
    assert (rows["Brest"]["learners"], rows["Brest"]["completed"]) == (1, 0)
    keys = {"collectivite_id", "collectivite_name", "learners", "completed", "lessons_done"}
    assert all(set(row) == keys for row in body["collectivites"])
    assert set(body) == {"id", "title", "total_lessons", "collectivites"}


def test_completion_counts_are_for_animators_only(client_for, agent, referent, learners):
    module_page, _second = learners
    path = f"/api/v1/library/training/modules/{module_page.pk}/completion/"
    assert client_for(agent).get(path).status_code == 403
    assert client_for(referent).get(path).status_code == 403


def test_completion_queries_are_constant(client_for, animator, learners, brest, module):
    module_page, _second = learners
    _m, (read, _s, _r) = module
    client = client_for(animator)
    path = f"/api/v1/library/training/modules/{module_page.pk}/completion/"
    client.get(path)
    with CaptureQueriesContext(connection) as first:
        client.get(path)
    for _ in range(3):
        person = MembershipFactory(collectivite=brest, role="agent").user
        services.lesson_mark_done(actor=person, lesson_id=read.pk)
    with CaptureQueriesContext(connection) as second:
        client.get(path)
    assert len(second.captured_queries) == len(first.captured_queries)


def test_a_referent_sees_each_member_of_their_own_collectivite(
    client_for, referent, learners, rennes
):
    module_page, second = learners
    path = f"/api/v1/library/training/modules/{module_page.pk}/collectivites/{rennes.pk}/members/"
    response = client_for(referent).get(path)
    assert response.status_code == 200
    members = {m["user_id"]: m for m in response.json()["members"]}
    assert members[second.pk]["done"] == 1 and members[second.pk]["percent"] == 33
    assert members[referent.pk]["done"] == 0
    assert max(m["done"] for m in members.values()) == 3


@pytest.mark.parametrize("who", ["agent", "animator", "superuser", "outsider"])
def test_nobody_else_sees_a_collectivite_members_progress(
    client_for, request, who, learners, rennes
):
    module_page, _second = learners
    path = f"/api/v1/library/training/modules/{module_page.pk}/collectivites/{rennes.pk}/members/"
    assert client_for(request.getfixturevalue(who)).get(path).status_code == 404


def test_a_referent_of_another_collectivite_is_refused(client_for, learners, brest, rennes):
    module_page, _second = learners
    brest_referent = MembershipFactory(collectivite=brest, role="referent").user
    path = f"/api/v1/library/training/modules/{module_page.pk}/collectivites/{rennes.pk}/members/"
    assert client_for(brest_referent).get(path).status_code == 404
    own = f"/api/v1/library/training/modules/{module_page.pk}/collectivites/{brest.pk}/members/"
    assert client_for(brest_referent).get(own).status_code == 200


def test_member_progress_queries_are_constant(client_for, referent, learners, rennes, module):
    module_page, _second = learners
    _m, (read, _s, _r) = module
    client = client_for(referent)
    path = f"/api/v1/library/training/modules/{module_page.pk}/collectivites/{rennes.pk}/members/"
    client.get(path)
    with CaptureQueriesContext(connection) as first:
        client.get(path)
    for _ in range(3):
        person = MembershipFactory(collectivite=rennes, role="agent").user
        services.lesson_mark_done(actor=person, lesson_id=read.pk)
    with CaptureQueriesContext(connection) as second:
        assert len(client.get(path).json()["members"]) == 6
    assert len(second.captured_queries) == len(first.captured_queries)


def test_selectors_refuse_directly_too(agent, referent, brest, learners):
    module_page, _second = learners
    with pytest.raises(PermissionDeniedError):
        selectors.module_completion_by_collectivite(actor=agent, module_id=module_page.pk)
    with pytest.raises(NotFoundError):
        selectors.collectivite_member_progress(
            actor=referent, collectivite_id=brest.pk, module_id=module_page.pk
        )


def test_marking_a_quiz_lesson_done_directly_is_a_conflict(agent, module):
    _module, (_read, seuils, _remise) = module
    with pytest.raises(ConflictError):
        services.lesson_mark_done(actor=agent, lesson_id=seuils.pk)
