"""Platform-wide roles, held as membership of a named auth group.

Groups (not boolean flags) because Wagtail's admin grants its own permissions to groups: the
animators' group is what lets animators into ``/admin/`` and onto the page tree.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class PlatformRole(StrEnum):
    NETWORK_ANIMATOR = "network_animator"
    FORUM_MODERATOR = "forum_moderator"
    # The simulated prefecture's agents (acts.gateway.simulated): demo and tests only.
    PREFECTURE_AGENT = "prefecture_agent"


ROLE_GROUP_NAMES = {
    PlatformRole.NETWORK_ANIMATOR: "Animateurs réseau",
    PlatformRole.FORUM_MODERATOR: "Modérateurs de forum",
    PlatformRole.PREFECTURE_AGENT: "Agents de préfecture (simulée)",
}

ROLE_LABELS = {
    PlatformRole.NETWORK_ANIMATOR: _("Animateur réseau"),
    PlatformRole.FORUM_MODERATOR: _("Modérateur de forum"),
    PlatformRole.PREFECTURE_AGENT: _("Agent de préfecture (simulée)"),
}
