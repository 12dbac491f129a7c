from django.urls import path

from plans import views

app_name = "plans"

# Mounted at the site root: members' pages live under /plans/, and the player for a single
# exercise sits beside the exercise page it belongs to.
urlpatterns = [
    path("exercise/<slug:slug>/play/", views.exercise_play, name="exercise-play"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/delete/", views.plan_delete, name="plan-delete"),
    path("plans/<int:pk>/copy/", views.plan_copy, name="plan-copy"),
    path("plans/<int:pk>/share/", views.plan_share, name="plan-share"),
    path("plans/<int:pk>/print/", views.plan_print, name="plan-print"),
    path("plans/<int:pk>/days/add/", views.day_add, name="day-add"),
    path("plans/<int:pk>/play/", views.plan_play, name="plan-play"),
    path("plans/days/<int:pk>/play/", views.day_play, name="day-play"),
    path("plans/days/<int:pk>/log/", views.session_log, name="session-log"),
    path("plans/history/", views.history_page, name="history"),
    path("plans/history/<slug:slug>/", views.exercise_history, name="exercise-history"),
    path("plans/sessions/<uuid:pk>/", views.session_detail, name="session-detail"),
    path("plans/sessions/<uuid:pk>/delete/", views.session_delete, name="session-delete"),
    path("plans/export/", views.data_export, name="data-export"),
    path("plans/days/<int:pk>/edit/", views.day_edit, name="day-edit"),
    path("plans/days/<int:pk>/delete/", views.day_delete, name="day-delete"),
    path("plans/items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("plans/items/<int:pk>/move/", views.item_move, name="item-move"),
    path("plans/items/<int:pk>/delete/", views.item_delete, name="item-delete"),
    path("plans/save/<slug:slug>/", views.save_exercise, name="save-exercise"),
    path("plans/shared/<str:token>/", views.plan_shared, name="plan-shared"),
    path("plans/shared/<str:token>/copy/", views.plan_shared_copy, name="plan-shared-copy"),
    # Generator and routines
    path("plans/generate/", views.plan_generator, name="generate"),
    path("plans/generate/play/", views.generated_play, name="generate-play"),
    path("plans/generate/save/", views.generated_save, name="generate-save"),
    path("plans/<int:pk>/calendar/", views.plan_calendar, name="plan-calendar"),
    path(
        "plans/shared/<str:token>/calendar/",
        views.plan_shared_calendar,
        name="plan-shared-calendar",
    ),
    path("routines/", views.routine_list, name="routine-list"),
    path("routines/<slug:slug>/", views.routine_detail, name="routine-detail"),
    path("routines/<slug:slug>/play/", views.routine_play, name="routine-play"),
    path("routines/<slug:slug>/copy/", views.routine_copy, name="routine-copy"),
    path("routines/<slug:slug>/calendar/", views.routine_calendar, name="routine-calendar"),
]
