"""Print (or e-mail) a staff account's one-time link to set up its first authenticator app.

For the first administrator, made with ``createsuperuser``: whoever runs commands on the server
proves more than a password does. Later staff get their link from the back office (Users →
"Send a two-factor set-up link", or automatically when staff access is given).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from imrf import two_factor


class Command(BaseCommand):
    help = "Print a staff account's one-time link to set up two-factor authentication (--send e-mails it)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--send", action="store_true", help="E-mail the link to the account instead.")

    def handle(self, *args, email: str, send: bool, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None or not (user.is_staff or user.is_superuser) or not user.is_active:
            raise CommandError(f"No active staff account with the address {email}.")
        if two_factor.has_authenticator(user):
            raise CommandError(f"{user.email} already has an authenticator app; remove it in the back office first.")
        if send:
            with transaction.atomic():
                two_factor.staff_enrolment_send(user=user, actor=None)
            self.stdout.write(f"Sent a set-up link to {user.email}.")
            return
        self.stdout.write(two_factor.enrolment_url(user))
