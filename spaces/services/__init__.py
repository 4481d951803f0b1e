"""Writes on drafting spaces, one module per entity (spaces, drafts, approvals, versions,
comments). Each write takes ``actor`` and is where its permission is enforced, through
``collectivites.permissions`` and the rules of ``spaces.rules``.

Callers import from here (``from spaces import services``); drafting spaces know nothing of the
tender room, which owns the link between a consultation and its drafts (``tenders``).
"""

from ._common import content_sha256
from .approvals import draft_approval_withdraw, draft_approve
from .clauses import draft_clause_record
from .comments import (
    MAX_COMMENT,
    MAX_QUOTE,
    draft_comment_create,
    draft_comment_reopen,
    draft_comment_resolve,
)
from .drafts import draft_create, draft_update
from .spaces import space_create, space_index, space_member_remove, space_member_set
from .versions import draft_version_restore, draft_version_save

__all__ = [
    "MAX_COMMENT",
    "MAX_QUOTE",
    "content_sha256",
    "draft_approval_withdraw",
    "draft_approve",
    "draft_clause_record",
    "draft_comment_create",
    "draft_comment_reopen",
    "draft_comment_resolve",
    "draft_create",
    "draft_update",
    "draft_version_restore",
    "draft_version_save",
    "space_create",
    "space_index",
    "space_member_remove",
    "space_member_set",
]
