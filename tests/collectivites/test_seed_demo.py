"""seed_demo builds the demo network through the services, exactly once, and its accounts work."""

import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import global_settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Count
from rest_framework.test import APIClient

import collectivites.demo
from collectivites.demo.bodies import load_bodies
from collectivites.demo.seed import DEMO_PASSWORD
from collectivites.identifiers import validate_siren, validate_siret
from collectivites.models import AuditEvent, Collectivite, Company, Membership, User

pytestmark = pytest.mark.django_db

ACCOUNTS_MD = Path(collectivites.demo.__file__).parents[2] / "README.md"  # its account table
BRETON_DEPARTEMENTS = {"22", "29", "35", "56"}
# Real SIRENs, as published in INSEE's Sirene directory.
REAL_SIRENS = {
    "Région Bretagne": "233500016",
    "Département d'Ille-et-Vilaine": "223500018",
    "Rennes": "213502388",
    "Brest": "212900195",
    "Quimper": "212902324",
    "Vannes": "215602608",
    "Saint-Brieuc": "212202782",
}


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded():
    seed_demo()


def directory(**params) -> dict:
    response = APIClient().get("/api/v1/collectivites/", {"page_size": 100, **params}, secure=True)
    assert response.status_code == 200, response.content
    return response.json()


def log_in(username: str) -> APIClient:
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": username, "password": DEMO_PASSWORD}, secure=True
    )
    assert response.status_code == 200, (username, response.content)
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def listed_usernames() -> list[str]:
    return re.findall(r"^\| `([^`]+)` \| `partage-bretagne-2008` \|", ACCOUNTS_MD.read_text(), re.M)


def test_the_data_file_holds_156_breton_bodies():
    bodies = load_bodies()
    assert len(bodies) == 156
    assert {body.kind for body in bodies} == set(Collectivite.Kind.values)
    for body in bodies:
        assert body.departement_code in BRETON_DEPARTEMENTS, body
        assert date(2006, 1, 1) <= body.adhesion_date <= date(2008, 12, 31), body
        if body.kind == Collectivite.Kind.COMMUNE:
            assert re.fullmatch(rf"{body.departement_code}\d{{3}}", body.insee), body
        else:
            assert body.insee == "", body


def test_the_directory_lists_the_156_members(seeded):
    assert directory()["count"] == 156


def test_the_region_and_the_four_departements_are_members(seeded):
    regions = directory(kind="region")["results"]
    assert [region["name"] for region in regions] == ["Région Bretagne"]
    departements = directory(kind="departement")["results"]
    assert {d["departement_code"] for d in departements} == BRETON_DEPARTEMENTS


def test_sirens_are_valid_unique_and_real_where_known(seeded):
    sirens = dict(Collectivite.objects.values_list("name", "siren"))
    assert len(set(sirens.values())) == 156
    for siren in sirens.values():
        validate_siren(siren)
    assert {name: sirens[name] for name in REAL_SIRENS} == REAL_SIRENS
    sirets = list(Company.objects.values_list("siret", flat=True))
    assert len(sirets) == 6
    for siret in sirets:
        validate_siret(siret)


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Collectivite, User, Membership, Company, AuditEvent)
    } | {"group seats": User.groups.through.objects.count()}


def test_a_second_run_creates_nothing_and_reads_in_bulk(seeded, django_assert_max_num_queries):
    before = _counts()
    # A fixed number of reads, whatever the network size: each app's step adds a constant few
    # (and a savepoint pair), never a read per row.
    with django_assert_max_num_queries(65):
        out = seed_demo()
    assert "rien de nouveau" in out
    assert _counts() == before


def test_every_member_is_in_the_collectivite_group_and_no_one_else(seeded):
    members = set(Membership.objects.values_list("collectivite__group_id", "user_id"))
    group_seats = set(
        User.groups.through.objects.filter(group__collectivite__isnull=False).values_list(
            "group_id", "user_id"
        )
    )
    assert group_seats == members
    for role in Membership.Role.values:
        with_role = Membership.objects.filter(role=role).values("collectivite").distinct()
        assert with_role.count() == 156, role
    in_two_bodies = Membership.objects.values("user").annotate(n=Count("id")).filter(n=2)
    assert in_two_bodies.count() == 5  # acheteur.brest and four secretaries of small mairies


def test_the_listed_accounts_log_in_with_the_demo_password(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins
    seed_demo()
    cache.clear()  # the login throttle counts per address in the cache
    usernames = listed_usernames()
    assert len(usernames) == 19  # acts: comptable.vannes, prefecture.morbihan
    me = {}
    for username in usernames:
        response = log_in(username).get("/api/v1/me/", secure=True)
        assert response.status_code == 200
        me[username] = response.json()
    assert me["admin"]["is_superuser"]
    assert me["animatrice"]["platform_roles"] == ["network_animator"]
    assert me["moderateur"]["platform_roles"] == ["forum_moderator"]
    assert {
        (m["collectivite"]["name"], tuple(m["capabilities"]))
        for m in me["acheteur.brest"]["memberships"]
    } == {("Brest", ("buyer",)), ("Brest Métropole", ("buyer",))}
    assert me["entreprise.btp"]["company"]["name"] == "Armor Bâtiment Construction"
    assert me["entreprise.btp"]["memberships"] == []
    passwords = User.objects.values_list("password", flat=True)
    assert all(check_password(DEMO_PASSWORD, password) for password in passwords)


def test_a_first_login_rehashes_the_quick_demo_hash_at_full_strength(settings):
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # Django's PBKDF2 default
    seed_demo()
    cache.clear()
    assert User.objects.get(username="agent.rennes").password.startswith("pbkdf2_sha256$1000$")
    log_in("agent.rennes")
    password = User.objects.get(username="agent.rennes").password
    assert password.startswith(f"pbkdf2_sha256${PBKDF2PasswordHasher.iterations}$")


def test_generated_people_are_the_same_on_every_machine(seeded):
    """Names come from SHA-256 of the SIREN, never from chance: the README can cite one."""
    rennes = Membership.objects.filter(collectivite__name="Rennes", role="referent")
    assert set(rennes.values_list("user__username", flat=True)) == {
        "referent.rennes",
        "isabelle.salaun",
    }
