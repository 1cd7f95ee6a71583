from django.core.management.base import BaseCommand, CommandError

from budgetnotes.models import BudgetNote
from config.backup import restore


class Command(BaseCommand):
    help = "Genskaber en sikkerhedskopi i en nyoprettet (migreret) database."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--force", action="store_true", help="Genskab, selv om databasen har notater"
        )

    def handle(self, *args, **options):
        if BudgetNote.objects.exists() and not options["force"]:
            raise CommandError(
                "Databasen indeholder allerede notater. Genskab i en tom, migreret database "
                "(eller brug --force for at lægge kopien oven i)."
            )
        restore(options["file"])
        self.stdout.write(self.style.SUCCESS(f"Genskabt fra {options['file']}"))
