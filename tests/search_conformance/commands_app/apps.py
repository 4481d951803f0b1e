from django.apps import AppConfig


class CommandsAppConfig(AppConfig):
    """Only provides ``rebuild_modelsearch_index`` for modelsearch's own tests."""

    name = "tests.search_conformance.commands_app"
    label = "search_conformance_commands"
