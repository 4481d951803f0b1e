from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import auth_views, health, notifications, stats, views
from .not_found import api_not_found
from .routing import api_router
from .spaces.urls import urlpatterns as space_urls

router = api_router()
router.register("collectivites", views.CollectiviteViewSet, basename="collectivite")
router.register(
    "collectivites/<dbid:collectivite_pk>/memberships",
    views.MembershipViewSet,
    basename="membership",
)
router.register("audit-events", views.AuditEventViewSet, basename="audit-event")
router.register("me/invitations", views.MyInvitationViewSet, basename="my-invitation")
router.register("me/inbox", notifications.InboxViewSet, basename="inbox")

urlpatterns = [
    path("auth/token/", auth_views.TokenView.as_view(), name="auth-token"),
    path("auth/token/revoke/", auth_views.TokenRevokeView.as_view(), name="auth-token-revoke"),
    path("auth/login/", auth_views.SessionLoginView.as_view(), name="auth-login"),
    path("auth/logout/", auth_views.SessionLogoutView.as_view(), name="auth-logout"),
    path("auth/csrf/", auth_views.CsrfView.as_view(), name="auth-csrf"),
    path("health/", health.HealthView.as_view(), name="health"),
    path("me/", views.MeView.as_view(), name="me"),
    path("stats/", stats.StatsView.as_view(), name="stats"),
    path("companies/register/", views.CompanyRegistrationView.as_view(), name="company-register"),
    *router.urls,
    path("", include("api.tenders.urls")),
    path("", include("api.forums.urls")),
    path("", include("api.acts.urls")),
    *space_urls,
    path("", include("api.library.urls")),
    path("", include("api.library.urls_training")),
    path("", include("api.search.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    re_path(r"^[\s\S]*$", api_not_found),  # not ".": a path may hold an encoded newline
]
