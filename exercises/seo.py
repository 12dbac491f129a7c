"""Structured data (schema.org JSON-LD) for exercise pages."""

from django.conf import settings
from django.urls import reverse


def _absolute(path: str) -> str:
    """An address on SITE_URL (the public address), not on whatever host was asked."""
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL}{path}"


def exercise_json_ld(request, exercise) -> list[dict]:
    url = _absolute(exercise.get_absolute_url())
    how_to = {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": f"How to do the {exercise.name}",
        "description": exercise.summary,
        "url": url,
        "step": [
            {"@type": "HowToStep", "position": i, "text": step.text}
            for i, step in enumerate(exercise.steps.all(), 1)
        ],
    }
    # totalTime is added by the template from the player's timeline (plans.timeline), the
    # one source of every duration; the catalogue app does not import plans.
    main_image = exercise.main_image
    if main_image:
        full = main_image.sources["full"]
        how_to["image"] = {
            "@type": "ImageObject",
            "url": _absolute(full.jpeg),
            **({"width": full.width, "height": full.height} if full.width else {}),
            "caption": main_image.alt_text,
        }
    data = [how_to]
    faqs = list(exercise.faqs.all())
    if faqs:
        data.append(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": faq.question,
                        "acceptedAnswer": {"@type": "Answer", "text": faq.answer},
                    }
                    for faq in faqs
                ],
            }
        )
    crumbs = [
        ("Home", reverse("home")),
        ("Exercises", reverse("exercises:exercise-list")),
        (exercise.body_part.name, exercise.body_part.get_absolute_url()),
        (exercise.name, exercise.get_absolute_url()),
    ]
    data.append(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": i,
                    "name": name,
                    "item": _absolute(path),
                }
                for i, (name, path) in enumerate(crumbs, 1)
            ],
        }
    )
    return data
