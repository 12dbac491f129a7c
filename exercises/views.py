from functools import partial

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from exercises import selectors
from exercises.api.filters import ExerciseFilterSet
from exercises.cards import exercise_cards_by_id
from exercises.detail import exercise_page
from exercises.filter_panel import filter_panel
from exercises.models import (
    BodyPart,
    Category,
    Difficulty,
    Equipment,
    Exercise,
    Muscle,
    SlugRedirect,
)
from exercises.selectors import catalogue_version
from forge.lib.pagecache import visitor_page

PER_PAGE = 24


class CatalogueCountPaginator(Paginator):
    """A paginator whose total is counted once per catalogue version and filter, not per
    request: counting a filter's matches reads every matching row."""

    def __init__(self, object_list: QuerySet[Exercise], per_page: int, *, count_key: str):
        super().__init__(object_list, per_page)
        self.queryset = object_list  # object_list, typed as the queryset counting needs
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        return selectors.exercise_count(self.count_key, self.queryset)


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
        name, description, param = str(labels[slug]), "", "level"
    else:
        model, param = LISTINGS[kind]
        item = selectors.vocabulary_item(model, slug) if slug is not None else None
        if item is None:
            raise Http404(f"No {model._meta.verbose_name} is called that.")
        name, description = item.name, item.description
    return {"kind": kind, "slug": slug, "name": name, "description": description, "param": param}


def _clean_query(request) -> str | None:
    """The listing's query string without empty parameters and with `q` spelled `search`;
    None when it is already clean."""
    data = request.GET.copy()
    if "q" in data:
        if not data.get("search"):
            data["search"] = data.get("q", "")
        del data["q"]
    if data.get("page") == "1":
        del data["page"]
    for key in list(data):
        values = [v for v in data.getlist(key) if v.strip()]
        if values:
            data.setlist(key, values)
        else:
            del data[key]
    clean = data.urlencode()
    return None if clean == request.GET.urlencode() else clean


@visitor_page(version=catalogue_version, members=True)
def exercise_list(request, slug=None, kind=None):
    try:
        listing = _listing(kind, slug)
    except Http404:
        # /exercises/<exercise-slug>/ is a natural guess at an exercise's address.
        exercise = Exercise.objects.published().filter(slug=slug).only("slug").first()
        if kind == "body-part" and exercise is not None:
            return HttpResponsePermanentRedirect(exercise.get_absolute_url())
        raise
    clean = _clean_query(request)
    if clean is not None and not request.htmx:
        return redirect(f"{request.path}?{clean}" if clean else request.path)
    data = request.GET.copy()
    if listing and not data.get(listing["param"]):
        data[listing["param"]] = listing["slug"]
    filterset = ExerciseFilterSet(data, queryset=selectors.exercise_listing(), request=request)
    valid = filterset.is_valid()
    count_key = "listing?" + "&".join(
        f"{name}={value}"
        for name, values in sorted(data.lists())
        if name not in ("page",)
        for value in values
    )
    # A page reads its exercises' ids and names only: the cards are cached (exercises.cards
    # reads the rows of those that are not).
    page = CatalogueCountPaginator(
        selectors.exercise_listing_rows(filterset.qs if valid else filterset.queryset.none()),
        PER_PAGE,
        count_key=count_key,
    ).get_page(request.GET.get("page"))
    exercises = list(page.object_list)
    context = {
        "listing": listing,
        "filterset": filterset,
        # Drawn only by the full page (an htmx request gets the results alone).
        "filter_panel": partial(filter_panel, filterset.form),
        "search": filterset.search_result,
        "page_numbers": _page_numbers(page),
        "chips": _filter_chips(
            filterset, request.GET, request.path, listing["param"] if listing else None
        )
        if valid
        else [],
        "page_obj": page,
        "exercises": exercises,
        "cards": exercise_cards_by_id(
            [row.pk for row in exercises], user=request.user, eager_first=True
        ),
        "title": _("%(name)s exercises") % {"name": listing["name"]}
        if listing
        else _("All exercises"),
    }
    template = "exercises/_results.html" if request.htmx else "exercises/exercise_list.html"
    response = render(request, template, context, status=200 if valid else 400)
    if request.htmx and clean is not None:
        response["HX-Push-Url"] = f"{request.path}?{clean}" if clean else request.path
    return response


def _page_numbers(page, around: int = 2) -> list[int | None]:
    """First, last and the pages near the current one; None marks a gap."""
    last = page.paginator.num_pages
    wanted = {1, last, *range(page.number - around, page.number + around + 1)}
    numbers: list[int | None] = []
    for number in sorted(n for n in wanted if 1 <= n <= last):
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def _filter_chips(filterset, params, path: str, fixed: str | None) -> list[tuple[str, str]]:
    """One (label, URL without it) per active filter, so each can be removed on its own.
    The filter a listing's URL fixes (the body part of /exercises/legs/) has none."""
    chips = []
    for name, values in filterset.active_filters.items():
        if name == fixed:
            continue
        rest = params.copy()
        for key in (name, "page", "muscle_role" if name == "muscle" else None):
            rest.pop(key, None)
        field = filterset.form.fields[name]
        if name == "search":
            label = f"“{values[0][:60]}”"
        elif values == [True]:  # a checkbox filter: its label says it all
            label = str(field.label)
        else:
            names = dict(getattr(field, "choices", ()))
            label = f"{field.label}: " + ", ".join(str(names.get(v, v)) for v in values)
        query = rest.urlencode()
        chips.append((label, f"{path}?{query}" if query else path))
    return chips


@visitor_page(version=catalogue_version, members=True)
def exercise_browse(request, kind):
    """/exercises/equipment/ and friends: every item of one vocabulary, with counts."""
    if kind == "level":
        items = selectors.difficulty_with_counts()
        title = _("Exercises by difficulty")
    else:
        model, _template = LISTINGS[kind]
        items = selectors.vocabulary_with_counts(model)
        title = _("Exercises by %(kind)s") % {"kind": model._meta.verbose_name}
    return render(
        request,
        "exercises/browse.html",
        {"items": items, "kind": kind, "title": title, "url_name": f"exercises:{kind}"},
    )


@visitor_page(version=catalogue_version, members=True)
def exercise_detail(request, slug):
    # The catalogue part comes as plain rows, cached per catalogue version and language.
    page = exercise_page(slug=slug, user=request.user)
    if page is None:
        # An exercise merged into another (or renamed by an import) keeps its old address.
        moved = SlugRedirect.objects.filter(old_slug=slug).select_related("exercise").first()
        if moved is not None and moved.exercise.is_published:
            return HttpResponsePermanentRedirect(moved.exercise.get_absolute_url())
        raise Http404("No exercise is called that.")
    context = {
        "exercise": page,
        "similar": exercise_cards_by_id(page.similar_ids, user=request.user),
    }
    return render(request, "exercises/exercise_detail.html", context)
