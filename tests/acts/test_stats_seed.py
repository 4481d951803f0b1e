"""``seed_demo`` reproduces the article: "7 collectivités ont transmis 310 actes en préfecture
depuis octobre" — all acknowledged, a few with later exchanges; the statistics say so."""

from io import StringIO

import pytest
from django.core.management import call_command

from acts.models import Act, ActMessage, ActStatus

pytestmark = pytest.mark.django_db


def test_the_articles_acts_after_seed_demo(api, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=StringIO())

    stats = api.get("/api/v1/stats/", {"year": 2007}).json()
    assert stats["acts_transmitted"] == 310
    assert stats["act_transmitting_bodies"] == 7
    by_month = {m["month"]: m["acts_transmitted"] for m in stats["months"]}
    assert sum(by_month.values()) == 310
    assert all(by_month[f"2007-{m:02d}"] == 0 for m in range(1, 10))  # "depuis octobre"
    assert all(by_month[f"2007-{m}"] > 0 for m in ("10", "11", "12"))

    acts = Act.objects.filter(transmitted_at__year=2007)
    assert set(acts.values_list("status", flat=True)) == {ActStatus.ACKNOWLEDGED}
    assert ActMessage.objects.filter(act__in=acts).exists()
    assert api.get("/api/v1/stats/", {"year": 2008}).json()["acts_transmitted"] == 0

    # The demo's act officer of Vannes reads them, timeline and stamped copy included.
    from collectivites.models import User

    officer = User.objects.get(username="actes.vannes")
    client = client_for(officer)
    listed = client.get("/api/v1/acts/", {"page_size": 100}).json()
    assert listed["count"] == 92
    act = listed["results"][0]
    timeline = client.get(f"/api/v1/acts/{act['id']}/timeline/").json()
    assert [e["action"] for e in timeline][:4] == [
        "act.posted",
        "act.transmission_requested",
        "act.transmitted",
        "act.acknowledged",
    ]
    assert client.get(f"/api/v1/acts/{act['id']}/stamped/").status_code == 200

    # Idempotent.
    call_command("seed_demo", stdout=StringIO())
    assert Act.objects.count() == 310
