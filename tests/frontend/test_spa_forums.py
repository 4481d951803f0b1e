"""Forums in the browser: reports hide a post until a moderator restores it (with a reason the
author then reads), and a reply from one browser appears live in another (WebSocket nudge,
then a fetch through the API). On ``asgi_live_server``: the topic page needs its socket."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

REPORTED = "Le marché a été attribué à mon cousin, voyez son numéro 06 12 34 56 78."


@pytest.fixture
def forum_world(make_collectivite, make_user, make_membership) -> dict:
    """A network forum moderated by Morgane; Anne asks, Paul answers; three readers."""
    from forums.services.forums import forum_create
    from forums.services.posts import post_create, topic_create
    from tests.factories import UserFactory  # noqa: F401  (same services underneath)

    rennes = make_collectivite("Rennes")
    people = {}
    for username, first, last in [
        ("anne", "Anne", "Le Goff"),
        ("paul", "Paul", "Riou"),
        ("morgane", "Morgane", "Tanguy"),
        ("lecteur1", "Loïc", "Hamon"),
        ("lecteur2", "Léa", "Morvan"),
        ("lecteur3", "Lucie", "Bellec"),
    ]:
        people[username] = make_user(username, first_name=first, last_name=last)
        make_membership(people[username], rennes)
    from collectivites.roles import PlatformRole
    from collectivites.services import platform_role_grant

    animator = make_user("animatrice", first_name="Annaïg", last_name="Le Bihan")
    platform_role_grant(actor=None, user=animator, role=PlatformRole.NETWORK_ANIMATOR)
    forum = forum_create(
        actor=animator, title="Marchés publics — entraide", moderators=[people["morgane"]]
    )
    topic = topic_create(
        actor=people["anne"], forum=forum, title="MAPA de 38 000 € HT : publicité ?",
        body="Faut-il une publicité pour un achat de mobilier à 38 000 € HT ?",
    )  # fmt: skip
    reply = post_create(actor=people["paul"], topic=topic, body=REPORTED)
    return {**people, "forum": forum, "topic": topic, "reply": reply}


def test_three_reports_hide_a_post_until_a_moderator_restores_it_with_a_reason(
    forum_world, asgi_page
):
    from forums.services.reports import report_create

    topic, reply = forum_world["topic"], forum_world["reply"]
    for reader in ("lecteur1", "lecteur2"):
        report_create(actor=forum_world[reader], post=reply, reason="personal_data")
    path = f"/forums/sujets/{topic.pk}"

    # The third reader reports it through the dialog: it disappears for readers.
    third = asgi_page("lecteur3", path=path)
    post = third.get_by_role("article", name="Message de Paul Riou")
    expect(post).to_contain_text("attribué à mon cousin")
    post.get_by_role("button", name="Signaler").click()
    dialog = third.get_by_role("dialog", name="Signaler le message")
    dialog.get_by_label("Données personnelles").check()
    dialog.get_by_role("button", name="Envoyer le signalement").click()
    expect(third.get_by_role("article", name="Message de Paul Riou")).to_have_count(0)
    reader = asgi_page("lecteur1", path=path)
    expect(reader.get_by_role("heading", name="MAPA de 38 000 € HT : publicité ?")).to_be_visible()
    expect(reader.get_by_text("attribué à mon cousin")).to_have_count(0)

    # The moderator finds it in the queue and restores it, with a reason.
    moderator = asgi_page("morgane", path="/forums/moderation")
    queue = moderator.get_by_role("region", name="Messages signalés")
    item = queue.get_by_role("listitem", name="Message de Paul Riou")
    expect(item).to_contain_text("attribué à mon cousin")
    expect(item).to_contain_text("Données personnelles")
    item.get_by_role("button", name="Rétablir").click()
    item.get_by_label("Motif (rétablir)").fill(
        "Numéro professionnel public : pas de donnée personnelle."
    )
    item.get_by_role("button", name="Rétablir").last.click()
    expect(queue).to_contain_text("Aucun signalement en attente.")
    reader.reload()
    expect(reader.get_by_role("article", name="Message de Paul Riou")).to_be_visible()

    # The author reads what was done to their post, and why.
    author = asgi_page("paul", path="/forums/journal")
    expect(author.get_by_role("main")).to_contain_text(
        "Numéro professionnel public : pas de donnée personnelle."
    )
    expect(author.get_by_role("main")).to_contain_text("Masqué automatiquement")


def test_a_reply_from_one_browser_appears_live_in_another(forum_world, asgi_page):
    path = f"/forums/sujets/{forum_world['topic'].pk}"
    reader = asgi_page("anne", path=path)
    expect(reader.get_by_role("article", name="Message de Paul Riou")).to_be_visible()
    writer = asgi_page("paul", path=path)
    writer.get_by_label("Votre message (markdown)").fill("Sous le seuil de **R. 2122-8** : non.")
    writer.get_by_role("tab", name="Aperçu").click()
    expect(writer.locator(".markdown-preview strong")).to_have_text("R. 2122-8")
    writer.get_by_role("button", name="Publier la réponse").click()
    # No reload on the reader's side: the nudge brings the new post.
    expect(reader.get_by_text("Sous le seuil de")).to_be_visible()
    expect(reader.locator("strong", has_text="R. 2122-8")).to_be_visible()
    # The asker marks it as the answer: shown under the question.
    answer_post = reader.get_by_role("article").filter(has_text="Sous le seuil de")
    answer_post.get_by_role("button", name="Marquer comme réponse").click()
    expect(reader.get_by_role("region", name="Réponse retenue")).to_contain_text("Sous le seuil de")
