"""Structured data (schema.org JSON-LD) for exercise pages."""

from django.conf import settings

from exercises.models import PictureSource


def _absolute(path: str) -> str:
    """An address on SITE_URL (the public address), not on whatever host was asked."""
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL}{path}"


def exercise_json_ld(
    *,
    url: str,
    name: str,
    summary: str,
    steps: list[str],
    image: tuple[PictureSource, str] | None,
    faqs: list[tuple[str, str]],
    crumbs: list[tuple[str, str]],
) -> list[dict]:
    """An exercise page's HowTo (its steps and main picture, as (full rendition, alt text)),
    its FAQ and its breadcrumbs ((name, path) pairs), from plain values (exercises.detail)."""
    how_to: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": f"How to do the {name}",
        "description": summary,
        "url": _absolute(url),
        "step": [
            {"@type": "HowToStep", "position": i, "text": text} for i, text in enumerate(steps, 1)
        ],
    }
    # totalTime is added by the template from the player's timeline (plans.timeline), the
    # one source of every duration; the catalogue app does not import plans.
    if image is not None:
        full, alt_text = image
        how_to["image"] = {
            "@type": "ImageObject",
            "url": _absolute(full.jpeg),
            **({"width": full.width, "height": full.height} if full.width else {}),
            "caption": alt_text,
        }
    data = [how_to]
    if faqs:
        data.append(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": question,
                        "acceptedAnswer": {"@type": "Answer", "text": answer},
                    }
                    for question, answer in faqs
                ],
            }
        )
    data.append(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": i,
                    "name": crumb,
                    "item": _absolute(path),
                }
                for i, (crumb, path) in enumerate(crumbs, 1)
            ],
        }
    )
    return data
