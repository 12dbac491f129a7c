"""This release of Forge, as a short name that changes whenever its code, templates or static
files change: part of every cached catalogue entry's key (forge.lib.pagecache.catalogue_key).

Cached pages and catalogue data are keyed by the catalogue version, which only an edit
changes. Without the release in the key, a deploy would serve what the previous code had
stored under the same version: pages naming static files the new release no longer has, or
pickled page data of a shape the new code does not expect. With it, a new release starts
with its own entries and the old ones expire by themselves.

Read once per process: a hash of the project's Python modules and templates (their
contents, not their dates, so every server of one release agrees), of the collected static
files' manifest where there is one, and of PWA_RELEASE (set it to force a new release).
"""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed

SOURCES = (("forge", "*.py"), ("exercises", "*.py"), ("plans", "*.py"), ("templates", "*.html"))


@cache
def release() -> str:
    digest = hashlib.blake2b(digest_size=6)
    base = Path(settings.BASE_DIR)
    for folder, pattern in SOURCES:
        for path in sorted((base / folder).rglob(pattern)):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    digest.update(_static_manifest().encode())
    digest.update(settings.PWA_RELEASE.encode())
    return digest.hexdigest()


def _static_manifest() -> str:
    from django.contrib.staticfiles.storage import staticfiles_storage

    return str(getattr(staticfiles_storage, "manifest_hash", "") or "")


def _forget(*, setting, **kwargs) -> None:
    if setting in ("PWA_RELEASE", "STORAGES", "STATIC_ROOT"):
        release.cache_clear()


setting_changed.connect(_forget)
