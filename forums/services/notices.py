"""Who hears of a new post: people it mentions (``@username``) and subscribers.

Each person is asked of the permission layer whether they may read the post before anything
is put in their inbox: a mention in a private forum does not leak it to an outsider.
"""

import re

from collectivites.models import User
from collectivites.notifications import notify
from collectivites.permissions import user_can

from ..models import Post, Subscription

# "@anne.le-goff" — not an e-mail address ("x@y"), at most MAX_MENTIONS people per post.
MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9][A-Za-z0-9_.\-]*[A-Za-z0-9_])")
MAX_MENTIONS = 20


def mentioned_usernames(body: str) -> list[str]:
    names: list[str] = []
    for match in MENTION.finditer(body):
        if match.group(1).lower() not in (name.lower() for name in names):
            names.append(match.group(1))
    return names[:MAX_MENTIONS]


def _url(post: Post) -> str:
    return f"/forums/sujets/{post.topic_id}#message-{post.pk}"


def post_notices(post: Post) -> None:
    """Notify mentioned people and subscribers of a published post (never its author)."""
    author = post.author
    names = mentioned_usernames(post.body)
    mentioned = [
        user
        for user in User.objects.filter(username__in=names, is_active=True).exclude(pk=author.pk)
        if user_can(user, "view", post)
    ]
    if mentioned:
        notify(
            users=mentioned,
            kind="forums.mention",
            message=f"{author.display_name} vous a mentionné dans « {post.topic.title} »",
            url=_url(post),
        )
    skip = {author.pk, *(user.pk for user in mentioned)}
    if post.is_first:
        followers = Subscription.objects.filter(forum_id=post.topic.forum_id)
        message = f"Nouveau sujet dans « {post.topic.forum.title} » : {post.topic.title}"
    else:
        followers = Subscription.objects.filter(topic_id=post.topic_id)
        message = f"{author.display_name} a répondu dans « {post.topic.title} »"
    readers = [
        sub.user
        for sub in followers.select_related("user").exclude(user_id__in=skip)
        if user_can(sub.user, "view", post)
    ]
    if readers:
        notify(users=readers, kind="forums.new_post", message=message, url=_url(post))
