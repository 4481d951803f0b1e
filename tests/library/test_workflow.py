"""Editorial workflow: submit, review by another animator, publish; contributors (referents
let in by animators) propose drafts and never publish; scheduled publishing; locking."""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import WorkflowState

from collectivites.errors import NotFoundError, PermissionDeniedError
from collectivites.roles import PlatformRole
from collectivites.services import platform_role_grant
from library.models import GuidePage
from library.rules import contributors_group
from library.selectors import page_get, page_preview_get
from library.tasks import publish_scheduled

from ..factories import UserFactory
from .conftest import add_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_animator(platform):
    user = UserFactory(username="animateur2")
    platform_role_grant(actor=None, user=user, role=PlatformRole.NETWORK_ANIMATOR)
    return user


@pytest.fixture
def contributor(referent, index):
    referent.groups.add(contributors_group())
    return referent


def _submit(page, user):
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == "Relecture de la base documentaire"
    return workflow.start(page, user)


def test_another_animator_approves_and_the_page_is_published(index, animator, second_animator):
    page = add_page(index, "Guide MAPA", publish=False)
    state = _submit(page, animator)
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(page, animator) == []
    assert [a[0] for a in task.get_actions(page, second_animator)][:2] == ["reject", "approve"]
    assert not task.get_task_states_user_can_moderate(animator).exists()
    assert task.get_task_states_user_can_moderate(second_animator).exists()
    with pytest.raises(PermissionDeniedError):
        task.on_action(task_state, animator, "approve")

    task.on_action(task_state, second_animator, "approve")
    state.refresh_from_db()
    page.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert page.live


def test_changes_requested_keep_the_page_unpublished(index, animator, second_animator):
    page = add_page(index, "Guide MAPA", publish=False)
    state = _submit(page, animator)
    state.current_task_state.task.specific.on_action(
        state.current_task_state, second_animator, "reject"
    )
    state.refresh_from_db()
    page.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not page.live


def test_a_contributor_proposes_but_does_not_publish(index, contributor, animator, client):
    permissions = index.permissions_for_user(contributor)
    assert permissions.can_add_subpage()
    client.force_login(contributor)
    assert client.get("/admin/").status_code == 200
    add_url = f"/admin/pages/add/library/guidepage/{index.pk}/"
    assert client.get(add_url).status_code == 200

    page = add_page(index, "Proposition de Rennes", publish=False, owner=contributor)
    assert page.permissions_for_user(contributor).can_edit()
    assert not page.permissions_for_user(contributor).can_publish()
    state = _submit(page, contributor)
    task = state.current_task_state.task.specific
    assert task.get_actions(page, contributor) == []  # not an animator
    task.on_action(state.current_task_state, animator, "approve")
    page.refresh_from_db()
    assert page.live


def test_a_referent_outside_the_contributors_stays_out(index, referent, client):
    client.force_login(referent)
    assert client.get("/admin/pages/").status_code in (302, 403)


def test_scheduled_publishing(index, agent):
    page = add_page(index, "Seuils 2026-2027", publish=False)
    page.go_live_at = timezone.now() + timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live
    with pytest.raises(NotFoundError):
        page_get(actor=agent, page_id=page.pk)

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live  # not yet

    # An hour later (the revision's schedule and its content's go-live date both passed):
    revision.refresh_from_db()
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    publish_scheduled.call()  # the periodic task (settings.TASK_SCHEDULE) runs the command
    page.refresh_from_db()
    assert page.live
    assert page_get(actor=agent, page_id=page.pk).title == "Seuils 2026-2027"


def test_locking(index, animator, second_animator):
    page = add_page(index, "Guide MAPA")
    page.locked, page.locked_by, page.locked_at = True, animator, timezone.now()
    page.save()
    assert page.permissions_for_user(second_animator).page_locked()
    assert not page.permissions_for_user(animator).page_locked()


def test_revisions_are_kept_and_compared(index, animator, client):
    page = add_page(index, "Guide MAPA", body=[{"type": "markdown", "value": "Version 1"}])
    page.body = [{"type": "markdown", "value": "Version 2"}]
    page.save_revision(user=animator).publish()
    revisions = list(page.revisions.order_by("pk"))
    assert len(revisions) == 2
    client.force_login(animator)
    compare = f"/admin/pages/{page.pk}/revisions/compare/{revisions[0].pk}...{revisions[1].pk}/"
    assert client.get(compare).status_code == 200


def test_preview_shows_the_spa_with_a_token_for_the_draft(
    index, animator, agent, client, client_for
):
    page = add_page(index, "Guide MAPA", body=[{"type": "markdown", "value": "En ligne"}])
    page.body = [{"type": "markdown", "value": "## Brouillon en cours"}]
    page.save_revision(user=animator)
    client.force_login(animator)
    response = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert response.status_code == 200
    src = re.search(r'<iframe src="([^"]+)"', response.content.decode()).group(1)
    assert src.startswith("/base-documentaire/apercu/?")
    token = parse_qs(urlsplit(unescape(src)).query)["token"][0]

    response = client_for(animator).get("/api/v1/library/preview/", {"token": token})
    data = response.json()
    assert data["is_preview"] is True
    assert "Brouillon en cours" in data["html"]
    # The published page is unchanged until the draft is published.
    live = client_for(agent).get(f"/api/v1/library/pages/{page.pk}/").json()
    assert "En ligne" in live["html"]
    # Only editors exchange tokens; a forged or stale one is a 404.
    assert client_for(agent).get("/api/v1/library/preview/", {"token": token}).status_code == 404
    forged = token[:-2] + "xx"
    assert (
        client_for(animator).get("/api/v1/library/preview/", {"token": forged}).status_code == 404
    )
    with pytest.raises(NotFoundError):
        page_preview_get(actor=animator, token="")


def test_preview_tokens_expire(index, animator, monkeypatch):
    from library.selectors import preview

    page = add_page(index, "Guide MAPA")
    token = page.create_page_preview().token
    assert page_preview_get(actor=animator, token=token).pk == page.pk
    monkeypatch.setattr(preview, "PREVIEW_MAX_AGE_SECONDS", -1)
    with pytest.raises(NotFoundError):
        page_preview_get(actor=animator, token=token)


def test_wagtail_does_not_serve_library_pages_itself(index, library, client, agent):
    restricted = library["pages"]["restricted"]
    url = f"/pages{restricted.url_path.removeprefix('/accueil')}"
    assert client.get(url).status_code == 404
    client.force_login(agent)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/base-documentaire/{restricted.pk}"


def test_scheduled_publishing_is_a_periodic_task(settings):
    assert "library.tasks.publish_scheduled" in settings.TASK_SCHEDULE


def test_guide_is_a_guide(index):
    assert isinstance(add_page(index, "x"), GuidePage)
