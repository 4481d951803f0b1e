"""The demo library content: ten clauses, a five-lesson module with three-question quizzes,
created once (a second run creates nothing) and usable: a lesson's quiz passes with its answers."""

import pytest

from library.demo.clauses import seed_clauses
from library.demo.training import LESSONS, MODULE_TITLE, seed_training
from library.models import ModelClausePage, TrainingLessonPage, TrainingModulePage
from library.selectors import training as selectors
from library.services import training as services
from library.setup import library_setup

pytestmark = pytest.mark.django_db


def test_seed_creates_clauses_and_module_once(platform, agent):
    index = library_setup()
    assert (seed_clauses(parent=index), seed_training(parent=index)) == (10, 6)
    assert (seed_clauses(parent=index), seed_training(parent=index)) == (0, 0)
    assert ModelClausePage.objects.filter(live=True).count() == 10
    module = TrainingModulePage.objects.get(title=MODULE_TITLE)
    lessons = list(TrainingLessonPage.objects.child_of(module).order_by("path"))
    assert [lesson.title for lesson in lessons] == [lesson.title for lesson in LESSONS]
    for lesson in lessons:
        questions = [block for block in lesson.quiz if block.block_type == "question"]
        assert len(questions) == 3
        right = {
            q.id: [c.id for c in q.value["choices"].bound_blocks if c.value["correct"]]
            for q in questions
        }
        assert services.lesson_quiz_submit(actor=agent, lesson_id=lesson.pk, answers=right).passed
    assert selectors.module_progress(actor=agent, module_id=module.pk).percent == 100
