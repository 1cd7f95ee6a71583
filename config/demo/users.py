"""The demo users, one per role (created only with DEBUG on; `manage.py load_demo`)."""

from django.contrib.auth.models import Group

from budgetnotes.choices import Role
from budgetnotes.models import Administration, User

DEMO_PASSWORD = "budget2026"
# Each demo user's e-mail address is <username>@DEMO_MAIL_DOMAIN (the workflow's
# notifications; printed in the terminal in `make run`).
DEMO_MAIL_DOMAIN = "budget.example.dk"
DEMO_USERS = [
    ("redaktor", "BIF", Role.EDITOR, "Rikke", "Redaktør"),
    ("godkender", "BIF", Role.APPROVER, "Gustav", "Godkender"),
    ("sekretaer", "BIF", Role.SECRETARY, "Sanne", "Sekretær"),
    ("analytiker", "BIF", Role.ANALYST, "Anders", "Analytiker"),
    ("sof-redaktor", "SOF", Role.EDITOR, "Sofie", "Redaktør (SOF)"),
    ("budgetadministrator", "ØKF", Role.BUDGET_ADMINISTRATOR, "Bodil", "Budgetadministrator"),
]


def load_users(counter):
    for username, administration, role, first_name, last_name in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        values = {
            "administration": Administration.objects.get(code=administration),
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@{DEMO_MAIL_DOMAIN}",
            "is_staff": True,
        }
        if user is None:
            user = User(username=username, **values)
            user.set_password(DEMO_PASSWORD)
            user.save()
            counter.created += 1
        elif any(getattr(user, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(user, key, value)
            user.save()
            counter.updated += 1
        group = Group.objects.get(name=role)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
