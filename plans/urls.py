from django.urls import path

from plans.views import (
    calendar,
    days_items,
    export,
    generator,
    history,
    offline,
    plans,
    player,
    routines,
    saving,
    sessions,
    sharing,
)

app_name = "plans"

# Mounted at the site root: members' pages live under /plans/, and the player for a single
# exercise sits beside the exercise page it belongs to.
urlpatterns = [
    path("exercise/<slug:slug>/play/", player.exercise_play, name="exercise-play"),
    path("plans/", plans.plan_list, name="plan-list"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/delete/", plans.plan_delete, name="plan-delete"),
    path("plans/<int:pk>/copy/", plans.plan_copy, name="plan-copy"),
    path("plans/<int:pk>/share/", sharing.plan_share, name="plan-share"),
    path("plans/<int:pk>/offline/", offline.plan_offline, name="plan-offline"),
    path("plans/offline.json", offline.offline_bundle, name="offline-bundle"),
    path("plans/<int:pk>/print/", plans.plan_print, name="plan-print"),
    path("plans/<int:pk>/days/add/", days_items.day_add, name="day-add"),
    path("plans/<int:pk>/play/", player.plan_play, name="plan-play"),
    path("plans/days/<int:pk>/play/", player.day_play, name="day-play"),
    path("plans/days/<int:pk>/log/", sessions.session_log, name="session-log"),
    path("plans/history/", history.history_page, name="history"),
    # Before the exercise's page: an exercise slugged "exercises" would be hidden by this one.
    path("plans/history/exercises/", history.history_exercises, name="history-exercises"),
    path("plans/history/<slug:slug>/", history.exercise_history, name="exercise-history"),
    path("plans/sessions/<uuid:pk>/", sessions.session_detail, name="session-detail"),
    path("plans/sessions/<uuid:pk>/delete/", sessions.session_delete, name="session-delete"),
    path("plans/export/", export.data_export, name="data-export"),
    path("plans/days/<int:pk>/edit/", days_items.day_edit, name="day-edit"),
    path("plans/days/<int:pk>/delete/", days_items.day_delete, name="day-delete"),
    path("plans/items/<int:pk>/edit/", days_items.item_edit, name="item-edit"),
    path("plans/items/<int:pk>/move/", days_items.item_move, name="item-move"),
    path("plans/items/<int:pk>/delete/", days_items.item_delete, name="item-delete"),
    path("plans/save/<slug:slug>/", saving.save_exercise, name="save-exercise"),
    path("plans/shared/<str:token>/", sharing.plan_shared, name="plan-shared"),
    path("plans/shared/<str:token>/copy/", sharing.plan_shared_copy, name="plan-shared-copy"),
    # Generator and routines
    path("plans/generate/", generator.plan_generator, name="generate"),
    path("plans/generate/play/", generator.generated_play, name="generate-play"),
    path("plans/generate/save/", generator.generated_save, name="generate-save"),
    path("plans/<int:pk>/calendar/", calendar.plan_calendar, name="plan-calendar"),
    path(
        "plans/shared/<str:token>/calendar/",
        calendar.plan_shared_calendar,
        name="plan-shared-calendar",
    ),
    path("routines/", routines.routine_list, name="routine-list"),
    path("routines/<slug:slug>/", routines.routine_detail, name="routine-detail"),
    path("routines/<slug:slug>/play/", routines.routine_play, name="routine-play"),
    path("routines/<slug:slug>/copy/", routines.routine_copy, name="routine-copy"),
    path("routines/<slug:slug>/calendar/", calendar.routine_calendar, name="routine-calendar"),
]
