from django.apps import AppConfig


class ActsConfig(AppConfig):
    """Acts to the prefecture (contrôle de légalité, @CTES) and accounting files to the Treasury
    (Hélios): the platform plays the transmission operator, the other ends sit behind one gateway
    interface (``acts.gateway``).

    Both live in one app because they share the operator's machinery — the gateway, the
    hand-over task with its retries and idempotent state transition, the acknowledgement flow —
    and differ only in the document sent. Depends on the core (``collectivites``) only.
    """

    name = "acts"
    verbose_name = "Actes et flux comptables"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (declares this app's permission rules)
