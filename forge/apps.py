from django.apps import AppConfig


class ForgeConfig(AppConfig):
    name = "forge"
    verbose_name = "Forge site"

    def ready(self):
        # The member's language applied at sign-in (a user_logged_in receiver).
        from forge import language  # noqa: F401
        from forge.lib import usercache

        usercache.connect()
