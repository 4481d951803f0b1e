"""Writes on collectivités, memberships, companies and platform roles.

Each service checks who asks (``collectivites.rules``) before it writes. ``actor=None`` is the
platform itself — ``seed_demo``, management commands, a company's self-registration — never a
request: views pass ``request.user``, an ``AnonymousUser`` when nobody signed in.

Memberships and the collectivité's auth group change together in one transaction: the group is
what object permissions are granted to, so a member outside it (or a former member still in it)
would silently see the wrong things.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from guardian.shortcuts import assign_perm

from background.queue import enqueue_on_commit

from .audit import audit_record
from .errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from .models import Collectivite, Company, Invitation, Membership, User
from .permissions import AnyUser, forget_cached_permissions, require, user_can_create
from .roles import ROLE_GROUP_NAMES, PlatformRole
from .tasks import send_email, send_invitation
from .text import fold

CAPABILITIES = ("buyer", "act_officer", "accountant")
REFERENTS_ONLY = "Seuls les référents de la collectivité (et les animateurs) gèrent ses membres."


def _validated(instance, *, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise ApplicationError(
            "Les données sont invalides.", extra={"fields": error.message_dict}
        ) from error


def _require(
    actor: AnyUser | None, action: str, obj, *, view_action: str = "view", message: str = ""
) -> None:
    """Refuse unless the actor may (404 if they may not see the object); None: the platform."""
    if actor is None:
        return
    try:
        require(actor, action, obj, view_action=view_action)
    except PermissionDeniedError:
        if message:
            raise PermissionDeniedError(message) from None
        raise


def _require_create(actor: AnyUser | None, model, message: str) -> None:
    if actor is not None and not user_can_create(actor, model):
        raise PermissionDeniedError(message)


def _group_name(siren: str) -> str:
    return f"collectivite:{siren}"


# --- Collectivités ----------------------------------------------------------------------------


@transaction.atomic
def collectivite_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    siren: str,
    departement_code: str,
    adhesion_date: date,
    is_active: bool = True,
) -> Collectivite:
    _require_create(
        actor, Collectivite, "Seuls les animateurs du réseau enregistrent les adhérents."
    )
    collectivite = Collectivite(
        name=name,
        search_name=fold(name),
        kind=kind,
        siren=siren,
        departement_code=departement_code,
        adhesion_date=adhesion_date,
        is_active=is_active,
    )
    _validated(collectivite, exclude=["group", "search_name"])
    collectivite.group = Group.objects.create(name=_group_name(siren))
    collectivite.save()
    assign_perm("collectivites.view_members", collectivite.group, collectivite)
    audit_record(
        actor=actor, action="collectivite.created", obj=collectivite, collectivite=collectivite
    )
    return collectivite


@transaction.atomic
def collectivite_update(
    *, actor: User | None, collectivite: Collectivite, **fields: Any
) -> Collectivite:
    _require(
        actor,
        "manage",
        collectivite,
        message="Seuls les animateurs du réseau modifient les adhérents.",
    )
    allowed = {"name", "kind", "departement_code", "adhesion_date", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ApplicationError("Champs non modifiables.", extra={"fields": sorted(unknown)})
    changes = {}
    for field, value in fields.items():
        if getattr(collectivite, field) != value:
            changes[field] = [str(getattr(collectivite, field)), str(value)]
            setattr(collectivite, field, value)
    collectivite.search_name = fold(collectivite.name)
    _validated(collectivite, exclude=["search_name"])
    collectivite.save()
    if changes:
        audit_record(
            actor=actor,
            action="collectivite.updated",
            obj=collectivite,
            collectivite=collectivite,
            details={"changes": changes},
        )
    return collectivite


# --- Memberships ------------------------------------------------------------------------------


def _capability_flags(capabilities: list[str] | tuple[str, ...]) -> dict[str, bool]:
    unknown = set(capabilities) - set(CAPABILITIES)
    if unknown:
        raise ApplicationError(
            "Capacité inconnue.",
            extra={"fields": {"capabilities": [f"Inconnue : {name}" for name in sorted(unknown)]}},
        )
    return {
        "is_buyer": "buyer" in capabilities,
        "is_act_officer": "act_officer" in capabilities,
        "is_accountant": "accountant" in capabilities,
    }


def _check_role(role: str) -> None:
    if role not in Membership.Role.values:
        raise ApplicationError(
            "Rôle inconnu.",
            extra={"fields": {"role": [f"Choisir parmi {Membership.Role.values}."]}},
        )


@transaction.atomic
def membership_create(
    *,
    actor: User | None,
    collectivite: Collectivite,
    user: User,
    role: str = Membership.Role.AGENT,
    capabilities: list[str] | tuple[str, ...] = (),
) -> Membership:
    _require(
        actor, "manage_members", collectivite, view_action="view_members", message=REFERENTS_ONLY
    )
    return _membership_add(
        actor=actor, collectivite=collectivite, user=user, role=role, capabilities=capabilities
    )


def _membership_add(
    *,
    actor: User | None,
    collectivite: Collectivite,
    user: User,
    role: str,
    capabilities: list[str] | tuple[str, ...],
    action: str = "membership.created",
) -> Membership:
    """The membership and the group, once who asks was checked by the caller."""
    _check_role(role)
    if user.company_id is not None:
        raise ApplicationError("Un compte d'entreprise ne peut pas être membre d'une collectivité.")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, collectivite=collectivite, role=role, **_capability_flags(capabilities)
            )
    except IntegrityError:
        raise ConflictError(f"{user.get_username()} est déjà membre de {collectivite}.") from None
    user.groups.add(collectivite.group)
    forget_cached_permissions(user)
    audit_record(
        actor=actor,
        action=action,
        obj=membership,
        collectivite=collectivite,
        details={
            "user": user.get_username(),
            "role": role,
            "capabilities": membership.capabilities,
        },
    )
    return membership


def _ensure_a_referent_remains(membership: Membership) -> None:
    others = Membership.objects.filter(
        collectivite_id=membership.collectivite_id, role=Membership.Role.REFERENT
    ).exclude(pk=membership.pk)
    if membership.role == Membership.Role.REFERENT and not others.exists():
        raise ConflictError(
            "La collectivité doit garder au moins un référent : nommez-en un autre d'abord."
        )


@transaction.atomic
def membership_update(
    *,
    actor: User | None,
    membership: Membership,
    role: str | None = None,
    capabilities: list[str] | tuple[str, ...] | None = None,
) -> Membership:
    _require(
        actor,
        "manage_members",
        membership.collectivite,
        view_action="view_members",
        message=REFERENTS_ONLY,
    )
    before = {"role": membership.role, "capabilities": membership.capabilities}
    if role is not None:
        _check_role(role)
        if role != Membership.Role.REFERENT:
            _ensure_a_referent_remains(membership)
        membership.role = role
    if capabilities is not None:
        for field, value in _capability_flags(capabilities).items():
            setattr(membership, field, value)
    membership.save()
    after = {"role": membership.role, "capabilities": membership.capabilities}
    if after == before:
        return membership
    own = actor is not None and actor.pk == membership.user_id
    audit_record(
        actor=actor,
        action="membership.own_updated" if own else "membership.updated",
        obj=membership,
        collectivite=membership.collectivite,
        details={"user": membership.user.get_username(), "before": before, "after": after},
    )
    if own and before["capabilities"] != after["capabilities"]:
        # A referent giving themself the buyer's or the act officer's power is a fact the
        # body's other referents must know of: told by e-mail, as the platform tells people.
        _tell_referents_of_own_change(membership, before, after)
    return membership


def _tell_referents_of_own_change(membership: Membership, before: dict, after: dict) -> None:
    others = list(
        User.objects.filter(
            memberships__collectivite_id=membership.collectivite_id,
            memberships__role=Membership.Role.REFERENT,
            is_active=True,
        )
        .exclude(pk=membership.user_id)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not others:
        return
    labels = {
        "buyer": "acheteur",
        "act_officer": "agent de télétransmission des actes",
        "accountant": "agent des flux comptables (Hélios)",
    }

    def named(capabilities: list[str]) -> str:
        return ", ".join(labels[name] for name in capabilities) or "aucune"

    who, collectivite = membership.user.display_name, membership.collectivite
    message = (
        f"{who}, référent(e) de « {collectivite} », a modifié ses propres capacités sur "
        f"e-Partage.\n\nAvant : {named(before['capabilities'])}\n"
        f"Après : {named(after['capabilities'])}\n\n"
        "Ce changement est inscrit au journal d'audit de la collectivité."
    )
    subject = f"[e-Partage] {who} a modifié ses capacités ({collectivite})"
    for recipient in others:
        enqueue_on_commit(send_email, subject, message, recipient)


@transaction.atomic
def membership_delete(*, actor: User | None, membership: Membership) -> None:
    _require(
        actor,
        "manage_members",
        membership.collectivite,
        view_action="view_members",
        message=REFERENTS_ONLY,
    )
    _ensure_a_referent_remains(membership)
    user, collectivite = membership.user, membership.collectivite
    audit_record(
        actor=actor,
        action="membership.deleted",
        obj=membership,
        collectivite=collectivite,
        details={"user": user.get_username(), "role": membership.role},
    )
    membership.delete()
    user.groups.remove(collectivite.group)
    forget_cached_permissions(user)


@transaction.atomic
def collectivite_groups_resync() -> int:
    """Make every collectivité group hold exactly its members; return how many rows changed.

    Services keep groups in step already; this repairs a database edited by hand.
    """
    changed = 0
    for collectivite in Collectivite.objects.select_related("group"):
        wanted = set(collectivite.memberships.values_list("user_id", flat=True))
        current = set(collectivite.group.user_set.values_list("id", flat=True))
        if wanted - current:
            collectivite.group.user_set.add(*(wanted - current))
        if current - wanted:
            collectivite.group.user_set.remove(*(current - wanted))
        changed += len(wanted ^ current)
    return changed


# --- People -----------------------------------------------------------------------------------


def user_create(
    *,
    username: str,
    email: str = "",
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    company: Company | None = None,
    is_superuser: bool = False,
) -> User:
    """Create an account; without a password it cannot log in until one is chosen.

    A password must pass the configured validators (length, common passwords, similarity).
    """
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        company=company,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        try:
            validate_password(password, user=user)
        except ValidationError as error:
            raise ApplicationError(
                "Ce mot de passe est trop faible.", extra={"fields": {"password": error.messages}}
            ) from error
        user.set_password(password)
    else:
        user.set_unusable_password()
    _validated(user, exclude=["password"])
    user.save()
    return user


@transaction.atomic
def company_create(*, actor: User | None, name: str, siret: str) -> Company:
    """A company recorded by an animator (companies sign up by ``company_register``)."""
    _require_create(actor, Company, "Seuls les animateurs du réseau enregistrent des entreprises.")
    company = Company(name=name, siret=siret)
    _validated(company)
    company.save()
    audit_record(actor=actor, action="company.created", obj=company, details={"siret": siret})
    return company


@transaction.atomic
def platform_role_grant(*, actor: User | None, user: User, role: PlatformRole) -> None:
    _require(actor, "manage_roles", user, view_action="manage_roles")
    group, _ = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[role])
    user.groups.add(group)
    forget_cached_permissions(user)
    audit_record(actor=actor, action="platform_role.granted", obj=user, details={"role": role})


@transaction.atomic
def platform_role_revoke(*, actor: User | None, user: User, role: PlatformRole) -> None:
    _require(actor, "manage_roles", user, view_action="manage_roles")
    user.groups.remove(*Group.objects.filter(name=ROLE_GROUP_NAMES[role]))
    forget_cached_permissions(user)
    audit_record(actor=actor, action="platform_role.revoked", obj=user, details={"role": role})


def _send_invitation(user: User, collectivite: Collectivite) -> None:
    """Mail a one-time link to choose a password (Django's password-reset token and view)."""
    path = reverse(
        "account-activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "collectivite": collectivite,
        "link": settings.PUBLIC_URL.rstrip("/") + path,
    }
    send_mail(
        subject=f"Invitation sur e-Partage : {collectivite}",
        message=render_to_string("collectivites/invitation_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def membership_invite(
    *,
    actor: User | None,
    collectivite: Collectivite,
    email: str,
    first_name: str = "",
    last_name: str = "",
    role: str = Membership.Role.AGENT,
    capabilities: list[str] | tuple[str, ...] = (),
) -> tuple[Membership | Invitation, bool]:
    """Add the person with this email to the collectivité, creating their account if needed.

    A new account has no password: the person receives a link to choose one. A person who
    already acts for another collectivité is not added: they receive an invitation, which they
    accept (``invitation_accept``), and the answer names them by the address typed only.
    Returns the membership (or the invitation) and whether an account was created.
    """
    _require(
        actor, "manage_members", collectivite, view_action="view_members", message=REFERENTS_ONLY
    )
    _check_role(role)
    flags = _capability_flags(capabilities)
    email = email.strip()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is not None and (
        Membership.objects.filter(user=user).exclude(collectivite=collectivite).exists()
        and not Membership.objects.filter(user=user, collectivite=collectivite).exists()
    ):
        return _invitation_create(
            actor=actor, collectivite=collectivite, user=user, email=email, role=role, **flags
        ), False
    created = user is None
    if created:
        username = email.lower()
        if User.objects.filter(username__iexact=username).exists():
            raise ConflictError("Un compte porte déjà cet identifiant.")
        user = user_create(
            username=username, email=email, first_name=first_name, last_name=last_name
        )
    membership = _membership_add(
        actor=actor, collectivite=collectivite, user=user, role=role, capabilities=capabilities
    )
    if created:
        enqueue_on_commit(send_invitation, user.pk, collectivite.pk)
    return membership, created


def _invitation_create(
    *,
    actor: User | None,
    collectivite: Collectivite,
    user: User,
    email: str,
    role: str,
    is_buyer: bool,
    is_act_officer: bool,
    is_accountant: bool = False,
) -> Invitation:
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                user=user,
                collectivite=collectivite,
                role=role,
                is_buyer=is_buyer,
                is_act_officer=is_act_officer,
                is_accountant=is_accountant,
                invited_by=actor if actor is not None and actor.is_authenticated else None,
            )
    except IntegrityError:
        raise ConflictError(
            f"Une invitation est déjà en attente pour {email} dans {collectivite}."
        ) from None
    audit_record(
        actor=actor,
        action="membership.invited",
        obj=invitation,
        collectivite=collectivite,
        details={"email": email, "role": role, "capabilities": invitation.capabilities},
    )
    link = settings.PUBLIC_URL.rstrip("/") + "/compte"
    message = (
        f"Bonjour,\n\nVous êtes invité(e) à rejoindre « {collectivite} » sur e-Partage"
        f" (rôle : {invitation.get_role_display()}).\n\nVous agissez déjà pour une autre "
        "collectivité : rien ne change tant que vous n'avez pas accepté. Pour accepter, "
        f"connectez-vous et ouvrez votre compte :\n{link}\n\nL'équipe e-Partage"
    )
    enqueue_on_commit(send_email, f"Invitation sur e-Partage : {collectivite}", message, user.email)
    return invitation


@transaction.atomic
def invitation_accept(*, actor: User, invitation: Invitation) -> Membership:
    """The invited person joins the collectivité, with the role the referent offered."""
    if not actor.is_authenticated or invitation.user_id != actor.pk:
        raise NotFoundError("Invitation introuvable.")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ConflictError("Cette invitation a déjà été acceptée.")
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return _membership_add(
        actor=actor,
        collectivite=invitation.collectivite,
        user=actor,
        role=invitation.role,
        capabilities=invitation.capabilities,
        action="membership.invitation_accepted",
    )


@transaction.atomic
def company_register(
    *,
    company_name: str,
    siret: str,
    username: str,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """A company signs itself up: its record and its first user account, in one step.

    One registration per SIRET: a second one would let anybody attach themselves to an existing
    company and read its bids later, so colleagues are added by the company's account instead.
    """
    if Company.objects.filter(siret=siret).exists():
        raise ConflictError(
            "Cette entreprise est déjà inscrite : demandez un accès au titulaire de son compte."
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ConflictError(
            "Cet identifiant est déjà pris.", extra={"fields": {"username": ["Déjà pris."]}}
        )
    company = company_create(actor=None, name=company_name, siret=siret)
    user = user_create(
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        company=company,
    )
    audit_record(actor=user, action="company.registered", obj=company, details={"siret": siret})
    return user
