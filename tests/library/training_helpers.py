"""A training module with three lessons: one to read, two with a quiz (ids fixed for tests)."""

from library.models import TrainingLessonPage, TrainingModulePage
from library.setup import library_setup
from library.themes import Theme


def question(qid: str, text: str, choices: list[tuple[str, str, bool]]) -> dict:
    return {
        "type": "question",
        "id": qid,
        "value": {
            "question": text,
            "choices": [
                {"type": "item", "id": cid, "value": {"text": label, "correct": right}}
                for cid, label, right in choices
            ],
            "explanation": f"Explication {qid}",
        },
    }


QUIZ_3 = [
    question(
        "q1", "Seuil européen fournitures ?", [("a", "216 000 €", True), ("b", "40 000 €", False)]
    ),
    question("q2", "Seuil travaux ?", [("c", "5 404 000 €", True), ("d", "90 000 €", False)]),
    question("q3", "MAPA ?", [("e", "Procédure adaptée", True), ("f", "Appel d'offres", False)]),
]
QUIZ_2 = [
    question("r1", "Signature ?", [("g", "Électronique", True), ("h", "Manuscrite", False)]),
    question("r2", "Dépôt ?", [("i", "Profil d'acheteur", True), ("j", "Courriel", False)]),
]
RIGHT_3 = {"q1": ["a"], "q2": ["c"], "q3": ["e"]}


def make_module(parent=None, title="Les bases") -> tuple[TrainingModulePage, list]:
    parent = parent or library_setup()
    module = parent.add_child(
        instance=TrainingModulePage(title=title, theme=Theme.COMMANDE_PUBLIQUE, live=True)
    )
    module.save_revision().publish()
    lessons = []
    for title, quiz in (("Lire", []), ("Seuils", QUIZ_3), ("Remise", QUIZ_2)):
        lesson = module.add_child(
            instance=TrainingLessonPage(
                title=title, theme=Theme.COMMANDE_PUBLIQUE, live=True, quiz=quiz
            )
        )
        lesson.save_revision().publish()
        lessons.append(TrainingLessonPage.objects.get(pk=lesson.pk))
    return TrainingModulePage.objects.get(pk=module.pk), lessons
