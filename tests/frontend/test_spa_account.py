"""'Mon compte' and the members of a collectivité."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_account_page_shows_identity_and_memberships(page, network, log_in, screenshot):
    log_in("alice", "alice-secret-1")
    page.get_by_role("link", name="Mon compte").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    expect(page).to_have_title("Mon compte · e-Partage")
    main = page.get_by_role("main")
    expect(main).to_contain_text("alice@example.org")
    expect(main).to_contain_text("Aucun rôle particulier sur la plate-forme.")

    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(3)  # header + two memberships
    expect(rows.nth(1)).to_contain_text("Rennes")
    expect(rows.nth(1)).to_contain_text("Référent")
    expect(rows.nth(1)).to_contain_text("Acheteur")
    expect(rows.nth(2)).to_contain_text("Rennes Métropole")
    expect(rows.nth(2)).to_contain_text("Agent")
    expect(rows.nth(2)).to_contain_text("Télétransmission des actes")
    screenshot("account")


def test_platform_roles_are_listed(page, network, log_in):
    from collectivites import services
    from collectivites.roles import PlatformRole

    services.platform_role_grant(actor=None, user=network["bob"], role=PlatformRole.FORUM_MODERATOR)
    log_in("bob", "bob-secret-1")
    page.goto("/compte")
    expect(page.get_by_role("main")).to_contain_text("Modérateur de forum")


def test_agent_sees_members_but_cannot_manage_them(page, network, log_in):
    rennes = network["bodies"]["Rennes"]
    log_in("bob", "bob-secret-1")
    page.goto(f"/collectivites/{rennes.pk}")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Alice Martin")
    expect(table).to_contain_text("Bob Le Gall")
    expect(page.get_by_role("heading", name="Inviter une personne")).to_have_count(0)
    expect(page.get_by_role("button", name="Retirer")).to_have_count(0)


def test_referent_invites_and_edits_a_member(page, network, log_in, screenshot):
    rennes = network["bodies"]["Rennes"]
    log_in("alice", "alice-secret-1")
    page.goto(f"/collectivites/{rennes.pk}")
    expect(page.get_by_role("table")).to_contain_text("Bob Le Gall")

    # A field error from the API shows beside its field.
    page.get_by_label("Adresse électronique").fill("pas-une-adresse")
    page.get_by_role("button", name="Inviter").click()
    expect(page.get_by_role("alert")).to_contain_text("Les données envoyées sont invalides.")
    expect(page.get_by_label("Adresse électronique")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Adresse électronique")).to_have_accessible_description(
        re.compile("valide")
    )
    expect(page.get_by_label("Prénom (facultatif)")).not_to_have_attribute("aria-invalid", "true")

    page.get_by_label("Adresse électronique").fill("chloe@rennes.example")
    page.get_by_label("Prénom (facultatif)").fill("Chloé")
    page.get_by_label("Nom (facultatif)", exact=True).fill("Durand")
    page.get_by_role("form", name="Inviter une personne").get_by_label("Acheteur").check()
    page.get_by_role("button", name="Inviter").click()
    expect(page.get_by_role("status").filter(has_text="Chloé Durand")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Chloé Durand")

    # Make Bob a referent.
    page.get_by_label("Rôle de Bob Le Gall").select_option("referent")
    page.get_by_role("button", name="Enregistrer les droits de Bob Le Gall").click()
    expect(page.get_by_role("status").filter(has_text="Bob Le Gall")).to_be_visible()
    expect(page.get_by_label("Rôle de Bob Le Gall")).to_have_value("referent")
    screenshot("collectivite-referent")

    from collectivites.models import Membership

    assert Membership.objects.get(user=network["bob"], collectivite=rennes).role == "referent"
    chloe = Membership.objects.get(user__email="chloe@rennes.example", collectivite=rennes)
    assert chloe.capabilities == ["buyer"]


def test_referent_removes_a_member_and_conflicts_are_explained(page, network, log_in):
    rennes = network["bodies"]["Rennes"]
    log_in("alice", "alice-secret-1")
    page.goto(f"/collectivites/{rennes.pk}")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Bob Le Gall")

    # The API refuses to leave the collectivité without a referent (409): the row says why.
    page.get_by_label("Rôle de Alice Martin").select_option("agent")
    page.get_by_role("button", name="Enregistrer les droits de Alice Martin").click()
    expect(page.get_by_role("alert")).to_contain_text("au moins un référent")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Retirer Bob Le Gall").click()
    expect(page.get_by_role("status").filter(has_text="retiré")).to_be_visible()
    expect(table).not_to_contain_text("Bob Le Gall")

    from collectivites.models import Membership

    assert not Membership.objects.filter(user=network["bob"], collectivite=rennes).exists()


def test_an_invitation_from_another_collectivite_is_accepted_in_my_account(page, network, log_in):
    """Bob acts for Rennes; Brest's referent invites him: he is not added, he accepts."""
    from collectivites import services
    from collectivites.models import Membership

    brest = network["bodies"]["Brest"]
    brest_referent = services.user_create(username="brest.referent", email="ref@brest.example")
    services.membership_create(actor=None, collectivite=brest, user=brest_referent, role="referent")
    services.membership_invite(
        actor=brest_referent, collectivite=brest, email="bob@example.org", capabilities=["buyer"]
    )
    assert not Membership.objects.filter(user=network["bob"], collectivite=brest).exists()

    log_in("bob", "bob-secret-1")
    page.goto("/compte")
    invitations = page.get_by_role("region", name="Invitations à rejoindre une collectivité")
    expect(invitations).to_contain_text("Brest — Agent")
    page.get_by_role("button", name="Accepter l'invitation de Brest").click()
    expect(page.get_by_role("status").filter(has_text="membre de Brest")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Brest")
    expect(page.get_by_role("button", name="Accepter l'invitation de Brest")).to_have_count(0)
    assert Membership.objects.get(user=network["bob"], collectivite=brest).capabilities == ["buyer"]
