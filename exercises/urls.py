from django.urls import path

from exercises import views

app_name = "exercises"

urlpatterns = [
    path("exercise/<slug:slug>/", views.exercise_detail, name="exercise-detail"),
    path("exercises/equipment/<slug:slug>/", views.exercise_list, name="equipment"),
    path("exercises/muscle/<slug:slug>/", views.exercise_list, name="muscle"),
    path("exercises/category/<slug:slug>/", views.exercise_list, name="category"),
    path("exercises/level/<slug:slug>/", views.exercise_list, name="level"),
    path("exercises/<slug:slug>/", views.exercise_list, name="body-part"),
    path("exercises/", views.exercise_list, name="exercise-list"),
]
