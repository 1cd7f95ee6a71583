"""The districts (bydele) a note can be ticked for, in the printed order."""

from django.db import migrations

DISTRICTS = [
    ("bispebjerg", "Bispebjerg"),
    ("indre-by", "Indre by"),
    ("vesterbro-kgs-enghave", "Vesterbro/Kgs. Enghave"),
    ("valby", "Valby"),
    ("amager-oest", "Amager Øst"),
    ("udenbys", "Udenbys"),
    ("noerrebro", "Nørrebro"),
    ("oesterbro", "Østerbro"),
    ("broenshoej-husum", "Brønshøj/Husum"),
    ("vanloese", "Vanløse"),
    ("amager-vest", "Amager Vest"),
]


def create_districts(apps, schema_editor):
    District = apps.get_model("budgetnotes", "District")
    for position, (code, name) in enumerate(DISTRICTS, start=1):
        District.objects.update_or_create(code=code, defaults={"name": name, "position": position})


def remove_districts(apps, schema_editor):
    apps.get_model("budgetnotes", "District").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("budgetnotes", "0001_initial")]

    operations = [migrations.RunPython(create_districts, remove_districts)]
