from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("<int:pk>/delete/", views.plan_delete, name="plan-delete"),
    path("<int:pk>/copy/", views.plan_copy, name="plan-copy"),
    path("<int:pk>/share/", views.plan_share, name="plan-share"),
    path("<int:pk>/print/", views.plan_print, name="plan-print"),
    path("<int:pk>/days/add/", views.day_add, name="day-add"),
    path("days/<int:pk>/edit/", views.day_edit, name="day-edit"),
    path("days/<int:pk>/delete/", views.day_delete, name="day-delete"),
    path("items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("items/<int:pk>/move/", views.item_move, name="item-move"),
    path("items/<int:pk>/delete/", views.item_delete, name="item-delete"),
    path("save/<slug:slug>/", views.save_exercise, name="save-exercise"),
    path("shared/<str:token>/", views.plan_shared, name="plan-shared"),
    path("shared/<str:token>/copy/", views.plan_shared_copy, name="plan-shared-copy"),
]
