from django.core.management.base import BaseCommand

from apps.accounts.demo import current_totp_code


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo staff accounts."

    def handle(self, *args, **options):
        self.stdout.write(current_totp_code())
