"""The project's URLs plus two views that fail, to test the 500 handlers (``pytest.mark.urls``)."""

from django.urls import path

from config.urls import *  # noqa: F403 - the handlers, too
from config.urls import urlpatterns as project_urlpatterns


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("api/v1/boom/", boom),
    path("boom/", boom),
    *project_urlpatterns,
]
