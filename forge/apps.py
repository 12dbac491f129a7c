from django.apps import AppConfig


class ForgeConfig(AppConfig):
    name = "forge"
    verbose_name = "Forge site"

    def ready(self):
        from forge.lib import usercache

        usercache.connect()
