import pytest
from django.contrib.auth.models import Group

from budgetnotes.choices import Role
from budgetnotes.demo import DEMO_PASSWORD, load_demo
from budgetnotes.models import Administration, User


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the demo data and demo users.

    Tests that use transactional_db (live server, browser) run last and must load it
    again themselves (see the `demo_data` fixture).
    """
    with django_db_blocker.unblock():
        load_demo(with_users=True)


def restore_migration_data():
    """A transactional test's flush also empties what migrations made (districts, roles)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("budgetnotes.migrations.0003_districts_and_roles")
    migration.create_districts_and_roles(apps, None)


@pytest.fixture
def demo_data(transactional_db):
    """The demo data for tests that run outside a rolled-back transaction."""
    restore_migration_data()
    load_demo(with_users=True)


def make_user(username, administration_code, *roles):
    user = User.objects.create_user(
        username=username,
        password=DEMO_PASSWORD,
        administration=Administration.objects.get(code=administration_code),
        is_staff=True,
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


@pytest.fixture
def editor(db):
    return User.objects.get(username="redaktor")


@pytest.fixture
def approver(db):
    return User.objects.get(username="godkender")


@pytest.fixture
def secretary(db):
    return User.objects.get(username="sekretaer")


@pytest.fixture
def analyst(db):
    return User.objects.get(username="analytiker")


@pytest.fixture
def sof_editor(db):
    return User.objects.get(username="sof-redaktor")


@pytest.fixture
def sof_secretary(db):
    return make_user("sof-sekretaer", "SOF", Role.SECRETARY)


@pytest.fixture
def personas(editor, approver, secretary, analyst, sof_editor):
    return {
        "redaktor": editor,
        "godkender": approver,
        "sekretaer": secretary,
        "analytiker": analyst,
        "sof-redaktor": sof_editor,
    }
