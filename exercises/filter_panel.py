"""The filter panel of the listing pages: each field of the FilterSet's form as the page
draws it.

A field that has no value and no error looks the same on every request of a catalogue
version and language (its choices are the catalogue's vocabularies, its labels translated),
so its widget is rendered once per version and language and kept beside the cards (in
this process's memory). Only the fields a request sets (a listing's own filter, a chosen
sort order) or gets wrong are rendered through their widgets, as the form would render them.
"""

from dataclasses import dataclass

from django.core.cache import caches
from django.forms import BaseForm, BoundField
from django.utils.safestring import SafeString, mark_safe

from exercises.cards import CARD_TIMEOUT
from exercises.selectors import catalogue_version
from forge.lib.pagecache import catalogue_key

# The search box is drawn by the template (its own attributes); `q` is search's alias.
SEARCH = "search"
HIDDEN = ("q",)


@dataclass(frozen=True)
class PanelField:
    name: str
    id: str
    label: str
    widget: SafeString  # empty for the search box
    value: object  # what the field holds, for the search box
    errors: list  # the field's messages, as the form gives them


def _is_blank(field: BoundField) -> bool:
    value = field.value()
    return value is None or value is False or value == ""


def _blank_widgets(form_class: type[BaseForm]) -> dict[str, str]:
    """Every field's widget with nothing chosen (an unbound form draws each field blank)."""
    return {
        field.name: str(field)
        for field in form_class()
        if field.name != SEARCH and field.name not in HIDDEN
    }


def _blanks(form_class: type[BaseForm]) -> dict[str, str]:
    # In this process's memory, like the cards (exercises.cards): markup comes from this
    # process's code, so a deploy never meets markup another version of the code rendered.
    store = caches["fragments"]
    key = catalogue_key("filter-panel", catalogue_version())
    blanks = store.get(key)
    if blanks is None:
        blanks = _blank_widgets(form_class)
        store.set(key, blanks, timeout=CARD_TIMEOUT)
    return blanks


def filter_panel(form: BaseForm) -> list[PanelField]:
    """The panel's fields in the form's order; the form has been validated."""
    blanks: dict[str, str] | None = None
    fields = []
    for field in form:
        if field.name in HIDDEN:
            continue
        errors = list(field.errors)
        if field.name == SEARCH:
            widget = SafeString()
        elif errors or not _is_blank(field):
            widget = SafeString(field)
        else:
            if blanks is None:
                blanks = _blanks(type(form))
            widget = mark_safe(blanks[field.name])  # rendered by the field's widget
        fields.append(
            PanelField(
                name=field.name,
                id=field.id_for_label,
                label=str(field.label),
                widget=widget,
                value=field.value(),
                errors=errors,
            )
        )
    return fields
