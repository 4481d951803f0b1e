"""Routes of the forums, under ``/api/v1/forums/``: one router, ids as ``dbid``."""

from ..routing import api_router
from . import forums, moderation, posts, topics

router = api_router()
router.register("forums/topics", topics.TopicViewSet, basename="forum-topic")
router.register("forums/posts", posts.PostViewSet, basename="forum-post")
router.register("forums/attachments", posts.AttachmentViewSet, basename="forum-attachment")
router.register("forums/reports", moderation.ReportQueueViewSet, basename="forum-report")
router.register("forums/approvals", moderation.ApprovalQueueViewSet, basename="forum-approval")
router.register("forums/log", moderation.ModerationLogViewSet, basename="forum-log")
router.register("forums/silences", moderation.SilenceViewSet, basename="forum-silence")
router.register(
    "forums/watched-words", moderation.WatchedWordViewSet, basename="forum-watched-word"
)
router.register("forums", forums.ForumViewSet, basename="forum")

urlpatterns = router.urls
