import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from apps.accounts.demo import demo_enroll_totp
from apps.accounts.models import PatientProfile

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class PatientProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatientProfile

    legal_name = factory.Faker("name")
    preferred_name = factory.Faker("first_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=21, maximum_age=80)
    phone = "+12125550123"
    region = "US-NY"
    timezone = "America/New_York"


class PatientFactory(UserFactory):
    profile = factory.RelatedFactory(PatientProfileFactory, factory_related_name="user")


class StaffUserFactory(UserFactory):
    """A staff account; ``mfa=True`` (the default) enrols TOTP with the demo secret."""

    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        if create and extracted is not False:
            demo_enroll_totp(self)
