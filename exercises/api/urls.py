from rest_framework.routers import DefaultRouter

from exercises.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("exercises", views.ExerciseViewSet, basename="exercise")
router.register("body-parts", views.BodyPartViewSet, basename="body-part")
router.register("equipment", views.EquipmentViewSet, basename="equipment")
router.register("muscles", views.MuscleViewSet, basename="muscle")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("areas", views.AreaViewSet, basename="area")

urlpatterns = router.urls
