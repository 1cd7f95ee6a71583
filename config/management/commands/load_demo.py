from django.conf import settings
from django.core.management.base import BaseCommand

from config.demo import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Indlæser demodata fra fixtures/demo/ (kan køres flere gange uden at ændre noget)."

    def handle(self, *args, **options):
        counter = load_demo(with_users=settings.DEBUG)
        self.stdout.write(self.style.SUCCESS(f"Demodata indlæst: {counter}."))
        if settings.DEBUG:
            self.stdout.write(f"Demobrugere (adgangskode {DEMO_PASSWORD}):")
            for username, administration, role, *_ in DEMO_USERS:
                self.stdout.write(f"  {username} ({role.label}, {administration})")
        else:
            self.stdout.write("DEBUG er slået fra: der er ikke oprettet demobrugere.")
