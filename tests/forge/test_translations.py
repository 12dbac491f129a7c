"""The German and Spanish catalogues (issue 23): every string marked in the code is in the
committed .po files, translated and not fuzzy; the compiled .mo files match them.

The strings are extracted as `make messages` does (Django's makemessages, GNU gettext) from a
copy of the sources, merged into a copy of the committed catalogues, and the result is read:
a string marked in the code but missing from a catalogue comes out untranslated there.
"""

import gettext as gnu_gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LANGUAGES = ("de", "es")
DOMAINS = ("django", "djangojs")
LOCALE = Path(settings.BASE_DIR) / "locale"
SOURCES = ("manage.py", "forge", "exercises", "plans", "templates", "static/js", "locale")
SKIP = shutil.ignore_patterns("__pycache__", "data", "vendor", "*.jpg", "*.png", "*.mo")


def _catalogue(language: str, domain: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{domain}.po"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """A copy of the sources with its catalogues brought up to date by makemessages."""
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        pytest.fail("GNU gettext is needed for this check: apt-get install gettext")
    root = tmp_path_factory.mktemp("sources")
    for name in SOURCES:
        source = Path(settings.BASE_DIR) / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=SKIP)
        else:
            shutil.copy(source, root / name)
    for domain in DOMAINS:
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                *("-d", domain, "-l", "de", "-l", "es"),
                *("--add-location=file", "--no-obsolete", "--verbosity=0"),
            ],
            cwd=root,
            check=True,
            capture_output=True,
        )
    return root


def _key(entry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_translated(extracted, language, domain):
    merged = polib.pofile(str(extracted / "locale" / language / "LC_MESSAGES" / f"{domain}.po"))
    committed = polib.pofile(str(_catalogue(language, domain)))
    in_code = {_key(entry) for entry in merged if not entry.obsolete}
    in_catalogue = {_key(entry) for entry in committed if not entry.obsolete}
    assert len(in_code) > (500 if domain == "django" else 80)  # the extraction really ran
    untranslated = [entry.msgid for entry in merged if not entry.obsolete and not _done(entry)]
    assert untranslated == [], f"{language}/{domain}: run `make messages` and translate these"
    assert sorted(in_catalogue - in_code, key=str) == [], "strings no longer in the code"


def _done(entry) -> bool:
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_and_compile(language, domain):
    # msgfmt --check: the same %(name)s placeholders on both sides, a valid header.
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(_catalogue(language, domain))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_po_file(language, domain):
    po = polib.pofile(str(_catalogue(language, domain)))
    with (LOCALE / language / "LC_MESSAGES" / f"{domain}.mo").open("rb") as handle:
        compiled = gnu_gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    expected = {}
    for entry in po:
        if entry.obsolete or not _done(entry):
            continue
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                expected[(msgid, int(index))] = text
        else:
            expected[msgid] = entry.msgstr
    compiled = {key: value for key, value in compiled.items() if key != ""}  # the header
    assert compiled == expected, "run `make messages` (compilemessages) and commit the .mo"
