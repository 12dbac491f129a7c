"""What the catalogue's admin screens share: a CRLF-free text field and the version bump."""

from django import forms
from django.conf import settings
from django.utils import translation

from exercises import services


class TextField(forms.CharField):
    """Text from a textarea, with the browser's CRLF line breaks made "\n", so a save that
    only sent the same text back is not a change (in the form or in the history)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


class CatalogueWriteMixin:
    """Every save or delete through the admin bumps the catalogue version, so the next
    visitor request shows it (cached pages are keyed by that version)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.catalogue_version_bump()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.catalogue_version_bump()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.catalogue_version_bump()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.catalogue_version_bump()


class EnglishFormMixin:
    """The form's translated fields ("name", "description") are the English text and the
    other languages have boxes of their own, whatever language the editor's browser asks for
    (the active language decides what "name" reads and writes)."""

    def changeform_view(self, request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return super().changeform_view(request, *args, **kwargs)  # type: ignore[misc]
