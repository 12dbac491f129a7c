"""The generator's starting goals. Editors change them (or add more) in the admin."""

from django.db import migrations

# slug, name, description, categories, warm-up drills, cool-down stretches,
# muscles as (slug, weight, why), body parts as (slug, weight)
GOALS = [
    (
        "flexibility",
        "Flexibility",
        "Longer, easier holds for the big muscle groups, from calves to chest, so that bending, reaching and turning take less effort.",
        ["stretching", "mobility"],
        1,
        0,
        [
            ("hamstrings", 3, "which limit how far you can fold forward"),
            ("hip-flexors", 3, "which stiffen with long hours in a chair"),
            ("glutes", 2, "which pull on the hips and lower back when tight"),
            ("quadriceps", 2, "which tug the pelvis forward when short"),
            ("adductors", 2, "which decide how wide your legs can open"),
            ("calves", 1, "which tighten from walking and standing"),
            ("chest", 1, "which rounds the shoulders forward when tight"),
            ("shoulders", 1, "which need room to reach overhead"),
            ("lower-back", 1, "which carries the strain of sitting"),
        ],
        [("legs", 2)],
    ),
    (
        "low-back-relief",
        "Low-back relief",
        "Gentle movement and stretches for the lower back and the hips around it, for a back that feels stiff after sitting, driving or a long day on your feet.",
        ["stretching", "mobility"],
        1,
        0,
        [
            ("lower-back", 4, "which stiffens after hours of sitting or standing"),
            ("glutes", 3, "which pull on the pelvis and the lower back when tight"),
            ("hip-flexors", 2, "which tilt the pelvis forward when short"),
            ("hamstrings", 2, "which flatten the lower back when tight"),
            ("middle-back", 1, "which shares the load when it moves freely"),
            ("obliques", 1, "which help the spine twist and bend"),
        ],
        [("back", 3)],
    ),
    (
        "desk-break",
        "Desk break",
        "A short reset for people who sit at a screen: neck, shoulders, chest, wrists and hips, all done standing or close to it.",
        ["stretching", "mobility"],
        1,
        0,
        [
            ("neck", 3, "which holds the head forward toward the screen"),
            ("traps", 2, "which tense up when the shoulders creep toward the ears"),
            ("chest", 2, "which shortens when you hunch over a keyboard"),
            ("shoulders", 2, "which round forward after a long sit"),
            ("forearms", 2, "which work all day on mouse and keyboard"),
            ("hip-flexors", 2, "which stay shortened while you sit"),
            ("middle-back", 1, "which stiffens in a slumped posture"),
        ],
        [("neck", 2), ("shoulders", 1)],
    ),
    (
        "post-run-recovery",
        "Post-run recovery",
        "Easy stretches for the legs after a run, while the muscles are warm: calves, hamstrings, quads, hips and glutes.",
        ["stretching", "mobility"],
        0,
        0,
        [
            ("calves", 3, "which absorb every stride"),
            ("hamstrings", 3, "which work hard to slow each step"),
            ("quadriceps", 3, "which carry you up hills and through landings"),
            ("hip-flexors", 2, "which running keeps short"),
            ("glutes", 2, "which drive you forward"),
            ("adductors", 1, "which steady the legs with each step"),
        ],
        [("legs", 3)],
    ),
    (
        "hips",
        "Hips",
        "Mobility and stretches for tight hips: the flexors at the front, the glutes behind, the inner thighs, and the deep rotators in between.",
        ["stretching", "mobility"],
        1,
        0,
        [
            ("hip-flexors", 4, "which long sitting and running shorten"),
            ("glutes", 3, "which grip the back of the hip when tight"),
            ("adductors", 2, "which limit how wide the hips can open"),
            ("abductors", 1, "which steady the pelvis on one leg"),
            ("quadriceps", 1, "which cross the front of the hip"),
        ],
        [],
    ),
    (
        "neck-and-shoulders",
        "Neck and shoulders",
        "Slow stretches and small drills for a stiff neck and tight shoulders: the sides of the neck, the upper back and the front of the shoulders.",
        ["stretching", "mobility"],
        1,
        0,
        [
            ("neck", 4, "which tightens when the head leans toward a screen"),
            ("traps", 3, "which lift and tense the shoulders under stress"),
            ("shoulders", 3, "which need to move freely in every direction"),
            ("middle-back", 2, "which lets the shoulder blades glide"),
            ("chest", 1, "which pulls the shoulders forward when short"),
        ],
        [("neck", 3), ("shoulders", 2)],
    ),
    (
        "strength-basics",
        "Strength basics",
        "A simple, balanced strength session: squats and hinges for the legs, pushes and pulls for the upper body, and holds for the core, with a warm-up first and a stretch to finish.",
        ["strength"],
        1,
        1,
        [
            ("quadriceps", 3, "which power squats, stairs and getting up"),
            ("glutes", 3, "which drive every hinge and lift"),
            ("chest", 2, "which leads every push"),
            ("middle-back", 2, "which balances the pushing with pulling"),
            ("abdominals", 2, "which keep the trunk steady under load"),
            ("shoulders", 2, "which lift and press overhead"),
            ("hamstrings", 2, "which share the work of every hinge"),
            ("lats", 1, "which pull the arms down and back"),
            ("lower-back", 1, "which holds the spine straight when you lift"),
        ],
        [],
    ),
]


def create_goals(apps, schema_editor):
    Goal = apps.get_model("plans", "Goal")
    GoalMuscle = apps.get_model("plans", "GoalMuscle")
    GoalBodyPart = apps.get_model("plans", "GoalBodyPart")
    Category = apps.get_model("exercises", "Category")
    Muscle = apps.get_model("exercises", "Muscle")
    BodyPart = apps.get_model("exercises", "BodyPart")
    for position, (slug, name, description, categories, warm, cool, muscles, parts) in enumerate(
        GOALS, 1
    ):
        goal, _ = Goal.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "position": position,
                "warm_up_items": warm,
                "cool_down_items": cool,
            },
        )
        goal.categories.set(Category.objects.filter(slug__in=categories))
        for muscle, weight, why in muscles:
            GoalMuscle.objects.update_or_create(
                goal=goal,
                muscle=Muscle.objects.get(slug=muscle),
                defaults={"weight": weight, "why": why},
            )
        for part, weight in parts:
            GoalBodyPart.objects.update_or_create(
                goal=goal, body_part=BodyPart.objects.get(slug=part), defaults={"weight": weight}
            )


def remove_goals(apps, schema_editor):
    apps.get_model("plans", "Goal").objects.filter(slug__in=[g[0] for g in GOALS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_goals_and_routines"),
        ("exercises", "0002_vocabulary"),
    ]

    operations = [migrations.RunPython(create_goals, remove_goals)]
