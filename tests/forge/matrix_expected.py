"""What the authorization matrix (test_authorization_matrix.py) expects: every route, found
in the URLconf, with its status per role and method. When you add a route, add its line."""

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("visitor", "member", "other", "editor", "superuser")
HTML_METHODS = ("GET", "POST")
API_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
MEMBER_MARK = "MEMBER-PRIVATE-7f3a"
OTHER_MARK = "OTHER-PRIVATE-91c2"


def _routes() -> dict[str, str]:
    """Every named route (namespace:name) with one of its patterns, from the URLconf."""
    found: dict[str, str] = {}

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                found.setdefault(name, prefix + str(entry.pattern))

    walk(get_resolver().url_patterns, "", None)
    return found


ROUTES = _routes()

# --- Expectations ---------------------------------------------------------------------------
# One entry per URL name: {method: {role: status}}; "_" is every role not named.

LOGIN = 302  # a visitor is sent to the login page


def same(**by_method):
    """Every role gets the same status: same(GET=200, POST=405)."""
    return {method: {"_": status} for method, status in by_method.items()}


def members_only(**by_method):
    """A page of one's own account: visitors go to log in, every signed-in role gets `status`."""
    return {method: {"visitor": LOGIN, "_": status} for method, status in by_method.items()}


def owner_only(**by_method):
    """The member's own object: the owner gets `status`; anyone else signed in gets 404,
    exactly as for a missing object; a visitor is sent to log in. A method the route does
    not take is a 405 for every signed-in role (it is refused before any lookup)."""
    return {
        method: {"visitor": LOGIN, "_": 405}
        if status == 405
        else {"visitor": LOGIN, "member": status, "_": 404}
        for method, status in by_method.items()
    }


def api_owner_only(**by_method):
    """The member's own object over the API: 401 without credentials, 404 for others."""
    return {
        method: {"visitor": 401, "_": 405}
        if status == 405
        else {"visitor": 401, "member": status, "_": 404}
        for method, status in by_method.items()
    }


def api_members(**by_method):
    """A member-scoped API collection: 401 without credentials, the same for every member."""
    return {method: {"visitor": 401, "_": status} for method, status in by_method.items()}


PUBLIC_PAGE = same(GET=200, POST=200)  # catalogue pages take any method and ignore a body
API_READ_ONLY = same(GET=200, POST=405, PUT=405, PATCH=405, DELETE=405)
API_PRIVATE_DETAIL = api_owner_only(GET=200, POST=405, PUT=200, PATCH=200, DELETE=204)


def admin(*, editor=(403, 403), superuser=(200, 200)):
    """An admin page, (GET, POST) for editors and superusers: visitors and members are sent
    to the admin login whatever the method."""
    return {
        method: {"visitor": 302, "member": 302, "other": 302, "editor": e, "superuser": su}
        for method, e, su in zip(HTML_METHODS, editor, superuser, strict=True)
    }


