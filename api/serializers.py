"""Representations of the core objects. Serializers validate shapes; services own the rules."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from collectivites.models import Collectivite, Company, Membership, User
from collectivites.permissions import platform_roles
from collectivites.services import CAPABILITIES


class CollectiviteSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

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


class MembershipInviteSerializer(serializers.Serializer):
    email = serializers.EmailField()
    first_name = serializers.CharField(max_length=150, required=False, default="")
    last_name = serializers.CharField(max_length=150, required=False, default="")
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
            "company",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_platform_roles(self, user: User) -> list[str]:
        return sorted(str(role) for role in platform_roles(user))
