"""A platform with something of every kind, all of it mentioning "gravillons", seen by people
in every role: public and restricted library pages, drafts of two spaces, posts of a private, a
network and a public forum (one hidden, one deleted), published and unpublished tenders, acts
of two collectivités (one of Brest's published online), and a bid whose text says "gravillons"
too.

``reindex()`` writes every indexed object to the index, whatever path saved it (a queryset
``update()`` sends no signal), so each test starts from an index that matches the database.
"""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import PageViewRestriction
from wagtail.search import index

from acts.services.acts import act_create
from forums.models import Audience
from forums.services import moderation
from forums.services.forums import forum_create
from forums.services.posts import post_create, topic_create
from library.models import FactSheetPage
from spaces.services import draft_create, space_create
from tests.acts.conftest import pdf_bytes, upload
from tests.library.conftest import add_page

# _media is the tender room's autouse settings fixture (media, keys, no antivirus): a bid is
# submitted here too.
from tests.tenders.conftest import _media, make_tender, published_tender  # noqa: F401

from ..factories import MembershipFactory

ROLES = ["anonymous", "company", "member_a", "member_b", "referent", "animator", "superuser"]
WORD = "gravillons"


def reindex() -> None:
    for model in index.get_indexed_models():
        for obj in model.get_indexed_objects():
            index.insert_or_update_object(obj)


@pytest.fixture
def people(rennes, brest, animator, superuser, company_user, referent):
    member_a = MembershipFactory(
        collectivite=rennes, role="agent", capabilities=("buyer", "act_officer")
    ).user
    member_b = MembershipFactory(
        collectivite=brest, role="agent", capabilities=("buyer", "act_officer")
    ).user
    return {
        "anonymous": AnonymousUser(),
        "company": company_user,
        "member_a": member_a,
        "member_b": member_b,
        "referent": referent,
        "animator": animator,
        "superuser": superuser,
    }


@pytest.fixture
def world(people, rennes, brest, animator, django_capture_on_commit_callbacks):
    on_commit = django_capture_on_commit_callbacks
    from acts.services.classification import classification_ensure_national
    from library.setup import library_setup

    a, b = people["member_a"], people["member_b"]
    objects = {}
    # Library
    library = library_setup()
    objects["page_public"] = add_page(
        library,
        "Guide de l'entretien des routes",
        summary="Le choix des gravillons pour un enduit superficiel.",
        body=[{"type": "rich_text", "value": "<p>Les marchés publics de gravillons.</p>"}],
    )
    objects["page_members"] = add_page(
        library, "Fiche réseau gravillons", model=FactSheetPage, summary="Pour le réseau."
    )
    PageViewRestriction.objects.create(
        page=objects["page_members"], restriction_type=PageViewRestriction.LOGIN
    )
    objects["page_rennes"] = add_page(library, "Groupement de Rennes", summary="Sans le mot.")
    restriction = PageViewRestriction.objects.create(
        page=objects["page_rennes"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([rennes.group])
    objects["page_rennes_child"] = add_page(
        objects["page_rennes"], "Lot gravillons de Rennes", model=FactSheetPage
    )
    objects["page_unpublished"] = add_page(library, "Brouillon gravillons", publish=False)
    # Drafts
    space_a = space_create(actor=animator, title="Voirie de Rennes", members=[(rennes, "editor")])
    space_b = space_create(actor=animator, title="Voirie de Brest", members=[(brest, "editor")])
    objects["draft_a"] = draft_create(
        actor=a,
        space=space_a,
        title="CCTP enduits",
        markdown="# CCTP\n\nFourniture de **gravillons** concassés pour Rennes : confidentiel.",
    )
    objects["draft_b"] = draft_create(
        actor=b, space=space_b, title="CCTP de Brest", markdown="Des gravillons roulés."
    )
    # Forums
    private = forum_create(
        actor=animator,
        title="Groupement voirie",
        visibility=Audience.RESTRICTED,
        posting=Audience.RESTRICTED,
        readers=[rennes],
        posters=[rennes],
    )
    network = forum_create(actor=animator, title="Entraide")
    public = forum_create(
        actor=animator, title="Accueil", visibility=Audience.PUBLIC, posting=Audience.NETWORK
    )
    t_private = topic_create(
        actor=a, forum=private, title="Gravillons du groupement", body="Prix des gravillons ?"
    )
    objects["post_private"] = t_private.posts.get()
    objects["post_network"] = topic_create(
        actor=b, forum=network, title="Quels gravillons ?", body="Des gravillons 6/10."
    ).posts.get()
    t_public = topic_create(
        actor=a, forum=public, title="Bienvenue", body="Parlons gravillons ici."
    )
    objects["post_public"] = t_public.posts.get()
    objects["post_hidden"] = post_create(actor=a, topic=t_public, body="Gravillons masqués.")
    moderation.post_hide(actor=animator, post=objects["post_hidden"], reason="Test")
    objects["post_deleted"] = post_create(actor=a, topic=t_public, body="Gravillons supprimés.")
    moderation.post_delete(actor=animator, post=objects["post_deleted"], reason="Test")
    # Tenders
    objects["tender_public"] = published_tender(
        a, rennes, reference="G-1", title="Fourniture de gravillons", object="Gravillons 4/6."
    )
    objects["tender_draft_a"] = make_tender(
        a, rennes, reference="G-2", title="Gravillons en préparation"
    )
    objects["tender_draft_b"] = make_tender(
        b, brest, reference="G-3", title="Gravillons de Brest en préparation"
    )
    # Acts
    classification = classification_ensure_national()
    assert classification
    for name, officer, body in (("act_a", a, rennes), ("act_b", b, brest)):
        objects[name] = act_create(
            actor=officer,
            collectivite=body,
            nature=1,
            classification="7.1",
            decision_date=date(2026, 11, 2),
            number=f"2026_{1 if name == 'act_a' else 2}",
            object=f"Achat de gravillons ({body.name})",
            file=upload("deliberation.pdf", pdf_bytes()),
        )
    # Published online by Brest: public, anonymous visitors included (acts' "view_published").
    objects["act_published"] = _published_act(b, brest, on_commit)
    reindex()
    return objects


def _published_act(officer, body, on_commit):
    from acts.services.acts import act_publish, act_transmit

    act = act_create(
        actor=officer,
        collectivite=body,
        nature=1,
        classification="7.1",
        decision_date=date(2026, 11, 3),
        number="2026_3",
        object=f"Gravillons de l'entretien des chemins ({body.name})",
        file=upload("deliberation.pdf", pdf_bytes()),
    )
    with on_commit(execute=True):  # the simulated prefecture acknowledges at once
        act = act_transmit(actor=officer, act=act)
    act.refresh_from_db()
    return act_publish(actor=officer, act=act, publication_date=act.received_on, online=True)
