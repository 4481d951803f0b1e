"""Representations of the core objects. Serializers validate shapes; services own the rules."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from collectivites.models import AuditEvent, Collectivite, Company, Invitation, Membership, User
from collectivites.selectors import user_platform_roles
from collectivites.services import CAPABILITIES


class ChoiceLabelField(serializers.CharField):
    """The label of a model field's choice, as ``get_<field>_display()`` gives it.

    Django's ``get_FOO_display`` rebuilds a dict of the field's choices on every call, hashing
    each lazily translated label (a ``gettext`` per choice, per row, per label field), and DRF
    inspects the bound method's signature each time: half of the tender list's serialization.
    Here the labels are a dict made once per serializer; a row translates its own label only.
    """

    def __init__(self, model, field_name: str, **kwargs):
        self.labels = dict(model._meta.get_field(field_name).flatchoices)
        super().__init__(source=field_name, **kwargs)

    def to_representation(self, value):
        return str(self.labels.get(value, value))


class CollectiviteSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabelField(Collectivite, "kind", read_only=True)

    class Meta:
        model = Collectivite
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "siren",
            "departement_code",
            "adhesion_date",
            "is_active",
        ]


class CollectiviteRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Collectivite
        fields = ["id", "name", "kind", "departement_code"]


class CapabilitiesField(serializers.ListField):
    child = serializers.ChoiceField(choices=CAPABILITIES)


class UserRefSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "email"]


class MembershipSerializer(serializers.ModelSerializer):
    user = UserRefSerializer(read_only=True)
    capabilities = CapabilitiesField(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "capabilities", "created_at"]


class MyMembershipSerializer(serializers.ModelSerializer):
    collectivite = CollectiviteRefSerializer(read_only=True)
    capabilities = CapabilitiesField(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "collectivite", "role", "capabilities"]


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation to join a collectivité: for the invited person, and for the referent who
    sent it (named by the address typed, never by the account's username)."""

    collectivite = CollectiviteRefSerializer(read_only=True)
    capabilities = CapabilitiesField(read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "collectivite", "role", "capabilities", "created_at"]


class InvitationSentSerializer(InvitationSerializer):
    email = serializers.EmailField(help_text="L'adresse saisie.")

    class Meta(InvitationSerializer.Meta):
        fields = [*InvitationSerializer.Meta.fields, "email"]


class MembershipInviteSerializer(serializers.Serializer):
    email = serializers.EmailField()
    first_name = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
    role = serializers.ChoiceField(choices=Membership.Role.choices, default=Membership.Role.AGENT)
    capabilities = CapabilitiesField(required=False, default=list)


class MembershipUpdateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices, required=False)
    capabilities = CapabilitiesField(required=False)


class CompanySerializer(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["id", "name", "siret"]


class MeSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    platform_roles = serializers.SerializerMethodField()
    memberships = MyMembershipSerializer(many=True, read_only=True)
    invitations = InvitationSerializer(
        many=True,
        read_only=True,
        source="pending_invitations",
        help_text="Invitations à rejoindre une collectivité, en attente de mon accord.",
    )
    company = CompanySerializer(read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "display_name",
            "first_name",
            "last_name",
            "email",
            "is_superuser",
            "platform_roles",
            "memberships",
            "invitations",
            "company",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_platform_roles(self, user: User) -> list[str]:
        return [str(role) for role in user_platform_roles(user=user)]


class CollectiviteCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Collectivite.Kind.choices)
    siren = serializers.CharField(max_length=9)
    departement_code = serializers.CharField(max_length=3)
    adhesion_date = serializers.DateField()


class CollectiviteUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    kind = serializers.ChoiceField(choices=Collectivite.Kind.choices, required=False)
    departement_code = serializers.CharField(max_length=3, required=False)
    adhesion_date = serializers.DateField(required=False)
    is_active = serializers.BooleanField(required=False)


class AuditEventSerializer(serializers.ModelSerializer):
    collectivite = CollectiviteRefSerializer(read_only=True, allow_null=True)
    actor = serializers.CharField(source="actor_label", read_only=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "actor",
            "collectivite",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "details",
        ]


class CompanyRegistrationSerializer(serializers.Serializer):
    company_name = serializers.CharField(max_length=200)
    siret = serializers.CharField(max_length=14)
    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    email = serializers.EmailField()
    password = serializers.CharField(max_length=4096, trim_whitespace=False, write_only=True)
    first_name = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
