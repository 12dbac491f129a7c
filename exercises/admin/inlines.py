"""The parts of an exercise edited on its page: muscles, steps, tips, mistakes, FAQ, images,
variations."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html

from exercises import pictures
from exercises.admin.base import TextField
from exercises.models import (
    ExerciseFAQ,
    ExerciseImage,
    ExerciseMistake,
    ExerciseMuscle,
    ExerciseStep,
    ExerciseTip,
    ExerciseVariation,
)


class OrderedInline(admin.TabularInline):
    """A compact, ordered list of one-line entries; "extra" empty rows only on the add form."""

    ordering = ["position", "id"]
    classes = ["compact-inline", "ordered-inline"]
    formfield_overrides = {
        models.TextField: {"widget": forms.TextInput(attrs={"class": "vLargeTextField"})},
        models.PositiveSmallIntegerField: {
            "widget": forms.NumberInput(attrs={"class": "position-input", "min": 0})
        },
    }

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0


class MuscleInline(admin.TabularInline):
    model = ExerciseMuscle
    classes = ["compact-inline"]
    autocomplete_fields = ["muscle"]
    ordering = ["role", "muscle__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("muscle")

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0


# Each entry's English text, with its German and Spanish beside it (empty shows English).
TEXT_FIELDS = ("position", "text", "text_de", "text_es")


class StepInline(OrderedInline):
    model = ExerciseStep
    fields = TEXT_FIELDS


class TipInline(OrderedInline):
    model = ExerciseTip
    fields = TEXT_FIELDS


class MistakeInline(OrderedInline):
    model = ExerciseMistake
    fields = TEXT_FIELDS


class FAQInline(OrderedInline):
    model = ExerciseFAQ
    fields = [
        "position",
        "question",
        "answer",
        "question_de",
        "answer_de",
        "question_es",
        "answer_es",
    ]
    formfield_overrides = {
        **OrderedInline.formfield_overrides,
        models.CharField: {"widget": forms.TextInput(attrs={"class": "vTextField"})},
        # Answers run to a few sentences: a modest box that the editor can enlarge.
        models.TextField: {
            "form_class": TextField,
            "widget": forms.Textarea(attrs={"rows": 3, "cols": 50}),
        },
    }


class MainImageFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        main = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_main") and not form.cleaned_data.get("DELETE")
        ]
        if len(main) > 1:
            raise ValidationError("Only one image can be the main image.")


class ImageForm(forms.ModelForm):
    """One picture: refused with a plain message when it is over the size limits or not an
    image; a new file drops the old renditions so that new ones are made on save."""

    class Meta:
        model = ExerciseImage
        fields = ["position", "image", "alt_text", "role", "credit", "is_main"]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and "image" in self.changed_data:
            if upload.size > pictures.MAX_BYTES:
                raise ValidationError(
                    "This picture is %(size)s MB; the limit is %(limit)s MB. Save it smaller "
                    "(a 1,600 px wide JPEG is plenty) and upload it again.",
                    params={
                        "size": f"{upload.size / 2**20:.1f}",
                        "limit": pictures.MAX_BYTES // 2**20,
                    },
                    code="too_big",
                )
            upload.seek(0)
            try:
                pictures.check_picture(upload.read())
            except pictures.PictureRejected as error:
                raise ValidationError(f"This picture {error}", code="rejected") from None
            finally:
                upload.seek(0)
            self.instance.renditions, self.instance.width, self.instance.height = {}, None, None
        return upload


class ImageInline(OrderedInline):
    model = ExerciseImage
    form = ImageForm
    formset = MainImageFormSet
    fields = ["position", "image", "alt_text", "role", "credit", "is_main", "preview"]
    readonly_fields = ["preview"]

    @admin.display(description="preview")
    def preview(self, obj):
        if not obj.image:
            return "—"
        thumb = obj.sources["thumb"]
        return format_html('<img src="{}" alt="" class="inline-preview">', thumb.webp or thumb.jpeg)


class VariationInline(admin.TabularInline):
    model = ExerciseVariation
    classes = ["compact-inline"]
    fk_name = "exercise"
    autocomplete_fields = ["variation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("variation")

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0
