"""Routes of acts and accounting files, included by ``api/urls.py``: one router, ids as ``dbid``.

The open-data files end in a file name (``published-acts.csv``): ``path()`` patterns.
"""

from django.urls import path

from ..routing import api_router
from . import accounting, acts, classification, public

router = api_router()
router.register("acts", acts.ActViewSet, basename="act")
router.register("accounting-files", accounting.AccountingFileViewSet, basename="accounting-file")

urlpatterns = [
    path(
        "acts/classification/",
        classification.ClassificationView.as_view(),
        name="act-classification",
    ),
    path(
        "collectivites/<dbid:collectivite_pk>/published-acts/",
        public.PublishedActListView.as_view(),
        name="published-acts",
    ),
    path(
        "collectivites/<dbid:collectivite_pk>/published-acts.csv",
        public.PublishedActsCsvView.as_view(),
        name="published-acts-csv",
    ),
    path(
        "collectivites/<dbid:collectivite_pk>/published-acts.json",
        public.PublishedActsJsonView.as_view(),
        name="published-acts-json",
    ),
    *router.urls,
]
