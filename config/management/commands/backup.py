from django.core.management.base import BaseCommand

from config.backup import backup


class Command(BaseCommand):
    help = "Sikkerhedskopi af hele registret (notater, vurderinger, historik, brugere og roller)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fx backup-2026-11-25.json.gz")

    def handle(self, *args, **options):
        backup(options["file"])
        self.stdout.write(self.style.SUCCESS(f"Sikkerhedskopi skrevet til {options['file']}"))
