from django.urls import path

from exercises import views

app_name = "exercises"

urlpatterns = [
    path("exercise/<slug:slug>/", views.exercise_detail, name="exercise-detail"),
    path("exercises/", views.exercise_list, name="exercise-list"),
]
# Listing pages: /exercises/equipment/machine/, /exercises/muscle/glutes/ … and an index of
# each vocabulary at /exercises/equipment/. Body parts come last and take the bare slug.
for kind in ["equipment", "muscle", "category", "level"]:
    urlpatterns += [
        path(f"exercises/{kind}/", views.exercise_browse, {"kind": kind}, name=f"{kind}-index"),
        path(f"exercises/{kind}/<slug:slug>/", views.exercise_list, {"kind": kind}, name=kind),
    ]
urlpatterns += [
    path("exercises/<slug:slug>/", views.exercise_list, {"kind": "body-part"}, name="body-part"),
]
