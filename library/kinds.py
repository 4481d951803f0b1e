"""The page kinds as the API names them (``kind`` filter, ``kind`` field)."""

from .models import (
    FactSheetPage,
    FaqEntryPage,
    GuidePage,
    LibraryPage,
    ModelClausePage,
    TrainingLessonPage,
    TrainingModulePage,
)

KIND_MODELS: dict[str, type[LibraryPage]] = {
    "guide": GuidePage,
    "fact_sheet": FactSheetPage,
    "model_clause": ModelClausePage,
    "faq": FaqEntryPage,
    "training_module": TrainingModulePage,
    "training_lesson": TrainingLessonPage,
}
KIND_LABELS = {kind: str(model._meta.verbose_name) for kind, model in KIND_MODELS.items()}
_KIND_BY_MODEL = {model: kind for kind, model in KIND_MODELS.items()}


def kind_of(page: LibraryPage) -> str:
    return _KIND_BY_MODEL.get(page.specific_class, "guide")


KIND_CHOICES = [(kind, label) for kind, label in KIND_LABELS.items()]