EXPECTED: dict[str, dict] = {
    # Public site
    "home": PUBLIC_PAGE,
    "robots-txt": same(GET=200, POST=405),
    "health": same(GET=200, POST=405),
    "sitemap": PUBLIC_PAGE,
    # Installable and offline (issue 22)
    "service-worker": same(GET=200, POST=405),
    "manifest": same(GET=200, POST=405),
    "offline": same(GET=200, POST=405),
    "exercises:exercise-detail": PUBLIC_PAGE,
    "exercises:exercise-list": PUBLIC_PAGE,
    "exercises:equipment-index": PUBLIC_PAGE,
    "exercises:equipment": PUBLIC_PAGE,
    "exercises:muscle-index": PUBLIC_PAGE,
    "exercises:muscle": PUBLIC_PAGE,
    "exercises:category-index": PUBLIC_PAGE,
    "exercises:category": PUBLIC_PAGE,
    "exercises:level-index": PUBLIC_PAGE,
    "exercises:level": PUBLIC_PAGE,
    "exercises:body-part": PUBLIC_PAGE,
    # Languages (issue 23): the switcher's link, and the interface's JavaScript strings
    "switch-language": same(GET=302, POST=405),
    "javascript-catalog": same(GET=200, POST=405),
    # Accounts
    "signup": {"GET": {"visitor": 200, "_": 302}, "POST": {"visitor": 200, "_": 302}},
    "signup-sent": PUBLIC_PAGE,
    "signup-confirm": same(GET=400, POST=400),  # the URL's token is not a valid one
    "login": {"GET": {"visitor": 200, "_": 302}, "POST": {"visitor": 200, "_": 302}},
    "logout": same(GET=405, POST=302),
    "profile": members_only(GET=200, POST=200),  # an empty POST: the form again
    "account-delete": members_only(GET=200, POST=200),  # POST without the password: the form
    "api-token-create": members_only(GET=405, POST=200),
    "api-token-revoke": members_only(GET=405, POST=200),  # asks to confirm first
    "password_change": members_only(GET=200, POST=200),
    "password_change_done": members_only(GET=200, POST=405),
    "password_reset": same(GET=200, POST=200),
    "password_reset_done": same(GET=200, POST=405),
    "password_reset_confirm": same(GET=200, POST=200),
    "password_reset_complete": same(GET=200, POST=405),
    # Members' plans (HTML)
    "plans:plan-list": members_only(GET=200, POST=200),
    "plans:plan-detail": owner_only(GET=200, POST=200),
    "plans:plan-edit": owner_only(GET=200, POST=200),
    "plans:plan-delete": owner_only(GET=200, POST=302),
    "plans:plan-copy": owner_only(GET=405, POST=302),
    "plans:plan-share": owner_only(GET=405, POST=302),
    "plans:plan-offline": owner_only(GET=405, POST=302),  # no choice sent: a message, back
    "plans:offline-bundle": members_only(GET=200, POST=405),
    "plans:plan-print": owner_only(GET=200, POST=200),
    "plans:day-add": owner_only(GET=405, POST=302),
    "plans:day-edit": owner_only(GET=200, POST=200),
    "plans:day-delete": owner_only(GET=405, POST=200),  # asks to confirm first
    "plans:item-edit": owner_only(GET=200, POST=200),
    "plans:item-move": owner_only(GET=405, POST=302),
    "plans:item-delete": owner_only(GET=405, POST=200),  # asks to confirm first
    "plans:save-exercise": members_only(GET=200, POST=200),
    "plans:plan-shared": same(GET=200, POST=200),
    # The player, the log, history and the data export (issue 8)
    "plans:exercise-play": PUBLIC_PAGE,
    "plans:day-play": owner_only(GET=200, POST=200),
    "plans:plan-play": owner_only(GET=302, POST=302),  # on to the plan's first day
    "plans:session-log": owner_only(GET=200, POST=200),
    "plans:session-detail": owner_only(GET=200, POST=200),
    "plans:session-delete": owner_only(GET=200, POST=302),
    "plans:history": members_only(GET=200, POST=200),
    "plans:history-exercises": members_only(GET=200, POST=200),
    "plans:exercise-history": members_only(GET=200, POST=200),
    "plans:data-export": members_only(GET=200, POST=200),
    "plans:plan-shared-copy": {"GET": {"_": 405}, "POST": {"visitor": LOGIN, "_": 302}},
    # API: catalogue (read-only, public)
    "api:exercise-list": API_READ_ONLY,
    "api:exercise-detail": API_READ_ONLY,
    "api:body-part-list": API_READ_ONLY,
    "api:body-part-detail": API_READ_ONLY,
    "api:equipment-list": API_READ_ONLY,
    "api:equipment-detail": API_READ_ONLY,
    "api:muscle-list": API_READ_ONLY,
    "api:muscle-detail": API_READ_ONLY,
    "api:category-list": API_READ_ONLY,
    "api:category-detail": API_READ_ONLY,
    "api:area-list": API_READ_ONLY,
    "api:area-detail": API_READ_ONLY,
    # API: members' plans
    "api:plan-list": api_members(GET=200, POST=201, PUT=405, PATCH=405, DELETE=405),
    "api:plan-detail": API_PRIVATE_DETAIL,
    "api:plan-copy": api_owner_only(GET=405, POST=201, PUT=405, PATCH=405, DELETE=405),
    "api:plan-days": api_owner_only(GET=405, POST=201, PUT=405, PATCH=405, DELETE=405),
    "api:plan-share": api_owner_only(GET=405, POST=200, PUT=405, PATCH=405, DELETE=200),
    "api:plan-day-detail": api_owner_only(GET=200, POST=405, PUT=200, PATCH=200, DELETE=204),
    "api:plan-day-reorder": api_owner_only(GET=405, POST=200, PUT=405, PATCH=405, DELETE=405),
    # Adding to someone else's plan is a 400 naming the field (the body names the plan).
    "api:plan-item-list": {
        "GET": {"visitor": 401, "_": 405},
        "POST": {"visitor": 401, "member": 201, "_": 400},
        "PUT": {"visitor": 401, "_": 405},
        "PATCH": {"visitor": 401, "_": 405},
        "DELETE": {"visitor": 401, "_": 405},
    },
    "api:plan-item-detail": API_PRIVATE_DETAIL,
    "api:plan-item-move": api_owner_only(GET=405, POST=200, PUT=405, PATCH=405, DELETE=405),
    "api:saved-exercise-list": api_members(GET=200, POST=405, PUT=405, PATCH=405, DELETE=405),
    # API: logged sessions (issue 8)
    "api:session-list": api_members(GET=200, POST=201, PUT=405, PATCH=405, DELETE=405),
    "api:account-export": api_members(GET=200, POST=405, PUT=405, PATCH=405, DELETE=405),
    "api:session-detail": api_owner_only(GET=200, POST=405, PUT=405, PATCH=405, DELETE=204),
    "api-schema": same(GET=200, POST=405),
    "api-docs": same(GET=200, POST=405),
    # Admin: the site's own pages (an empty POST shows a form or a confirmation again)
    "admin:index": admin(editor=(200, 200)),
    "admin:app_list": admin(editor=(200, 200)),
    "admin:login": {
        "GET": {"visitor": 200, "member": 200, "other": 200, "_": 302},
        "POST": {"_": 200},
    },
    "admin:logout": admin(editor=(405, 302), superuser=(405, 302)),
    "admin:password_change": admin(editor=(200, 200)),
    "admin:password_change_done": admin(editor=(200, 405), superuser=(200, 405)),
    "admin:autocomplete": admin(editor=(403, 405), superuser=(403, 405)),
    "admin:jsi18n": admin(editor=(200, 405), superuser=(200, 405)),
    "admin:view_on_site": admin(editor=(302, 302), superuser=(302, 302)),
    "admin:auth_user_password_change": admin(),
}

