from django.urls import path
from rest_framework.routers import DefaultRouter

from plans.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("plans", views.PlanViewSet, basename="plan")
router.register("plan-days", views.PlanDayViewSet, basename="plan-day")
router.register("plan-items", views.PlanItemViewSet, basename="plan-item")
router.register("sessions", views.WorkoutSessionViewSet, basename="session")
router.register("saved-exercises", views.SavedExerciseViewSet, basename="saved-exercise")
router.register("goals", views.GoalViewSet, basename="goal")
router.register("routines", views.RoutineViewSet, basename="routine")

urlpatterns = [
    *router.urls,
    path("account/export/", views.MemberExportView.as_view(), name="account-export"),
]
