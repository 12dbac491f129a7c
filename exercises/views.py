from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import cached_property

from exercises import selectors
from exercises.api.filters import ExerciseFilterSet
from exercises.models import BodyPart, Category, Difficulty, Equipment, Muscle
from exercises.seo import exercise_json_ld
from forge.pagecache import visitor_page

PER_PAGE = 24


class CatalogueCountPaginator(Paginator):
    """A paginator whose total is counted once per catalogue version and filter, not per
    request: counting a filter's matches reads every matching row."""

    def __init__(self, object_list, per_page, *, count_key: str):
        super().__init__(object_list, per_page)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        return selectors.exercise_count(self.count_key, self.object_list)


# Listing URL kind -> (vocabulary model, the FilterSet parameter it fixes).
LISTINGS = {
    "body-part": (BodyPart, "body_part"),
    "equipment": (Equipment, "equipment"),
    "muscle": (Muscle, "muscle"),
    "category": (Category, "category"),
}


def _listing(kind: str | None, slug: str | None) -> dict | None:
    """What a fixed listing URL is about; 404 for a slug no vocabulary item has."""
    if kind is None:
        return None
    if kind == "level":
        labels = dict(Difficulty.choices)
        if slug not in labels:
            raise Http404("No such difficulty.")
        name, description, param = labels[slug], "", "level"
    else:
        model, param = LISTINGS[kind]
        item = selectors.vocabulary_item(model, slug)
        if item is None:
            raise Http404("No such listing.")
        name, description = item.name, item.description
    return {"kind": kind, "slug": slug, "name": name, "description": description, "param": param}


@visitor_page
def exercise_list(request, slug=None, kind=None):
    listing = _listing(kind, slug)
    data = request.GET.copy()
    if listing and not data.get(listing["param"]):
        data[listing["param"]] = listing["slug"]
    filterset = ExerciseFilterSet(data, queryset=selectors.exercise_list(), request=request)
    valid = filterset.is_valid()
    count_key = "listing?" + "&".join(
        f"{name}={value}"
        for name, values in sorted(data.lists())
        if name not in ("page",)
        for value in values
    )
    page = CatalogueCountPaginator(
        filterset.qs if valid else filterset.queryset.none(), PER_PAGE, count_key=count_key
    ).get_page(request.GET.get("page"))
    context = {
        "listing": listing,
        "filterset": filterset,
        "remove_filter_links": _remove_filter_links(filterset, data) if valid else [],
        "page_obj": page,
        "exercises": page.object_list,
        "title": f"{listing['name']} exercises" if listing else "All exercises",
    }
    template = "exercises/_results.html" if request.htmx else "exercises/exercise_list.html"
    return render(request, template, context, status=200 if valid else 400)


def _remove_filter_links(filterset, data) -> list[tuple[str, str]]:
    """For an empty result: one link per active filter that shows the results without it."""
    links = []
    base = reverse("exercises:exercise-list")
    for name in filterset.active_filters:
        rest = data.copy()
        for key in (name, "page", "muscle_role" if name == "muscle" else None):
            rest.pop(key, None)
        label = filterset.form.fields[name].label.lower()
        text = "Clear the search" if name == "search" else f"Remove the {label} filter"
        links.append((text, f"{base}?{rest.urlencode()}" if rest else base))
    return links


@visitor_page
def exercise_browse(request, kind):
    """/exercises/equipment/ and friends: every item of one vocabulary, with counts."""
    if kind == "level":
        items = selectors.difficulty_with_counts()
        title = "Exercises by difficulty"
    else:
        model, _ = LISTINGS[kind]
        items = selectors.vocabulary_with_counts(model)
        title = f"Exercises by {model._meta.verbose_name}"
    return render(
        request,
        "exercises/browse.html",
        {"items": items, "kind": kind, "title": title, "url_name": f"exercises:{kind}"},
    )


@visitor_page
def exercise_detail(request, slug):
    exercise = selectors.exercise_detail(slug=slug, user=request.user)
    related_links = [
        (f"More {exercise.body_part.name} Exercises", exercise.body_part.get_absolute_url()),
        (f"More {exercise.equipment.name} Exercises", exercise.equipment.get_absolute_url()),
        *(
            (f"More {muscle.name} Exercises", muscle.get_absolute_url())
            for muscle in exercise.target_muscles
        ),
    ]
    targets, secondaries = exercise.target_muscles, exercise.secondary_muscles
    map_label = f"Muscles worked by the {exercise.name}: target " + ", ".join(
        muscle.name.lower() for muscle in targets
    )
    if secondaries:
        map_label += "; secondary " + ", ".join(muscle.name.lower() for muscle in secondaries)
    context = {
        "exercise": exercise,
        "target_slugs": [muscle.slug for muscle in targets],
        "secondary_slugs": [muscle.slug for muscle in secondaries],
        "map_label": map_label,
        "similar": selectors.exercise_similar(exercise=exercise),
        "related_links": related_links,
        "json_ld": exercise_json_ld(request, exercise),
    }
    return render(request, "exercises/exercise_detail.html", context)