# The generator and routines (issue 9): public to read, play and generate; copying needs an
# account; a plan's calendar is its owner's, a shared plan's and a routine's anyone's.
EXPECTED.update(
    {
        "plans:generate": PUBLIC_PAGE,
        # Without the generator's inputs both send the visitor back to the form.
        "plans:generate-play": same(GET=302, POST=302),
        "plans:generate-save": same(GET=302, POST=302),
        "plans:routine-list": PUBLIC_PAGE,
        "plans:routine-detail": PUBLIC_PAGE,
        "plans:routine-play": PUBLIC_PAGE,
        "plans:routine-calendar": PUBLIC_PAGE,
        "plans:routine-copy": {"GET": {"_": 405}, "POST": {"_": 302}},
        "plans:plan-calendar": owner_only(GET=200, POST=200),
        "plans:plan-shared-calendar": PUBLIC_PAGE,
        "api:goal-list": API_READ_ONLY,
        "api:goal-detail": API_READ_ONLY,
        "api:routine-list": API_READ_ONLY,
        "api:routine-detail": API_READ_ONLY,
        # Anyone may generate; an empty body is a 400 naming the missing fields.
        "api:plan-generate": same(GET=405, POST=400, PUT=405, PATCH=405, DELETE=405),
    }
)
# Admin: each model's five pages, by what editors and superusers may do with the model.
ADMIN_PAGES = ["changelist", "add", "history", "change", "delete"]
for model in ["bodypart", "muscle", "equipment", "category", "exercise", "area", "prop"]:
    # The catalogue: editors view, add and change; only superusers delete a whole entry.
    for page in ADMIN_PAGES:
        editor = (403, 403) if page == "delete" else (200, 200)
        EXPECTED[f"admin:exercises_{model}_{page}"] = admin(editor=editor)
