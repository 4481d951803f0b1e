"""Opening forums. Animators do it in the Wagtail admin; this service is the same act for the
demo, the tests and scripts, through the permission layer."""

from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page

from collectivites.errors import ApplicationError
from collectivites.models import Collectivite, User
from collectivites.permissions import forget_cached_permissions, require_create

from ..models import Audience, ForumPage, ForumsIndexPage


def forum_index() -> ForumsIndexPage:
    """The parent page of all forums, created under the site's root page the first time."""
    index = ForumsIndexPage.objects.first()
    if index is None:
        parent = Page.objects.filter(depth=2).first() or Page.get_first_root_node()
        index = parent.add_child(instance=ForumsIndexPage(title="Forums", slug="forums"))
    return index


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "forum"
    slug, n = base, 1
    while ForumPage.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def forum_create(
    *,
    actor,
    title: str,
    description: str = "",
    visibility: str = Audience.NETWORK,
    posting: str = Audience.NETWORK,
    readers: list[Collectivite] = (),
    posters: list[Collectivite] = (),
    moderators: list[User] = (),
    premoderation: str = ForumPage.Premoderation.NONE,
) -> ForumPage:
    require_create(actor, ForumPage)
    if not title.strip():
        raise ApplicationError(
            "Le titre est obligatoire.", extra={"fields": {"title": ["Requis."]}}
        )
    forum = ForumPage(
        title=title.strip(),
        slug=_unique_slug(title),
        description=description,
        visibility=visibility,
        posting=posting,
        premoderation=premoderation,
    )
    forum_index().add_child(instance=forum)
    forum.reader_collectivites.set(readers)
    forum.poster_collectivites.set(posters)
    forum.moderators.set(moderators)
    for moderator in moderators:
        forget_cached_permissions(moderator)  # the rules remember whom a person moderates
    forum.save()
    return forum
