"""What the player shows of each exercise: its main picture, else its muscle map."""

from django import template

register = template.Library()


@register.inclusion_tag("plans/_player_media.html")
def player_media(exercise):
    """Reads prefetched images and muscle links (see plans.selectors): no queries of its own."""
    targets, secondaries = exercise.target_muscles, exercise.secondary_muscles
    label = f"Muscles worked by the {exercise.name}"
    if targets:
        label += ": target " + ", ".join(muscle.name.lower() for muscle in targets)
    if secondaries:
        label += "; secondary " + ", ".join(muscle.name.lower() for muscle in secondaries)
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
