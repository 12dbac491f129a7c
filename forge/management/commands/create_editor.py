import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from forge.services import user_make_editor


class Command(BaseCommand):
    help = "Create an editor account (staff, in the Editors group), or make an account an editor."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for a password; the editor sets one through 'Forgotten password'.",
        )

    def handle(self, *args, email, interactive, verbosity, **options):
        password = None
        if interactive:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        try:
            user, created = user_make_editor(email=email, password=password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if verbosity >= 1:
            verb = "Created editor" if created else "Made an editor of"
            self.stdout.write(self.style.SUCCESS(f"{verb} {user.email}."))
            if password is None and created:
                self.stdout.write("Set a password with: manage.py changepassword " + user.email)
