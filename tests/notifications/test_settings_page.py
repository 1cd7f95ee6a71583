"""The preferences page (/beskeder/): each kind of e-mail on or off, per user."""

import pytest

from budgetnotes.models import MutedNotification, NotificationKind

pytestmark = pytest.mark.django_db

URL = "/beskeder/"
KINDS = [kind.value for kind in NotificationKind]


def checked(response, kind):
    """Whether the page ticks `kind`'s checkbox."""
    html = response.content.decode()
    start = html.index(f'name="{kind}"')
    tag = html[html.rindex("<input", 0, start) : html.index(">", start)]
    return " checked" in tag


def test_every_kind_is_on_until_turned_off(login, editor):
    response = login(editor).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>E-mailbeskeder</h1>" in page
    assert "Send mig en e-mail, når …" in page
    assert "redaktor@budget.example.dk" in page
    assert all(checked(response, kind) for kind in KINDS)


def test_saving_turns_kinds_off_and_the_page_shows_it(login, editor, approver):
    client = login(editor)
    response = client.post(URL, {"sent_back": "on", "sent": "on"})
    assert response.status_code == 302 and response["Location"] == URL

    muted = MutedNotification.objects.filter(user=editor)
    assert sorted(muted.values_list("kind", flat=True)) == [
        "approved",
        "mention",
        "reply",
        "submitted",
    ]
    assert not MutedNotification.objects.filter(user=approver).exists()

    response = client.get(URL)
    assert "Dine valg af e-mailbeskeder er gemt." in response.content.decode()
    assert [checked(response, kind) for kind in KINDS] == [False, True, False, True, False, False]

    client.post(URL, dict.fromkeys(KINDS, "on"))
    assert not muted.exists()
    client.post(URL, {})  # every box unticked
    assert sorted(muted.values_list("kind", flat=True)) == sorted(KINDS)


def test_a_user_without_an_address_is_told(login, analyst):
    analyst.email = ""
    analyst.save()
    page = login(analyst).get(URL).content.decode()
    assert "Du har ingen e-mailadresse i registret" in page


def test_the_header_links_to_it(login, secretary):
    page = login(secretary).get("/").content.decode()
    assert f'<a href="{URL}">E-mailbeskeder</a>' in page


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    "username",
    ["redaktor", "godkender", "sekretaer", "analytiker", "sof-redaktor", "budgetadministrator"],
)
def test_every_demo_user_has_the_page(login, username):
    from budgetnotes.models import User

    response = login(User.objects.get(username=username)).get(URL)
    assert response.status_code == 200
    assert "BI22" not in response.content.decode()
