"""forge/lib/release.py: a new release (code, templates, static files or PWA_RELEASE) gets
cached catalogue entries of its own."""

from django.test import RequestFactory

from forge.lib import release as release_module
from forge.lib.pagecache import cache_key, catalogue_key
from forge.lib.release import release


def test_the_release_is_read_once_and_names_the_code(monkeypatch):
    first = release()
    assert first == release() and len(first) == 12
    reads = []
    original = release_module.Path.read_bytes
    monkeypatch.setattr(
        release_module.Path, "read_bytes", lambda path: reads.append(path) or original(path)
    )
    release()
    assert reads == []  # kept for the life of the process
    release.cache_clear()
    try:
        monkeypatch.setattr(
            release_module.Path,
            "read_bytes",
            lambda path: original(path) + (b"#changed" if path.name == "views.py" else b""),
        )
        assert release() != first  # another line of code: another release
    finally:
        release.cache_clear()


def test_every_catalogue_key_carries_the_release(settings):
    request = RequestFactory().get("/exercises/")
    before = (catalogue_key("card", 3, 7), cache_key(request, 3))
    assert all(release() in key for key in before)
    settings.PWA_RELEASE = "2027-01-a"
    after = (catalogue_key("card", 3, 7), cache_key(request, 3))
    assert not set(before) & set(after)
