"""The plan page's item rows, written in one go instead of by some thirty template nodes each:
a plan of many items is the page's main cost. The markup is the template's as it was, every
value escaped as {{ }} escapes it (tests compare the two)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_ROW = (
    '\n    <li class="item" id="item-{pk}">\n'
    '      <div class="item-main">\n'
    '        <a class="item-name" href="{url}">{name}</a>\n'
    '        <span class="tag tag-time">{prescription}</span>\n'
    '        <span class="muted small">{rest}</span>\n'
    "        {notes}\n"
    "      </div>\n"
    '      <div class="item-actions">\n'
    '        <form method="post" action="{move_url}" class="inline-form">{csrf}\n'
    '          <button type="submit" name="direction" value="up" class="icon-button"{first}'
    ' aria-label="{move_up}">↑</button>\n'
    '          <button type="submit" name="direction" value="down" class="icon-button"{last}'
    ' aria-label="{move_down}">↓</button>\n'
    "        </form>\n"
    "        {move_day}\n"
    '        <a class="button button-secondary button-small" href="{edit_url}">{edit}'
    '<span class="visually-hidden"> {name}</span></a>\n'
    '        <form method="post" action="{delete_url}" class="inline-form"'
    ' hx-post="{delete_url}" hx-confirm="{remove_question}"'
    ' hx-vals=\'{{"confirm": "yes"}}\'>{csrf}'
    '<button type="submit" class="button button-secondary button-small danger-link">{remove}'
    '<span class="visually-hidden"> {name}</span></button></form>\n'
    "      </div>\n"
    "    </li>\n"
    "    "
)
_MOVE_DAY = (
    '\n        <form method="post" action="{move_url}" class="inline-form move-day">{csrf}\n'
    '          <label for="move-{pk}" class="visually-hidden">{move_day_label}</label>\n'
    '          <select id="move-{pk}" name="day">{options}</select>\n'
    '          <button type="submit" class="button button-secondary button-small">{move}'
    "</button>\n"
    "        </form>\n"
    "        "
)


@register.simple_tag
def plan_item_rows(day, csrf_input, move_label, edit_label, remove_label) -> SafeString:
    """The <li> of each of the day's items (a selectors.PlanDayRow), as plan_detail.html's loop
    over them wrote it."""
    escape = conditional_escape
    csrf, move, edit, remove = (
        escape(v) for v in (csrf_input, move_label, edit_label, remove_label)
    )
    options = "".join(
        f'<option value="{escape(pk)}">{escape(name)}</option>' for pk, name in day.others
    )
    last_index = len(day.items) - 1
    rows = []
    for index, item in enumerate(day.items):
        move_url = escape(item.move_url)
        move_day = (
            _MOVE_DAY.format(
                move_url=move_url,
                csrf=csrf,
                pk=item.pk,
                move_day_label=escape(item.move_day_label),
                options=options,
                move=move,
            )
            if day.others
            else ""
        )
        notes = f'<p class="item-notes">{escape(item.notes)}</p>' if item.notes else ""
        rows.append(
            _ROW.format(
                pk=item.pk,
                url=escape(item.url),
                name=escape(item.name),
                prescription=escape(item.prescription_text),
                rest=escape(item.rest_text),
                notes=notes,
                move_url=move_url,
                csrf=csrf,
                first=" disabled" if index == 0 else "",
                last=" disabled" if index == last_index else "",
                move_up=escape(item.move_up_label),
                move_down=escape(item.move_down_label),
                move_day=move_day,
                edit_url=escape(item.edit_url),
                edit=edit,
                delete_url=escape(item.delete_url),
                remove_question=escape(item.remove_question),
                remove=remove,
            )
        )
    return mark_safe("".join(rows))
