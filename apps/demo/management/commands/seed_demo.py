import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from apps.booking import demo as booking_demo
from apps.care import demo as care_demo
from apps.clinics import demo as clinics_demo
from apps.education import demo as education_demo
from apps.fhir import demo as fhir_demo
from apps.outside_care import demo as outside_care_demo
from apps.payments import demo as payments_demo

# Each app that has demo data contributes a seed() in its demo module, run in this order: the booking
# demo's bookings pass the care gates, so care's records come first and its session history after.
DEMO_SEEDERS = [
    clinics_demo.seed,
    care_demo.seed,
    booking_demo.seed,
    care_demo.seed_session_history,
    education_demo.seed,
    payments_demo.seed,
    outside_care_demo.seed,
    fhir_demo.seed,
]


class Command(BaseCommand):
    help = "Load the demo organization, clinics, staff and patients. Safe to run again."

    def handle(self, *args, **options):
        if os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith("production"):
            raise CommandError("seed_demo creates accounts with a published password: not in production.")
        with transaction.atomic():
            logins = [login for seeder in DEMO_SEEDERS for login in seeder()]
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"Every demo login uses the password: {DEMO_PASSWORD}")
        self.stdout.write(f"Staff accounts have two-factor authentication with the TOTP secret: {DEMO_TOTP_SECRET}")
        self.stdout.write("  (add it to any authenticator app, or run: python manage.py demo_totp_code)")
        for email, what in logins:
            self.stdout.write(f"  {email:<34} {what}")
