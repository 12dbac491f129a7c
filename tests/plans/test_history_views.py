"""The history pages: /plans/history/ and /plans/history/<slug>/."""

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.models import ExerciseVariation, Status
from plans.models import SessionEntry, WorkoutSession
from plans.services.sessions import EntryInput
from tests.factories import ExerciseFactory, WorkoutSessionFactory

pytestmark = pytest.mark.django_db

HISTORY = reverse("plans:history")


def local_noon(days_ago: int) -> datetime:
    """Noon, `days_ago` days before today in the site's time zone (never more than 12 h ahead)."""
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(12)))


def log(owner, days_ago, *entries, minutes=10):
    started = local_noon(days_ago)
    return WorkoutSessionFactory(
        owner=owner,
        started_at=started,
        ended_at=started + timedelta(minutes=minutes),
        entries=list(entries),
    )


def hold(exercise, side, seconds, **extra):
    return EntryInput(exercise=exercise, side=side, hold_seconds=seconds, **extra)


def exercise_url(exercise):
    return reverse("plans:exercise-history", args=[exercise.slug])


# --- Who sees what -----------------------------------------------------------------------


@pytest.mark.parametrize("url", [HISTORY, "/plans/history/lying-glutes-stretch/"])
def test_a_visitor_is_sent_to_log_in(visitor, stretch, url):
    response = visitor.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_another_members_sessions_never_appear(member, other_member, member_client, stretch):
    pigeon = ExerciseFactory(name="Pigeon Pose", stretch=True)
    log(member, 1, hold(stretch, "left", 30))
    log(other_member, 0, hold(pigeon, "both", 45))

    page = member_client.get(HISTORY)
    assert page.status_code == 200
    mine = WorkoutSession.objects.get(owner=member)
    assert [row.pk for row in page.context["history"].sessions] == [mine.pk]
    assert "Lying Glutes Stretch" in page.content.decode()
    assert "Pigeon Pose" not in page.content.decode()

    other = member_client.get(exercise_url(pigeon))
    assert other.status_code == 200
    assert "No sessions with Pigeon Pose yet." in other.content.decode()
    assert WorkoutSession.objects.filter(owner=other_member).count() == 1
    assert SessionEntry.objects.filter(exercise=pigeon).count() == 1


def test_unknown_or_unpublished_exercise_is_404(member_client, member):
    draft = ExerciseFactory(name="Draft Stretch", stretch=True, status=Status.DRAFT)
    log(member, 1, hold(draft, "both", 30))  # logged while it was published
    assert member_client.get("/plans/history/no-such-exercise/").status_code == 404
    assert member_client.get(exercise_url(draft)).status_code == 404


# --- The history page --------------------------------------------------------------------


