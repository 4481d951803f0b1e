import pytest

from forums import selectors
from forums.services import moderation, reports

pytestmark = pytest.mark.django_db


def test_topic_reply_report_restore(topic, reply, member, forum_mod, rennes):
    assert [p.pk for p in selectors.post_list(actor=member, topic=topic)][-1] == reply.pk
    assert selectors.topic_capabilities(actor=member, topic=topic)["can_reply"]
    moderation.post_hide(actor=forum_mod, post=reply, reason="test")
    moderation.post_restore(actor=forum_mod, post=reply, reason="test")
    log = selectors.moderation_log(actor=forum_mod)
    assert [a.action for a in log] == ["restore", "hide"]
    assert list(selectors.report_queue(actor=forum_mod)) == []
    assert reports  # imported
