"""Factories that go through the services, so test data obeys the same rules as real data."""

import datetime

import factory

from collectivites import services
from collectivites.identifiers import luhn_check_digit
from collectivites.models import Collectivite, Company, Membership, User

DEMO_PASSWORD = "mot-de-passe-de-test-42"


def siren_for(n: int) -> str:
    partial = f"21{n:06d}"
    return partial + luhn_check_digit(partial)


def siret_for(n: int) -> str:
    siren = f"45{n:06d}"
    siren += luhn_check_digit(siren)
    partial = siren + "0001"
    return partial + luhn_check_digit(partial)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"agent{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@exemple.bzh")
    first_name = "Anne"
    last_name = factory.Sequence(lambda n: f"Le Goff {n}")
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs.pop("password", None)
        kwargs.pop("is_staff", None)
        return services.user_create(**kwargs)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        instance.save()


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Entreprise Armor {n}")
    siret = factory.Sequence(siret_for)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.company_create(actor=None, **kwargs)


class CollectiviteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collectivite

    name = factory.Sequence(lambda n: f"Commune {n}")
    kind = Collectivite.Kind.COMMUNE
    siren = factory.Sequence(siren_for)
    departement_code = "35"
    adhesion_date = datetime.date(2007, 1, 15)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.collectivite_create(actor=None, **kwargs)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    collectivite = factory.SubFactory(CollectiviteFactory)
    role = Membership.Role.AGENT
    capabilities = ()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.membership_create(actor=None, **kwargs)
