import factory

from apps.clinics.models import (
    Clinic,
    ClinicMembership,
    ClinicPatient,
    Organization,
    OrganizationAdmin,
    ProviderLicense,
    ProviderProfile,
    Role,
)
from tests.accounts.factories import StaffUserFactory


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["slug"]

    name = "Test Care Network"
    slug = "test-care"


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Clinic {n}")
    slug = factory.Sequence(lambda n: f"clinic-{n}")
    address_line1 = "1 Main Street"
    city = "Denver"
    region = "US-CO"
    postal_code = "80202"
    phone = "+13035550100"
    timezone = "America/Denver"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClinicMembership

    clinic = factory.SubFactory(ClinicFactory)
    user = factory.SubFactory(StaffUserFactory)
    role = Role.CLINIC_ADMIN


class OrganizationAdminFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationAdmin

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(StaffUserFactory)


class ProviderProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderProfile

    user = factory.SubFactory(StaffUserFactory)
    display_name = factory.Faker("name")
    credentials = "MD"


class ProviderLicenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderLicense

    provider = factory.SubFactory(ProviderProfileFactory)
    region = "US-CO"


class ClinicPatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClinicPatient

    clinic = factory.SubFactory(ClinicFactory)
    patient = factory.SubFactory("tests.accounts.factories.PatientFactory")
