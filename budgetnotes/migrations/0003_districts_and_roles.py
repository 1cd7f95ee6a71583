"""The districts a note can be ticked for, and the four roles as groups with permissions."""

from django.contrib.auth.management import create_permissions
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

NOTE_CHILDREN = [
    "budgetnote",
    "scenario",
    "effectrow",
    "fundingline",
    "fundingamount",
    "previousallocation",
    "allocationamount",
    "conversion",
    "conversionamount",
]
REFERENCE = ["administration", "committee", "appropriationarea", "budgetround", "district", "priceindex"]
INITIATIVES = ["initiative", "targetgroup", "goal", "expiryassessment", "expiryeconomyline", "expiryamount"]


def perms(actions, models):
    return [f"{action}_{model}" for model in models for action in actions]


VIEW_ALL = perms(["view"], NOTE_CHILDREN + REFERENCE + INITIATIVES)
EDIT = perms(["add", "change", "delete"], NOTE_CHILDREN + INITIATIVES)

ROLES = {
    "Redaktør": VIEW_ALL + EDIT + ["submit_budgetnote", "export_pdf", "export_xlsx"],
    "Godkender": VIEW_ALL + ["approve_budgetnote", "submit_budgetnote", "export_pdf", "export_xlsx"],
    "Udvalgssekretær": VIEW_ALL + ["export_pdf"],
    "Analytiker": VIEW_ALL + ["export_xlsx"],
}


def create_districts_and_roles(apps, schema_editor):
    District = apps.get_model("budgetnotes", "District")
    for position, (code, name) in enumerate(DISTRICTS, start=1):
        District.objects.update_or_create(code=code, defaults={"name": name, "position": position})

    for app_config in apps.get_app_configs():
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = previous

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        found = Permission.objects.filter(
            codename__in=codenames, content_type__app_label__in=["budgetnotes", "initiatives"]
        )
        missing = set(codenames) - set(found.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Missing permissions for {name}: {sorted(missing)}")
        group.permissions.set(found)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()
    apps.get_model("budgetnotes", "District").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("budgetnotes", "0002_initial"),
        ("initiatives", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_districts_and_roles, remove_roles)]
