from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """What operations need beside the registry itself: the access log, request ids and
    structured logs, the workers' heartbeats and the health check. It imports nothing of the
    registry, so every layer above may record to it."""

    name = "operations"
    verbose_name = "Drift"

    def ready(self):
        from django.contrib.auth import signals

        from operations import access

        signals.user_logged_in.connect(access.record_login, dispatch_uid="access-login")
        signals.user_login_failed.connect(access.record_login_failed, dispatch_uid="access-fail")
        signals.user_logged_out.connect(access.record_logout, dispatch_uid="access-logout")
