"""The Administrator role: keeps the registry (reference data, rounds) and may still change
what is in a closed round (budgetnotes.access)."""

import importlib

from django.db import migrations

roles = importlib.import_module("budgetnotes.migrations.0003_districts_and_roles")

ADMINISTRATOR = (
    roles.VIEW_ALL
    + roles.EDIT
    + roles.perms(["add", "change", "delete"], roles.REFERENCE)
    + ["submit_budgetnote", "approve_budgetnote", "export_pdf", "export_xlsx"]
)


def create_administrator(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Administrator")
    found = Permission.objects.filter(
        codename__in=ADMINISTRATOR, content_type__app_label__in=["budgetnotes", "initiatives"]
    )
    missing = set(ADMINISTRATOR) - set(found.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Missing permissions for Administrator: {sorted(missing)}")
    group.permissions.set(found)


def remove_administrator(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Administrator").delete()


class Migration(migrations.Migration):
    dependencies = [("budgetnotes", "0004_catalogue_jobs")]

    operations = [migrations.RunPython(create_administrator, remove_administrator)]
