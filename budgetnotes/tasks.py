"""Background tasks of the note domain (Django's tasks framework; `manage.py db_worker` runs
them)."""

from django.tasks import task


@task
def send_notifications():
    """Send the e-mails of the workflow notifications not sent yet (budgetnotes.notifications);
    enqueued once a step's transaction commits. Returns how many e-mails were sent."""
    from budgetnotes import notifications

    return notifications.send_unsent()
