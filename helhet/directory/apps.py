from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "helhet.directory"
    verbose_name = _("Service directory")

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        from helhet.directory.search import register_sqlite_functions

        # The fuzzy search's SQL function on SQLite (PostgreSQL has pg_trgm), also on
        # connections opened before the app registry was ready.
        connection_created.connect(register_sqlite_functions)
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                register_sqlite_functions(connection=connection)