# An exercise's history: editors compare versions; reverting is a POST that needs the change
# permission (editors have it, and a revert is itself recorded).
# Importing needs its own permission, which the Editors group does not have: editors get 403.
# Import records are never changed or deleted; checking and confirming are POSTs.
for page, superuser in {
    "changelist": (200, 200),
    "add": (200, 200),  # the POST is a form with errors: no file was sent
    "change": (200, 200),
    "history": (200, 200),
    "delete": (403, 403),
    "confirm": (405, 302),
    "progress": (200, 200),
}.items():
    EXPECTED[f"admin:exercises_importrun_{page}"] = admin(superuser=superuser)
# Source mappings are vocabulary editors keep, like synonyms.
for page in ADMIN_PAGES:
    EXPECTED[f"admin:exercises_sourcemapping_{page}"] = admin(editor=(200, 200))
# The task queue's rows (django-tasks-db): superusers may look, nobody changes them.
for page, superuser in {
    "changelist": (200, 200),
    "add": (403, 403),
    "change": (200, 403),
    "history": (200, 200),
    "delete": (403, 403),
}.items():
    EXPECTED[f"admin:django_tasks_database_dbtaskresult_{page}"] = admin(superuser=superuser)
EXPECTED["admin:exercises_exercise_compare"] = admin(editor=(200, 200))
EXPECTED["admin:exercises_exercise_revision"] = admin(editor=(200, 302), superuser=(200, 302))
# The pose editor's preview: POST only, and the matrix posts no pose (400 says what is wrong).
EXPECTED["admin:exercises_exercise_pose_preview"] = admin(editor=(405, 400), superuser=(405, 400))
# Likely twins (an imported page and a reviewed one for the same exercise): editors look;
# merging them is the merge action, which needs the delete permission.
EXPECTED["admin:exercises_exercise_twins"] = admin(editor=(200, 405), superuser=(200, 405))
for model in ["goal", "routine"]:
    # Editors keep goals and routines (their permissions come from a data migration).
    for page in ADMIN_PAGES:
        EXPECTED[f"admin:plans_{model}_{page}"] = admin(editor=(200, 200))
for page in ADMIN_PAGES:
    # Search synonyms: editors keep the whole list, deleting included.
    EXPECTED[f"admin:exercises_synonym_{page}"] = admin(editor=(200, 200))
for model in ["auth_group", "forge_user", "authtoken_tokenproxy"]:
    # Accounts, groups and API tokens: superusers only.
    for page in ADMIN_PAGES:
        EXPECTED[f"admin:{model}_{page}"] = admin()
for model in ["axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"]:
    # Login records: superusers look and clear; nobody adds one by hand.
    for page in ADMIN_PAGES:
        superuser = {"add": (403, 403), "change": (200, 302)}.get(page, (200, 200))
        EXPECTED[f"admin:{model}_{page}"] = admin(superuser=superuser)
for model in ["plans_plan", "plans_planday", "plans_workoutsession"]:
    # Members' plans: superusers may look (for support), nobody changes them in the admin.
    for page in ADMIN_PAGES:
        superuser = {"add": (403, 403), "delete": (403, 403), "change": (200, 403)}.get(
            page, (200, 200)
        )
        EXPECTED[f"admin:{model}_{page}"] = admin(superuser=superuser)
