"""Member bodies, the people who act for them, companies, and the audit log."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase

from .identifiers import validate_siren, validate_siret

DEPARTEMENT_CODE_VALIDATOR = RegexValidator(
    r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$",
    _("Code de département inconnu (ex. 22, 29, 35, 56, 2A, 974)."),
)


class User(AbstractUser):
    """A person with an account: an agent of one or more collectivités, or a company's user.

    Custom from day one so that later fields never need a painful swap of AUTH_USER_MODEL.
    """

    company = models.ForeignKey(
        "Company",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("entreprise"),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Company(models.Model):
    """A company (entreprise) answering tenders; its users are separate from public agents."""

    name = models.CharField(_("raison sociale"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, unique=True, validators=[validate_siret])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("entreprise")
        verbose_name_plural = _("entreprises")

    def __str__(self) -> str:
        return f"{self.name} ({self.siret})"


class Collectivite(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        EPCI = "epci", _("EPCI")
        DEPARTEMENT = "departement", _("Département")
        REGION = "region", _("Région")
        SYNDICAT = "syndicat", _("Syndicat")
        ETABLISSEMENT_PUBLIC = "etablissement_public", _("Établissement public")

    name = models.CharField(_("nom"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(_("nature"), max_length=32, choices=Kind.choices)
    siren = models.CharField(_("SIREN"), max_length=9, unique=True, validators=[validate_siren])
    departement_code = models.CharField(
        _("département"), max_length=3, validators=[DEPARTEMENT_CODE_VALIDATOR]
    )
    adhesion_date = models.DateField(_("date d'adhésion"))
    is_active = models.BooleanField(_("active"), default=True)
    group = models.OneToOneField(
        Group,
        on_delete=models.PROTECT,
        related_name="collectivite",
        editable=False,
        help_text=_("Groupe auquel sont accordées les permissions d'objet de la collectivité."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="collectivites"
    )

    class Meta:
        ordering = ["search_name"]  # accent- and case-insensitive: "Île-Tudy" among the I
        verbose_name = _("collectivité")
        verbose_name_plural = _("collectivités")
        permissions = [
            ("view_members", _("Voir les membres de la collectivité")),
            ("manage_members", _("Gérer les membres de la collectivité")),
        ]
        indexes = [models.Index(fields=["kind", "departement_code"])]

    def __str__(self) -> str:
        return self.name


class CollectiviteGroupObjectPermission(GroupObjectPermissionBase):
    """Direct-foreign-key permission rows: indexed joins instead of guardian's generic text ids."""

    content_object = models.ForeignKey(Collectivite, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False


def capability_names(holder) -> list[str]:
    """The capabilities a membership (or an invitation to one) carries, as the API names them."""
    flags = (
        ("buyer", holder.is_buyer),
        ("act_officer", holder.is_act_officer),
        ("accountant", holder.is_accountant),
    )
    return [name for name, held in flags if held]


class Membership(models.Model):
    class Role(models.TextChoices):
        AGENT = "agent", _("Agent")
        REFERENT = "referent", _("Référent")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices, default=Role.AGENT)
    is_buyer = models.BooleanField(_("acheteur"), default=False)
    is_act_officer = models.BooleanField(_("agent de télétransmission des actes"), default=False)
    is_accountant = models.BooleanField(_("agent des flux comptables (Hélios)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["collectivite__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "collectivite"], name="unique_membership")
        ]
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")

    def __str__(self) -> str:
        return f"{self.user} @ {self.collectivite} ({self.role})"

    @property
    def capabilities(self) -> list[str]:
        return capability_names(self)


class Invitation(models.Model):
    """An offer to join a collectivité, made to a person who already acts for another one.

    Their account is theirs: a referent elsewhere cannot attach it to a new body by typing an
    e-mail address. The person accepts (``invitation_accept``) and only then becomes a member.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(
        _("rôle"), max_length=16, choices=Membership.Role.choices, default=Membership.Role.AGENT
    )
    is_buyer = models.BooleanField(_("acheteur"), default=False)
    is_act_officer = models.BooleanField(_("agent de télétransmission des actes"), default=False)
    is_accountant = models.BooleanField(_("agent des flux comptables (Hélios)"), default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "collectivite"],
                condition=models.Q(accepted_at__isnull=True),
                name="unique_pending_invitation",
            )
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.user} → {self.collectivite}"

    @property
    def capabilities(self) -> list[str]:
        return capability_names(self)


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit log is append-only.")

    def delete(self):
        raise TypeError("The audit log is append-only.")


class AuditEvent(models.Model):
    """One legally relevant state change. Rows are only ever inserted (see ``audit.py``)."""

    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    # PROTECT: an account that acted is deactivated, never deleted, or the trail would lose it.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(
        max_length=200, help_text=_("Nom de l'auteur au moment du fait.")
    )
    collectivite = models.ForeignKey(
        Collectivite, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("événement du journal")
        verbose_name_plural = _("journal d'audit")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit log is append-only.")


class NotificationPreference(models.Model):
    """How a person wants to hear of new notifications by e-mail (the inbox always has them)."""

    class EmailMode(models.TextChoices):
        EACH = "each", _("un e-mail par notification")
        DIGEST = "digest", _("un résumé quotidien")
        NONE = "none", _("aucun e-mail")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_mode = models.CharField(
        _("e-mails"), max_length=8, choices=EmailMode.choices, default=EmailMode.EACH
    )

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self) -> str:
        return f"{self.user} : {self.email_mode}"


class InboxNotification(models.Model):
    """One message in a person's account, from any module (forums, library, …).

    Generic on purpose: ``kind`` is the module's own key (``forums.mention``), ``url`` the SPA
    path to open. ``emailed_at`` is set once the message went out, alone or in a digest, so a
    digest never repeats one.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox"
    )
    kind = models.CharField(max_length=64)
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.message[:80]
