from django.conf import settings
from django.conf.urls.static import static
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .views import spa

urlpatterns = [
    path("api/v1/", include("api.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "compte/activer/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="account/activate.html", success_url="/compte/active/"
        ),
        name="account-activate",
    ),
    path(
        "compte/active/",
        auth_views.PasswordResetCompleteView.as_view(template_name="account/activated.html"),
    ),
    # Wagtail's page tree is served under /pages/; the SPA owns "/" and reads content by API.
    path("pages/", include(wagtail_urls)),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Not ".": a path may hold an encoded newline, which "." does not match.
    re_path(
        r"^(?!api(?:/|$)|admin/|static/|media/|pages/|documents/|compte/)[\s\S]*$", spa, name="spa"
    ),
]

# Under /api/ these answer JSON in the API's error shape; elsewhere, Django's HTML pages.
handler400 = "api.not_found.bad_request"
handler403 = "api.not_found.permission_denied"
handler404 = "api.not_found.page_not_found"
handler500 = "api.not_found.server_error"
