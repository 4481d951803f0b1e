"""``generate_national_data`` at a tiny scale: the counts asked for, the same rows on every run
with the same seed, a refusal to run twice, and data the API reads like any other."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from wagtail.models import Page

from acts.models import Act
from collectivites.models import Collectivite, Membership, User
from forums.models import Post, Topic
from library.models import GuidePage
from national.generate import PASSWORD, counts_for
from spaces.models import Draft, SpacePage
from tenders.models import Tender

pytestmark = pytest.mark.django_db
SCALE = 0.0002  # 7 collectivités, 200 tenders, 1 000 posts, 20 pages, 400 acts


def _fingerprint() -> dict:
    return {
        "collectivites": list(
            Collectivite.objects.order_by("siren").values_list("siren", "name", "kind")
        ),
        "tenders": list(
            Tender.objects.order_by("reference").values_list(
                "reference", "buyer__siren", "status", "published_at", "estimated_value"
            )
        ),
        "posts": list(
            Post.objects.order_by("created_at", "body").values_list("body", "created_at")
        ),
        "acts": list(
            Act.objects.order_by("collectivite__siren", "number").values_list(
                "collectivite__siren", "number", "decision_date", "status"
            )
        ),
        "pages": list(GuidePage.objects.order_by("path").values_list("path", "slug", "theme")),
        "drafts": list(
            Draft.objects.order_by("title").values_list("title", "space__slug", "updated_at")
        ),
    }


def test_counts_and_refusal_to_run_twice(platform):
    call_command("generate_national_data", scale=SCALE, verbosity=0)
    expected = counts_for(SCALE)
    assert Collectivite.objects.count() == expected["collectivites"]
    assert Tender.objects.count() == expected["tenders"]
    assert Post.objects.count() == expected["posts"]
    assert Topic.objects.count() == expected["posts"] // 25
    assert GuidePage.objects.count() == expected["library_pages"]
    assert SpacePage.objects.count() == expected["spaces"]
    assert Draft.objects.count() == expected["drafts"]
    assert Act.objects.count() == expected["acts"]
    # Each collectivité has its two agents; each agent belongs to one collectivité only.
    assert Membership.objects.count() == 2 * expected["collectivites"]
    assert User.objects.filter(company__isnull=False).count() == expected["companies"]
    assert not any(Page.find_problems())  # the bulk tree is the one treebeard would build
    with pytest.raises(CommandError, match="existent déjà"):
        call_command("generate_national_data", scale=SCALE, verbosity=0)


def test_same_seed_same_rows():
    prints = []
    for _ in range(2):
        with transaction.atomic():
            call_command("generate_national_data", scale=SCALE, verbosity=0)
            prints.append(_fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    assert prints[0]["tenders"]


def test_generated_member_reads_their_collectivite(platform, client_for, api):
    call_command("generate_national_data", scale=SCALE, verbosity=0)
    member = User.objects.get(username="agent0-0")
    assert member.check_password(PASSWORD)
    mine = member.memberships.get().collectivite
    client = client_for(member)
    acts = client.get("/api/v1/acts/?page_size=100").json()
    assert acts["count"] == Act.objects.filter(collectivite=mine).count() > 0
    drafts = client.get("/api/v1/drafts/?page_size=100").json()
    assert drafts["count"] == Draft.objects.filter(space__members__collectivite=mine).count()
    tenders = api.get("/api/v1/tenders/").json()
    public = Tender.objects.exclude(status__in=["draft"]).count()
    assert tenders["count"] == public and tenders["count_exact"]
    page = client.get(f"/api/v1/library/pages/{GuidePage.objects.first().pk}/")
    assert page.status_code == 200, page.content


def test_leaves_planner_statistics(platform):
    """The generated rows are analyzed: a database whose autovacuum is off (or has not run)
    still plans a topic's page on the keyset index, not by sorting every post."""
    call_command("generate_national_data", scale=SCALE, verbosity=0)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'forums_post'")
        else:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'forums_post'")
        assert cursor.fetchone()[0] > 0
