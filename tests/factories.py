import uuid
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from exercises.models import (
    BodyPart,
    Category,
    Difficulty,
    Equipment,
    Exercise,
    ExerciseFAQ,
    ExerciseImage,
    ExerciseMistake,
    ExerciseMuscle,
    ExerciseStep,
    ExerciseTip,
    Muscle,
    Status,
)
from forge.models import User
from plans.models import SessionEntry, WorkoutSession
from plans.services.sessions import EntryInput, session_log

# The areas one can avoid, as the data migration seeds them (joints and regions, then the
# body-part areas).
AREA_SLUGS = (
    "knees",
    "lower-back",
    "neck",
    "shoulders",
    "wrists",
    "elbows",
    "hips",
    "ankles",
    "legs",
    "back",
    "chest",
    "arms",
    "core",
)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def _vocabulary(model, slug):
    # The vocabulary is seeded by a data migration, so factories look items up by slug.
    return factory.LazyFunction(lambda: model.objects.get(slug=slug))


class ExerciseFactory(factory.django.DjangoModelFactory[Exercise]):
    class Meta:
        model = Exercise
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test Exercise {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    summary = "A short, clear description of the exercise."
    body_part = _vocabulary(BodyPart, "legs")
    equipment = _vocabulary(Equipment, "body-weight")
    category = _vocabulary(Category, "strength")
    difficulty = Difficulty.BEGINNER
    status = Status.PUBLISHED
    # Forge's own pages, as its editors write them: checked, and starting on one's feet.
    reviewed = True
    start_position = "standing"
    source = "forge"
    source_id = factory.LazyAttribute(lambda o: o.slug)

    @factory.post_generation
    def target(obj, create, extracted, **kwargs):
        """ExerciseFactory(target=["glutes"], secondary=["hamstrings"])"""
        for slug in extracted or []:
            ExerciseMuscle.objects.create(
                exercise=obj, muscle=Muscle.objects.get(slug=slug), role=ExerciseMuscle.Role.TARGET
            )

    @factory.post_generation
    def secondary(obj, create, extracted, **kwargs):
        for slug in extracted or []:
            ExerciseMuscle.objects.create(
                exercise=obj,
                muscle=Muscle.objects.get(slug=slug),
                role=ExerciseMuscle.Role.SECONDARY,
            )

    class Params:
        stretch = factory.Trait(
            category=_vocabulary(Category, "stretching"),
            hold_seconds=30,
            hold_seconds_min=20,
            hold_seconds_max=60,
            per_side=True,
            reps_per_side=1,
        )


def complete_exercise(**kwargs) -> Exercise:
    """An exercise with every seed-page section written (4 steps, 3 tips, 3 mistakes, 4 FAQ)."""
    kwargs.setdefault("target", ["glutes"])
    kwargs.setdefault("secondary", ["hamstrings"])
    exercise = ExerciseFactory.create(**kwargs)
    for i in range(1, 5):
        ExerciseStep.objects.create(exercise=exercise, position=i, text=f"Step {i}.")
        ExerciseFAQ.objects.create(
            exercise=exercise, position=i, question=f"Question {i}?", answer=f"Answer {i}."
        )
    for i in range(1, 4):
        ExerciseTip.objects.create(exercise=exercise, position=i, text=f"Tip {i}.")
        ExerciseMistake.objects.create(exercise=exercise, position=i, text=f"Mistake {i}.")
    return exercise


class WorkoutSessionFactory(factory.django.DjangoModelFactory[WorkoutSession]):
    """A logged session, stored through plans.services.sessions.session_log (which gives its
    title).

    WorkoutSessionFactory(owner=member, started_at=..., entries=[EntryInput(exercise, ...)]);
    without entries, one 30 s hold of a new stretch.
    """

    class Meta:
        model = WorkoutSession

    id = factory.LazyFunction(uuid.uuid4)
    owner = factory.SubFactory(UserFactory)
    plan_day = None
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    ended_at = factory.LazyAttribute(lambda o: o.started_at + timedelta(minutes=10))
    entries = factory.LazyFunction(
        lambda: [EntryInput(exercise=ExerciseFactory.create(stretch=True), hold_seconds=30)]
    )

    @classmethod
    def _create(cls, model_class, *, id, entries, **kwargs):
        session, _ = session_log(session_id=id, entries=list(entries), **kwargs)
        return session


class SessionEntryFactory(factory.django.DjangoModelFactory[SessionEntry]):
    """One more entry in a session, after the ones it has."""

    class Meta:
        model = SessionEntry

    session = factory.SubFactory(WorkoutSessionFactory)
    position = factory.LazyAttribute(lambda o: o.session.entries.count() + 1)
    exercise = factory.SubFactory(ExerciseFactory, stretch=True)
    side = SessionEntry.Side.BOTH
    hold_seconds = 30


def bulk_catalogue(size: int, *, featured: int = 8, pictures: bool = False) -> list[Exercise]:
    """`size` published exercises in a handful of queries (1,000 in well under a second):
    glutes as target, hamstrings as secondary, search text filled in; with `pictures`, a
    start and an end picture each, with renditions recorded (the files are not written:
    pages only name them)."""
    from exercises.services import exercises_refresh_search_text

    body_part = BodyPart.objects.get(slug="legs")
    equipment = Equipment.objects.get(slug="body-weight")
    category = Category.objects.get(slug="strength")
    exercises = Exercise.objects.bulk_create(
        ExerciseFactory.build(
            name=f"Exercise {i:04}",
            body_part=body_part,
            equipment=equipment,
            category=category,
            is_featured=i < featured,
        )
        for i in range(size)
    )
    exercises = list(Exercise.objects.filter(name__startswith="Exercise ").order_by("name"))
    glutes, hamstrings = Muscle.objects.get(slug="glutes"), Muscle.objects.get(slug="hamstrings")
    ExerciseMuscle.objects.bulk_create(
        link
        for exercise in exercises
        for link in (
            ExerciseMuscle(exercise=exercise, muscle=glutes, role=ExerciseMuscle.Role.TARGET),
            ExerciseMuscle(
                exercise=exercise, muscle=hamstrings, role=ExerciseMuscle.Role.SECONDARY
            ),
        )
    )
    if pictures:
        ExerciseImage.objects.bulk_create(
            ExerciseImage(
                exercise=exercise,
                image=f"exercises/{exercise.slug}/{position}.jpg",
                alt_text=f"{exercise.name}, {role} position",
                role=role,
                is_main=position == 0,
                position=position,
                width=640,
                height=427,
                renditions={
                    label: {
                        "width": width,
                        "height": width * 2 // 3,
                        "webp": f"renditions/{exercise.slug}-{position}-{label}.webp",
                        "jpeg": f"renditions/{exercise.slug}-{position}-{label}.jpg",
                    }
                    for label, width in (("thumb", 320), ("card", 480), ("full", 640))
                },
            )
            for exercise in exercises
            for position, role in enumerate(("start", "end"))
        )
    exercises_refresh_search_text(exercises=Exercise.objects.all())
    return exercises
