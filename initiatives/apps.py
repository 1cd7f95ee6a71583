from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "Indsatser og bevillingsudløb"

    def ready(self):
        from budgetnotes.extensions import register_line_link
        from initiatives.financing import EDITOR_LINK

        register_line_link(EDITOR_LINK)