@pytest.mark.parametrize("month", [None, "this"])
def test_a_member_without_sessions_sees_how_to_start(
    member_client, other_member, django_assert_num_queries, month
):
    WorkoutSessionFactory(owner=other_member)  # someone else's history is not theirs
    params = {"month": f"{timezone.localdate():%Y-%m}"} if month else {}
    # 1 session, 2 user, 3 the streaks and first day trained: none, so nothing more is read.
    with django_assert_num_queries(3):
        response = member_client.get(HISTORY, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "No sessions logged yet." in html
    assert 'class="calendar"' not in html
    page = response.context["history"]
    assert (page.sessions, page.exercises, page.exercise_count) == ([], [], 0)
    assert (page.has_sessions, page.more_sessions, page.month_chosen) == (False, False, bool(month))
    assert (page.streaks.current, page.streaks.longest) == (0, 0)


def test_the_page_shows_streaks_minutes_calendar_and_recent_sessions(
    member, member_client, stretch
):
    for days_ago in (0, 1, 2, 5):
        log(member, days_ago, hold(stretch, "left", 30), hold(stretch, "right", 25), minutes=12)

    response = member_client.get(HISTORY)
    page = response.context["history"]
    assert (page.streaks.current, page.streaks.longest) == (3, 3)
    today = timezone.localdate()
    in_week = sum(
        1 for d in (0, 1, 2, 5) if today - timedelta(d) >= today - timedelta(today.weekday())
    )
    in_month = sum(1 for d in (0, 1, 2, 5) if (today - timedelta(d)).month == today.month)
    assert (page.totals.week_minutes, page.totals.month_minutes) == (12 * in_week, 12 * in_month)
    assert [row.started_at for row in page.sessions] == [local_noon(d) for d in (0, 1, 2, 5)]
    html = response.content.decode()
    assert "<div><dt>Current streak</dt><dd>3 days</dd></div>" in html
    assert f"<div><dt>This week</dt><dd>{12 * in_week} min</dd></div>" in html
    # Today is marked in words as well as by its outline, and as trained (dot plus words).
    assert '<span class="visually-hidden">, trained: 1 session</span>' in html
    assert '<span class="visually-hidden"> (today)</span>' in html
    assert html.count('aria-current="date"') == 1
    first = WorkoutSession.objects.get(pk=page.sessions[0].pk)
    assert f'href="{first.get_absolute_url()}"' in html
    assert f'href="{exercise_url(stretch)}"' in html
    assert "12 min · 1 exercise" in html
    assert "most recent" not in html  # fewer than 20: nothing is left out


def test_the_recent_list_stops_at_twenty_and_points_to_older_months(member, member_client, stretch):
    for days_ago in range(21):
        log(member, days_ago, hold(stretch, "both", 30))
    page = member_client.get(HISTORY)
    assert len(page.context["history"].sessions) == 20
    assert page.context["history"].more_sessions is True
    assert "The 20 most recent. For older sessions, go back a month in the calendar." in (
        page.content.decode()
    )


def test_a_chosen_month_lists_all_its_sessions_and_links_its_neighbours(
    member, member_client, stretch
):
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    older = log(member, (timezone.localdate() - last_month).days, hold(stretch, "both", 30))
    log(member, 0, hold(stretch, "both", 40))

    response = member_client.get(HISTORY, {"month": f"{last_month:%Y-%m}"})
    assert response.status_code == 200
    page = response.context["history"]
    assert [row.pk for row in page.sessions] == [older.pk]
    assert page.calendar.month == last_month
    assert (page.calendar.previous, page.calendar.next) == (None, this_month)
    html = response.content.decode()
    assert f'id="day-{last_month:%Y-%m-%d}"' in html
    assert f'href="?month={this_month:%Y-%m}" rel="next"' in html
    assert 'rel="prev"' not in html

    current = member_client.get(HISTORY).context["history"].calendar
    assert (current.previous, current.next) == (last_month, None)


@pytest.mark.parametrize("month", ["", "2026-13", "abc", "2026-1", "9999-12", "0001-01", "1969-12"])
def test_a_malformed_or_future_month_is_404(member_client, member, stretch, month):
    log(member, 0, hold(stretch, "both", 30))
    assert member_client.get(HISTORY, {"month": month}).status_code == 404


# --- One exercise ------------------------------------------------------------------------


def test_an_exercise_never_logged_shows_an_empty_state_with_follow_along(member_client, stretch):
    response = member_client.get(exercise_url(stretch))
    assert response.status_code == 200
    html = response.content.decode()
    assert "No sessions with Lying Glutes Stretch yet." in html
    play = reverse("plans:exercise-play", args=[stretch.slug])
    assert f'href="{play}">Follow along with Lying Glutes Stretch</a>' in html
    assert '<svg class="chart"' not in html


def test_the_exercise_page_charts_both_sides_and_notes_an_imbalance(member, member_client, stretch):
    # The left side lags by at least 20 % in each of the last three sessions.
    for days_ago, left, right in [(3, 30, 30), (2, 20, 30), (1, 24, 30), (0, 22, 30)]:
        log(member, days_ago, hold(stretch, "left", left, rating=6), hold(stretch, "right", right))

    response = member_client.get(exercise_url(stretch))
    page = response.context["history"]
    assert [(v.left, v.right) for v in page.values] == [(30, 30), (20, 30), (24, 30), (22, 30)]
    assert page.chart.keys == ["left", "right"]
    assert page.imbalance.side == "left"
    assert page.progression is None
    html = response.content.decode()
    # Drawn twice (wide and, for phones, narrow); CSS shows one.
    assert 'role="img" aria-labelledby="chart-title-wide chart-desc-wide"' in html
    assert 'role="img" aria-labelledby="chart-title-narrow chart-desc-narrow"' in html
    assert page.chart.series[0].polyline in html
    assert page.narrow_chart.series[0].polyline in html
    assert f'<desc id="chart-desc-wide">{page.chart.description}</desc>' in html
    assert (
        "Your left side has lagged behind: in each of your last three sessions that logged both "
        "sides, it held at least 20 % less time than your right side (on average 22 s against "
        "30 s)."
    ) in html
    assert "<summary>The chart’s values as a table</summary>" in html
    assert "6/10" in html


def test_three_sessions_at_the_top_suggest_the_published_harder_variation(
    member, member_client, stretch
):
    draft = ExerciseFactory(name="A Draft Harder", stretch=True, status=Status.DRAFT)
    harder = ExerciseFactory(name="Figure-Four Stretch", stretch=True)
    for variation in (draft, harder):
        ExerciseVariation.objects.create(
            exercise=stretch, variation=variation, kind=ExerciseVariation.Kind.HARDER
        )
    for days_ago in (2, 1, 0):
        log(member, days_ago, hold(stretch, "left", 60), hold(stretch, "right", 65))

    response = member_client.get(exercise_url(stretch))
    assert response.context["history"].progression.harder == harder
    html = response.content.decode()
    assert "You could move on to a harder variation: Figure-Four Stretch." in html
    assert f'<a href="{harder.get_absolute_url()}">See Figure-Four Stretch</a>' in html


def test_without_a_harder_variation_the_page_suggests_a_longer_hold(member, member_client, stretch):
    for days_ago in (2, 1, 0):
        log(member, days_ago, hold(stretch, "both", 60))
    html = member_client.get(exercise_url(stretch)).content.decode()
    assert "You could try holding it a little longer, up to 75 s." in html


# --- Query counts ------------------------------------------------------------------------


@pytest.fixture
def many_sessions(member, stretch):
    """A factory of histories: n sessions, one a day back from today, each with two exercises
    (the stretch on both sides, a reps exercise) — and another member's session beside them."""
    squat = ExerciseFactory(name="Air Squat")
    other = WorkoutSessionFactory(owner__email="someone@example.org")

    def make(n):
        for days_ago in range(n):
            log(
                member,
                days_ago,
                hold(stretch, "left", 30 + days_ago % 7),
                hold(stretch, "right", 25 + days_ago % 5),
                EntryInput(exercise=squat, reps=10),
            )
        return other

    return make


def history_queries(client, django_assert_num_queries, url, **params):
    # 1 session, 2 user, 3 the streaks and first day trained (counted in the database, the
    # days themselves not read), 4 one plain query (UNION ALL): the recent sessions (or the
    # month's), their entries with exercises, and the start and end of the sessions on the
    # calendar's, this week's and this month's days, 5 the exercises most recently logged,
    # and how many in all.
    with django_assert_num_queries(5):
        response = client.get(url, params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("count", [3, 300])
def test_the_history_page_runs_five_queries_at_3_and_300_sessions(
    member_client, many_sessions, django_assert_num_queries, count
):
    many_sessions(count)
    response = history_queries(member_client, django_assert_num_queries, HISTORY)
    page = response.context["history"]
    assert len(page.sessions) == min(count, 20)
    assert page.streaks.longest == count
    month = f"{timezone.localdate():%Y-%m}"
    response = history_queries(member_client, django_assert_num_queries, HISTORY, month=month)
    assert len(response.context["history"].sessions) == min(count, timezone.localdate().day)


@pytest.mark.parametrize("count", [3, 300])
def test_the_exercise_page_runs_six_queries_at_3_and_300_sessions(
    member_client, many_sessions, stretch, django_assert_num_queries, count
):
    many_sessions(count)
    # 1 session, 2 user, 3 the exercise, 4 its published harder variations, 5 the member's
    # sessions with it (the newest 51), 6 their entries for it.
    with django_assert_num_queries(6):
        response = member_client.get(exercise_url(stretch))
    assert response.status_code == 200
    page = response.context["history"]
    assert len(page.values) == min(count, 50)
    assert page.limited is (count > 50)


def test_the_exercise_list_names_links_and_counts_each_logged_exercise(
    member, member_client, stretch
):
    retired = ExerciseFactory(name="Retired Reach", stretch=True)
    log(member, 3, hold(stretch, "left", 30), hold(stretch, "right", 30))
    log(member, 1, hold(stretch, "both", 40), hold(retired, "both", 20))
    retired.status = Status.DRAFT
    retired.save()

    response = member_client.get(HISTORY)

    rows = [
        (e.name, e.is_published, e.history_url, e.session_count, e.last_done.date())
        for e in response.context["history"].exercises
    ]
    # Last done the same day: by name.
    assert rows == [
        (stretch.name, True, exercise_url(stretch), 2, local_noon(1).date()),
        (retired.name, False, exercise_url(retired), 1, local_noon(1).date()),
    ]
    body = response.content.decode()
    assert f'<a href="{exercise_url(stretch)}">{stretch.name}</a>' in body
    assert f'<a href="{exercise_url(retired)}">' not in body
    assert f"<span>{retired.name}</span>" in body
    newest = response.context["history"].sessions[0]
    assert [e.name for e in newest.exercises] == [stretch.name, retired.name]


HISTORY_EXERCISES = reverse("plans:history-exercises")


def test_the_history_page_lists_the_20_exercises_most_recently_done_and_links_to_all(
    member, other_member, member_client, django_assert_num_queries
):
    exercises = [ExerciseFactory(name=f"Move {n:02d}", stretch=True) for n in range(23)]
    for days_ago, exercise in enumerate(exercises):
        log(member, days_ago, hold(exercise, "both", 30))
    log(other_member, 0, hold(ExerciseFactory(name="Not Mine", stretch=True), "both", 30))

    # The five queries of history_queries: the exercises' query counts them all too.
    with django_assert_num_queries(5):
        response = member_client.get(HISTORY)
    page = response.context["history"]
    assert [e.name for e in page.exercises] == [e.name for e in exercises[:20]]
    assert page.exercise_count == 23
    assert f'<a href="{HISTORY_EXERCISES}">All 23 exercises</a>' in response.content.decode()

    # 1 session, 2 user, 3 every exercise logged with its sessions and last day.
    with django_assert_num_queries(3):
        full = member_client.get(HISTORY_EXERCISES)
    assert full.status_code == 200
    assert [e.name for e in full.context["exercises"]] == [e.name for e in exercises]
    body = full.content.decode()
    # The same rows as the history page's, and the way back to it.
    first = body.index('<ul class="exercise-log-list">')
    assert body[first : body.index("</li>", first)] in response.content.decode()
    assert f'<a href="{HISTORY}">History</a>' in body
    assert "Not Mine" not in body


def test_with_20_exercises_or_fewer_the_history_page_has_no_link_to_all(member, member_client):
    for days_ago in range(20):
        log(member, days_ago, hold(ExerciseFactory(stretch=True), "both", 30))
    response = member_client.get(HISTORY)
    assert response.context["history"].exercise_count == 20
    assert HISTORY_EXERCISES not in response.content.decode()


def test_a_visitor_asking_for_the_exercise_list_is_sent_to_log_in(visitor):
    response = visitor.get(HISTORY_EXERCISES)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={HISTORY_EXERCISES}"


def test_the_exercise_list_without_sessions_says_so(member_client, django_assert_num_queries):
    # 1 session, 2 user, 3 the exercises logged (none).
    with django_assert_num_queries(3):
        response = member_client.get(HISTORY_EXERCISES)
    assert response.status_code == 200
    assert "No sessions logged yet." in response.content.decode()


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_the_hand_built_lines_say_what_the_template_said(member, member_client, stretch, language):
    """The list's lines, the sessions' links and their exercise counts are built with the
    rows (selectors.session_history); each is what the page's blocktranslate and
    get_absolute_url gave: the same msgids, plurals, escaping and session links."""
    from django.template import Context, Template
    from django.utils import translation

    odd = ExerciseFactory(name="Reach <&> Twist", stretch=True)
    log(member, 2, hold(stretch, "left", 30))
    log(member, 1, hold(stretch, "both", 40), hold(odd, "both", 20))
    with translation.override(language):
        url = reverse("plans:history")
    response = member_client.get(url)
    page = response.context["history"]
    with translation.override(language):
        line = Template(
            "{% load i18n %}{% blocktranslate count counter=e.session_count with "
            "last=e.last_done_label %}{{ counter }} session · last on {{ last }}{% plural %}"
            "{{ counter }} sessions · last on {{ last }}{% endblocktranslate %}"
        )
        count = Template(
            "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} exercise"
            "{% plural %}{{ counter }} exercises{% endblocktranslate %}"
        )
        assert [e.summary for e in page.exercises] == [
            line.render(Context({"e": e})) for e in page.exercises
        ]
        assert [e.session_count for e in page.exercises] == [2, 1]
        for row in page.sessions:
            session = WorkoutSession.objects.get(pk=row.pk)
            assert row.url == session.get_absolute_url()
            assert (row.title, row.started_at) == (session.title, session.started_at)
            assert row.duration_seconds == session.duration_seconds
            assert row.exercises_label == count.render(Context({"n": len(row.exercises)}))
    body = response.content.decode()
    assert "Reach &lt;&amp;&gt; Twist" in body and "<&>" not in body


# --- The days trained, counted in the database --------------------------------------------


@pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
@pytest.mark.parametrize("seed", range(8))
def test_streaks_counted_in_the_database_follow_the_rule(member, other_member, zone, seed):
    """selectors.session_days_trained (islands of days in SQL) gives what plans.history.streaks
    gives over the same sessions' local days, on random histories with sessions near midnight,
    several a day, days after today, and another member's sessions beside them."""
    import random
    from zoneinfo import ZoneInfo

    from plans import history, selectors

    rng = random.Random(seed)
    with timezone.override(ZoneInfo(zone)):
        today = timezone.localdate()
        sessions, days = [], []
        for _ in range(rng.randint(0, 60)):
            day = today + timedelta(days=rng.randint(-90, 2))
            moment = rng.choice([time(0, 0), time(0, 30), time(12), time(23, 30), time(23, 59)])
            started = timezone.make_aware(datetime.combine(day, moment))
            sessions.append(
                WorkoutSession(owner=member, started_at=started, ended_at=started + timedelta(1))
            )
            days.append(day)
        other = timezone.make_aware(datetime.combine(today, time(12)))
        sessions.append(WorkoutSession(owner=other_member, started_at=other, ended_at=other))
        WorkoutSession.objects.bulk_create(sessions)
        for shift in (-1, 0, 1, 40):
            on = today + timedelta(days=shift)
            trained = selectors.session_days_trained(user=member, today=on)
            assert trained.streaks == history.streaks(days, today=on)
            assert trained.first == min(days, default=None)


def test_a_member_with_no_sessions_has_no_days_trained(member):
    from plans import history, selectors

    trained = selectors.session_days_trained(user=member, today=timezone.localdate())
    assert trained == selectors.DaysTrained(history.Streaks(0, 0), None)


# history.html's loop over the sessions before history_session_rows wrote them in one go.
LOOPS = Path(__file__).parent / "replaced_loops"  # the templates' loops the tags replaced
SESSION_LOOP = "{% load forge_tags %}" + (LOOPS / "history_sessions.html").read_text()


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_the_session_rows_tag_writes_what_the_template_loop_wrote(
    member, member_client, stretch, language
):
    """history_session_rows (plans/templatetags/history_tags.py) gives the loop's markup to the
    character: the day's anchor on its first session only, titles or "Session", durations,
    published exercises linked and others not, every value escaped the same way."""
    from django.template import Context, Template
    from django.utils import translation

    from plans.templatetags.history_tags import history_session_rows

    odd = ExerciseFactory(name="Reach <&> \"Twist\" 'it'", stretch=True)
    hidden = ExerciseFactory(name="Retired <one>", stretch=True)
    log(member, 3, hold(stretch, "left", 30), minutes=95)
    first = log(member, 1, hold(stretch, "both", 40), hold(odd, "both", 20), minutes=1)
    WorkoutSession.objects.filter(pk=first.pk).update(title="Morning <run> & 'more'")
    log(member, 1, hold(hidden, "both", 20), minutes=60)
    hidden.status = Status.DRAFT
    hidden.save()
    with translation.override(language):
        url = reverse("plans:history")
    rows = member_client.get(url).context["history"].sessions
    assert len(rows) == 3
    with translation.override(language):
        label = translation.gettext("Exercises")
        want = Template(SESSION_LOOP).render(
            Context({"history": {"sessions": rows}, "exercises_label": label})
        )
        # After the loop's leading indent, before the newline that follows {% endfor %}.
        assert history_session_rows(rows, label) == want.removeprefix("      ").removesuffix("\n")


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_duration_text_is_what_the_seconds_tag_writes(language):
    from django.template import Context, Template
    from django.utils import translation

    from forge.lib.dates import duration_text

    tag = Template("{% load forge_tags %}{% seconds value %}")
    with translation.override(language):
        for value in (0, 1, 45, 59, 60, 61, 90, 600, 3599, 3600, 5400, 36061):
            assert duration_text(value) == tag.render(Context({"value": value}))


EXERCISE_LOG_LOOP = (LOOPS / "exercise_log.html").read_text()


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_the_exercise_rows_tag_writes_what_the_template_loop_wrote(
    member, member_client, stretch, language
):
    """exercise_log_rows gives _exercise_log_list.html's loop's markup to the character:
    published exercises linked, others not, names and lines escaped the same way."""
    from django.template import Context, Template
    from django.utils import translation

    from plans.templatetags.history_tags import exercise_log_rows

    odd = ExerciseFactory(name="Reach <&> \"Twist\" 'it'", stretch=True)
    hidden = ExerciseFactory(name="Retired <one>", stretch=True)
    log(member, 3, hold(stretch, "left", 30), hold(hidden, "both", 20))
    log(member, 1, hold(stretch, "both", 40), hold(odd, "both", 20))
    hidden.status = Status.DRAFT
    hidden.save()
    with translation.override(language):
        url = reverse("plans:history-exercises")
    exercises = member_client.get(url).context["exercises"]
    assert len(exercises) == 3
    with translation.override(language):
        want = Template(EXERCISE_LOG_LOOP).render(Context({"exercises": exercises}))
        # After the loop's leading indent, before the newline that follows {% endfor %}.
        assert exercise_log_rows(exercises) == want.removeprefix("    ").removesuffix("\n")
