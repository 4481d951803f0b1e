"""Forum moderation tools in the browser: a moderator silences a post's author with a reason
(the author's reply form then says until when), a member follows a topic, and a reply's
attachments are refused with the server's reason or listed with a download link."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def forum_world(make_collectivite, make_user, make_membership) -> dict:
    """A network forum moderated by Morgane; Anne asks, Paul answers rudely; Loïc reads."""
    from collectivites.roles import PlatformRole
    from collectivites.services import platform_role_grant
    from forums.services.forums import forum_create
    from forums.services.posts import post_create, topic_create

    rennes = make_collectivite("Rennes")
    people = {}
    for username, first, last in [
        ("anne", "Anne", "Le Goff"),
        ("paul", "Paul", "Riou"),
        ("morgane", "Morgane", "Tanguy"),
        ("lecteur1", "Loïc", "Hamon"),
    ]:
        people[username] = make_user(username, first_name=first, last_name=last)
        make_membership(people[username], rennes)
    animator = make_user("animatrice", first_name="Annaïg", last_name="Le Bihan")
    platform_role_grant(actor=None, user=animator, role=PlatformRole.NETWORK_ANIMATOR)
    forum = forum_create(
        actor=animator, title="Marchés publics — entraide", moderators=[people["morgane"]]
    )
    topic = topic_create(
        actor=people["anne"], forum=forum, title="Offre arrivée en retard : que faire ?",
        body="Une offre est arrivée à 12 h 05 pour une date limite à 12 h. La rejeter ?",
    )  # fmt: skip
    reply = post_create(actor=people["paul"], topic=topic, body="Question idiote, lisez le code.")
    return {**people, "animatrice": animator, "forum": forum, "topic": topic, "reply": reply}


def test_a_moderator_silences_an_author_who_then_reads_until_when(forum_world, asgi_page):
    from forums.models import ModerationAction, Silence

    path = f"/forums/sujets/{forum_world['topic'].pk}"
    moderator = asgi_page("morgane", path=path)
    post = moderator.get_by_role("article", name="Message de Paul Riou")
    post.get_by_role("button", name="Réduire l'auteur au silence").click()
    prompt = post.get_by_role("form", name="Réduire au silence")
    prompt.get_by_label("Durée").select_option(label="3 jours")
    prompt.get_by_label("Motif (réduire au silence)").fill("Propos méprisants envers une collègue.")
    prompt.get_by_role("button", name="Réduire au silence").click()
    expect(post.get_by_role("status")).to_contain_text(
        "Paul Riou est réduit(e) au silence jusqu'au"
    )

    silence = Silence.objects.get(user=forum_world["paul"])
    assert silence.forum_id == forum_world["forum"].pk
    assert silence.reason == "Propos méprisants envers une collègue."
    assert ModerationAction.objects.filter(reason=silence.reason).exists()

    author = asgi_page("paul", path=path)
    expect(author.get_by_text("Vous êtes réduit(e) au silence jusqu'au")).to_be_visible()
    expect(author.get_by_role("form", name="Répondre")).to_have_count(0)


def test_a_member_follows_a_topic(forum_world, asgi_page):
    from forums.models import Subscription

    topic = forum_world["topic"]
    reader = asgi_page("lecteur1", path=f"/forums/sujets/{topic.pk}")
    reader.get_by_role("button", name="Suivre ce sujet").click()
    expect(reader.get_by_role("button", name="Ne plus suivre ce sujet")).to_be_visible()
    assert Subscription.objects.filter(user=forum_world["lecteur1"], topic=topic).exists()


def test_a_reply_with_attachments_refused_then_listed(forum_world, asgi_page):
    path = f"/forums/sujets/{forum_world['topic'].pk}"
    writer = asgi_page("lecteur1", path=path)
    form = writer.get_by_role("form", name="Répondre")
    form.get_by_label("Votre message (markdown)").fill("Voici l'avis d'attribution.")
    files = form.get_by_label("Pièces jointes (PDF, ODT, images)")
    # A script named .pdf: the server checks the content and says why it refuses.
    files.set_input_files(
        files=[{"name": "faux.pdf", "mimeType": "application/pdf", "buffer": b"#!/bin/sh\necho\n"}]
    )
    form.get_by_role("button", name="Publier la réponse").click()
    expect(form.get_by_role("alert")).to_contain_text("seuls les PDF, ODT et images sont acceptés")
    expect(form).to_contain_text("faux.pdf : type refusé.")
    expect(writer.get_by_role("article").filter(has_text="Voici l'avis")).to_have_count(0)

    pdf = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF"
    real = {"name": "avis.pdf", "mimeType": "application/pdf", "buffer": pdf}
    files.set_input_files(files=[real])
    form.get_by_role("button", name="Publier la réponse").click()
    post = writer.get_by_role("article").filter(has_text="Voici l'avis")
    link = post.get_by_role("link", name="avis.pdf")
    expect(link).to_have_attribute("href", re.compile(r"^/api/v1/forums/attachments/\d+/$"))
    assert link.evaluate("a => fetch(a.href).then(r => r.status)") == 200


def test_a_moderator_edits_slows_moves_and_watches_words(forum_world, asgi_page):
    from forums.models import Topic, WatchedWord
    from forums.services.forums import forum_create

    other = forum_create(
        actor=forum_world["animatrice"], title="Voirie — groupement",
        moderators=[forum_world["morgane"]],
    )  # fmt: skip
    topic = forum_world["topic"]
    moderator = asgi_page("morgane", path=f"/forums/sujets/{topic.pk}")

    # Edit Paul's post (a moderator gives a reason), then read the former text in the history.
    post = moderator.get_by_role("article", name="Message de Paul Riou")
    post.get_by_role("button", name="Modifier").click()
    edit = post.get_by_role("form", name="Modifier")
    edit.get_by_label("Texte du message (markdown)").fill("Voyez l'article R. 2143-1.")
    edit.get_by_label("Motif (modifier)").fill("Ton peu courtois retiré.")
    edit.get_by_role("button", name="Modifier").click()
    expect(post).to_contain_text("Voyez l'article R. 2143-1.")
    expect(edit).to_have_count(0)
    post.get_by_role("button", name="Historique").click()
    history = post.get_by_role("region", name="Historique des modifications")
    expect(history).to_contain_text("Question idiote, lisez le code.")

    # Slow mode, then move the topic to the other forum the moderator moderates.
    tools = moderator.get_by_label("Modération du sujet")
    tools.get_by_role("button", name="Mode lent").click()
    slow = moderator.get_by_role("form", name="Mode lent")
    slow.get_by_label("Délai minimum").select_option(label="5 minutes")
    slow.get_by_label("Motif (mode lent)").fill("Échanges trop vifs.")
    slow.get_by_role("button", name="Mode lent").click()
    expect(moderator.get_by_text("Mode lent : un message toutes les 300 s")).to_be_visible()
    expect(slow).to_have_count(0)
    tools.get_by_role("button", name="Déplacer").click()
    move = moderator.get_by_role("form", name="Déplacer")
    move.get_by_label("Vers le forum").select_option(label="Voirie — groupement")
    move.get_by_label("Motif (déplacer)").fill("Question de voirie.")
    move.get_by_role("button", name="Déplacer").click()
    expect(moderator.locator(".breadcrumb")).to_contain_text("Voirie — groupement")
    assert Topic.objects.get(pk=topic.pk).forum_id == other.pk

    # Watched words of the forum.
    moderator.goto(moderator.url.split("/forums/")[0] + f"/forums/{other.pk}")
    words = moderator.get_by_role("region", name="Mots surveillés")
    add = words.get_by_role("form", name="Surveiller un mot")
    add.get_by_label("Mot", exact=True).fill("arnaque")
    add.get_by_label("Action").select_option("block")
    add.get_by_label("Motif").fill("Accusations sans preuve.")
    add.get_by_role("button", name="Surveiller ce mot").click()
    expect(words.get_by_role("listitem")).to_contain_text("arnaque — Refuser le message")
    assert WatchedWord.objects.filter(forum=other, word="arnaque", action="block").exists()
