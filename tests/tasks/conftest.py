from .worker import database_queue  # noqa: F401 (fixture)
