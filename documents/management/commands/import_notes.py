from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.interchange.format import ImportFailed, import_data, parse


class Command(BaseCommand):
    help = (
        "Indlæser notater og vurderinger fra en JSON-fil (budgetnotatregister/2). "
        "Alt eller intet: en fil med fejl ændrer ingenting."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--replace", action="store_true", help="Erstat notater og vurderinger, der findes"
        )

    def handle(self, *args, **options):
        try:
            raw = Path(options["file"]).read_bytes()
        except FileNotFoundError:
            raise CommandError(f"Filen findes ikke: {options['file']}") from None
        try:
            data = parse(raw)
            notes = import_data(data, replace=options["replace"])
        except ImportFailed as failure:
            lines = "\n".join(f"  - {problem}" for problem in failure.problems)
            raise CommandError(
                f"Intet er indlæst: filen har {len(failure.problems)} fejl:\n{lines}"
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Indlæst: {len(notes)} notater og {len(data['expiry_assessments'])} vurderinger."
            )
        )
