"""The training rules' checks and query filters agree, for every role (ADR 0001's pattern)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import PageViewRestriction

from collectivites.models import Collectivite
from collectivites.permissions import user_can, visible_to
from library.models import TrainingLessonPage, TrainingModulePage
from tests.factories import MembershipFactory

from .training_helpers import make_module

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "company_user", "outsider", "agent", "referent", "animator", "superuser"]


@pytest.fixture
def modules(platform, rennes):
    public, _ = make_module(title="Public")
    restricted, _ = make_module(title="Rennes seulement")
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([rennes.group])
    return public, restricted


def _agree(user, action, queryset):
    visible = set(visible_to(user, action, queryset).values_list("pk", flat=True))
    for obj in queryset:
        assert user_can(user, action, obj) == (obj.pk in visible), (action, obj)
    return visible


@pytest.mark.parametrize("role", ROLES)
def test_checks_and_filters_agree(request, role, modules, rennes, brest):
    user = AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)
    lessons = _agree(user, "follow", TrainingLessonPage.objects.all())
    stats = _agree(user, "completion_stats", TrainingModulePage.objects.all())
    members = _agree(user, "see_members_training", Collectivite.objects.all())
    public, _restricted = modules
    public_lessons = set(TrainingLessonPage.objects.child_of(public).values_list("pk", flat=True))
    if role in ("anonymous", "company_user"):
        assert lessons == set() if role == "anonymous" else lessons == public_lessons
    if role == "outsider":
        assert lessons == public_lessons
    if role in ("agent", "referent", "animator", "superuser"):
        assert lessons == set(TrainingLessonPage.objects.values_list("pk", flat=True))
    assert bool(stats) == (role in ("animator", "superuser"))
    # Only a referent sees their own collectivité's members (the outsider is Brest's referent);
    # superusers and animators are nobody's referent.
    expected = {"referent": {rennes.pk}, "outsider": {brest.pk}}.get(role, set())
    assert members == expected


def test_a_referent_of_two_collectivites_sees_both(rennes, brest, modules):
    person = MembershipFactory(collectivite=rennes, role="referent").user
    MembershipFactory(user=person, collectivite=brest, role="referent")
    assert _agree(person, "see_members_training", Collectivite.objects.all()) == {
        rennes.pk,
        brest.pk,
    }
