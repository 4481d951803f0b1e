"""Routes of training progress and model clauses (``library/training/…``, ``library/clauses/``).

Kept apart from ``api/library/urls.py`` (pages and documents) so the two grow independently.
"""

from ..routing import api_router
from . import clauses, training

router = api_router()
router.register("library/clauses", clauses.ClauseViewSet, basename="library-clause")
router.register(
    "library/training/modules", training.TrainingModuleViewSet, basename="library-training-module"
)
router.register(
    "library/training/lessons", training.TrainingLessonViewSet, basename="library-training-lesson"
)

urlpatterns = router.urls
