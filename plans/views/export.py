"""The member's data export: everything Forge keeps about them, as one download."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse

from plans.api.export import export_filename, member_export


@login_required
def data_export(request):
    """Download everything Forge keeps about the member as one JSON file."""
    data = member_export(user=request.user, request=request)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
    response["Cache-Control"] = "private, no-store"
    return response
