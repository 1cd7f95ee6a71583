"""The roles, as Django groups with their permissions: made and kept current after every
`migrate` (and every flush), so they need no data migration and span both apps.

The role names are budgetnotes.choices.Role; what each may do is decided by
budgetnotes.access, which asks for the role. The permissions here are what the admin needs.
"""

from django.apps import apps as global_apps

from budgetnotes.choices import Role

NOTE_ROWS = [
    "budgetnote",
    "scenario",
    "effectrow",
    "fundingline",
    "fundingamount",
    "previousallocation",
    "allocationamount",
    "conversion",
    "conversionamount",
    "fundinglinepart",
    "fundingpartamount",
    "extrasection",
]
REFERENCE = [
    "administration",
    "committee",
    "appropriationarea",
    "budgetround",
    "district",
    "priceindex",
    "priceindexset",
]
INITIATIVES = [
    "initiative",
    "targetgroup",
    "goal",
    "expiryassessment",
    "expiryeconomyline",
    "expiryamount",
]


def perms(actions, models):
    return [f"{action}_{model}" for model in models for action in actions]


VIEW_ALL = perms(["view"], NOTE_ROWS + REFERENCE + INITIATIVES)
EDIT = perms(["add", "change", "delete"], NOTE_ROWS + INITIATIVES)
KEEP_REFERENCE = perms(["add", "change", "delete"], REFERENCE)

ROLES = {
    Role.EDITOR: [*VIEW_ALL, *EDIT, "submit_budgetnote", "export_pdf", "export_xlsx"],
    Role.APPROVER: [
        *VIEW_ALL,
        "approve_budgetnote",
        "submit_budgetnote",
        "export_pdf",
        "export_xlsx",
    ],
    Role.SECRETARY: [*VIEW_ALL, "export_pdf"],
    Role.ANALYST: [*VIEW_ALL, "export_xlsx"],
    Role.ADMINISTRATOR: [
        *VIEW_ALL,
        *EDIT,
        *KEEP_REFERENCE,
        "submit_budgetnote",
        "approve_budgetnote",
        "export_pdf",
        "export_xlsx",
    ],
    # Reference data in the admin, and reading the rest. Not a note's rows, not the workflow,
    # and (not being Role.ADMINISTRATOR) nothing in a closed round's notes.
    # It also reads the access log (operations.AccessLog) in the admin.
    Role.BUDGET_ADMINISTRATOR: [*VIEW_ALL, *KEEP_REFERENCE, "view_accesslog"],
}


def sync_roles(sender=None, apps=global_apps, **kwargs):
    """Every role as a group holding exactly its permissions (post_migrate receiver; this app
    comes last in INSTALLED_APPS, so the other apps' permissions are made by then)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        found = Permission.objects.filter(
            codename__in=codenames,
            content_type__app_label__in=["budgetnotes", "initiatives", "operations"],
        )
        missing = set(codenames) - set(found.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Missing permissions for {role}: {sorted(missing)}")
        group.permissions.set(found)
