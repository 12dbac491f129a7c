"""What the player shows of each exercise: its main picture, else its muscle map."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.inclusion_tag("plans/_player_media.html")
def player_media(exercise):
    """Reads prefetched images and muscle links (see plans.selectors): no queries of its own."""
    targets, secondaries = exercise.target_muscles, exercise.secondary_muscles
    if targets:
        label = _("Muscles worked by the %(name)s: target %(muscles)s") % {
            "name": exercise.name,
            "muscles": ", ".join(muscle.name.lower() for muscle in targets),
        }
    else:
        label = _("Muscles worked by the %(name)s") % {"name": exercise.name}
    if secondaries:
        label += _("; secondary %(muscles)s") % {
            "muscles": ", ".join(muscle.name.lower() for muscle in secondaries)
        }
    return {
        "exercise": exercise,
        "image": exercise.main_image,
        "target_slugs": [muscle.slug for muscle in targets],
        "secondary_slugs": [muscle.slug for muscle in secondaries],
        "map_label": label,
    }


@register.filter
def item_at(sequence, index):
    """sequence[index] in a template (the player's exercises run parallel to its data)."""
    return sequence[index]
