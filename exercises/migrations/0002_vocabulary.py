"""Seed the vocabulary PRODUCT.md lists. Editors can extend every list in the admin."""

from django.db import migrations

VOCABULARY = {
    "BodyPart": [
        (
            "legs",
            "Legs",
            "The legs cover everything from the hips down, including the thighs, knees and calves. Strength moves here build power for walking, running and lifting, while the stretches ease tightness in the hips, hamstrings and calves.",
        ),
        (
            "back",
            "Back",
            "The back spans the rear of the torso from the base of the neck to the pelvis. Rows, pulls and extensions strengthen it to support posture and lifting, while back stretches relieve stiffness and help the spine move.",
        ),
        (
            "chest",
            "Chest",
            "The chest sits at the front of the upper torso and is powered mainly by the pectoral muscles. Pressing and fly movements build pushing strength, and chest stretches help open up tight, rounded shoulders.",
        ),
        (
            "shoulders",
            "Shoulders",
            "The shoulders join the arms to the torso and are the most mobile joints in the body. Presses and raises build strength and stability around them, while stretches keep them moving freely overhead and behind you.",
        ),
        (
            "arms",
            "Arms",
            "The arms include the upper arm, elbow, forearm and wrist. Curls, extensions and presses here build strength in the biceps, triceps and grip, and the stretches ease tension left by gripping and pushing.",
        ),
        (
            "core",
            "Core",
            "The core is the group of muscles wrapped around the trunk, including the abdominals, obliques and lower back. Training it builds a stable midsection that transfers force between the upper and lower body and protects the spine.",
        ),
        (
            "neck",
            "Neck",
            "The neck supports the head and connects it to the shoulders and upper back. Gentle stretches and controlled strengthening moves here can ease stiffness from desk work and help maintain comfortable head posture.",
        ),
        (
            "full-body",
            "Full body",
            "Full-body exercises work many muscle groups and joints together in a single movement or flow. They are an efficient way to build overall strength, coordination and conditioning, or to loosen up the whole body at once.",
        ),
    ],
    "Muscle": [
        (
            "abdominals",
            "Abdominals",
            "The abdominals run down the front of the torso between the ribs and the pelvis. They flex and brace the trunk, so training them builds a stronger, more stable core for lifting, posture and everyday movement.",
        ),
        (
            "abductors",
            "Abductors",
            "The abductors sit on the outer hip and include the gluteus medius and minimus. They move the leg out to the side and steady the pelvis, so strengthening them supports balance, walking and knee alignment.",
        ),
        (
            "adductors",
            "Adductors",
            "The adductors are the inner-thigh muscles that pull the legs toward the midline of the body. Strengthening them supports squats and side-to-side movement, and stretching them helps open up the groin and hips.",
        ),
        (
            "biceps",
            "Biceps",
            "The biceps sit on the front of the upper arm, bending the elbow and turning the palm upward. Curls build their strength and size, and they also assist in pulling movements such as rows and chin-ups.",
        ),
        (
            "calves",
            "Calves",
            "The calves are the muscles at the back of the lower leg, mainly the gastrocnemius and soleus. Raises build their strength for walking, running and jumping, and calf stretches improve ankle flexibility.",
        ),
        (
            "chest",
            "Chest",
            "The chest muscles, the pectoralis major and minor, lie across the front of the ribcage. They bring the arms forward and across the body, so presses, push-ups and flyes build pushing strength here.",
        ),
        (
            "forearms",
            "Forearms",
            "The forearms run from the elbow to the wrist and hold the muscles that control grip and wrist movement. Training them builds a stronger grip for carrying and lifting, and stretches relieve wrist and forearm tightness.",
        ),
        (
            "glutes",
            "Glutes",
            "The glutes are the large muscles of the buttocks that extend, rotate and stabilise the hip. Strong glutes power squats, lunges, hinges and sprints, and glute stretches ease tightness around the hips and lower back.",
        ),
        (
            "hamstrings",
            "Hamstrings",
            "The hamstrings run down the back of the thigh from the pelvis to just below the knee. They bend the knee and extend the hip; hinges and curls strengthen them, while stretches improve forward-bending flexibility.",
        ),
        (
            "hip-flexors",
            "Hip flexors",
            "The hip flexors sit at the front of the hip and lift the thigh toward the torso. They often tighten with long sitting, so stretching them restores hip extension, and strengthening them helps running and knee drives.",
        ),
        (
            "lats",
            "Lats",
            "The lats, or latissimus dorsi, are broad muscles fanning across the sides of the mid and lower back. They pull the arms down and back, so pull-ups, pulldowns and rows build their strength.",
        ),
        (
            "lower-back",
            "Lower back",
            "The lower back is the region just above the pelvis, supported by the spinal erector muscles. Strengthening it helps hold the spine steady during lifting and bending, and gentle stretches can relieve stiffness.",
        ),
        (
            "middle-back",
            "Middle back",
            "The middle back lies between the shoulder blades and includes the rhomboids and middle trapezius. Rows and other pulling movements strengthen it, helping draw the shoulders back and support upright posture.",
        ),
        (
            "neck",
            "Neck",
            "The neck muscles hold up and move the head, letting it nod, tilt and turn. Stretches ease tension that builds up from screens and stress, and careful strengthening work helps support the cervical spine.",
        ),
        (
            "obliques",
            "Obliques",
            "The obliques run along the sides of the waist, next to the front abdominals. They twist and bend the torso and resist unwanted rotation, so training them builds a strong, stable core from every angle.",
        ),
        (
            "quadriceps",
            "Quadriceps",
            "The quadriceps are the four muscles at the front of the thigh that straighten the knee. Squats, lunges and leg presses build their strength, and quad stretches ease tightness around the front of the hip and knee.",
        ),
        (
            "shoulders",
            "Shoulders",
            "The shoulder muscles, chiefly the deltoids and rotator cuff, wrap around the shoulder joint. They lift and rotate the arm; presses and raises build strength and stability, while stretches help maintain overhead range of motion.",
        ),
        (
            "traps",
            "Traps",
            "The trapezius is a large, diamond-shaped muscle running from the neck down across the upper back. It lifts, squeezes and steadies the shoulder blades, and shrugs, carries and pulling movements strengthen it.",
        ),
        (
            "triceps",
            "Triceps",
            "The triceps cover the back of the upper arm and straighten the elbow. They drive every pushing movement, so extensions, dips and close-grip presses build strength that carries over to bench and overhead pressing.",
        ),
    ],
    "Equipment": [
        (
            "body-weight",
            "Body weight",
            "Body-weight exercises use only your own body as resistance, so they need little or no gear. They suit training at home or while travelling and can be scaled from beginner to advanced levels.",
        ),
        (
            "machine",
            "Machine",
            "Machine exercises use the guided weight-stack and plate-loaded equipment found in most gyms. The fixed path of motion makes them easy to learn and useful for isolating specific muscles safely.",
        ),
        (
            "dumbbell",
            "Dumbbell",
            "Dumbbells are short hand-held weights, used in pairs or singly. They let each side of the body work independently, which helps even out strength differences and allows a natural range of motion.",
        ),
        (
            "barbell",
            "Barbell",
            "A barbell is a long steel bar loaded with weight plates at each end. Gripped with both hands, it allows heavy loads to be lifted, making it central to building overall strength and power.",
        ),
        (
            "kettlebell",
            "Kettlebell",
            "A kettlebell is a cast-iron ball with a handle on top, so its weight hangs below the grip. It suits swings, cleans, snatches and carries that build strength, grip and conditioning together.",
        ),
        (
            "cable",
            "Cable",
            "Cable exercises use a pulley machine with an adjustable weight stack and interchangeable handles. The cable keeps steady tension through the whole movement and can pull from almost any height or angle.",
        ),
        (
            "band",
            "Band",
            "Resistance bands are elastic loops or tubes that get harder to stretch the further they are pulled. Light and portable, they are useful for strength work, warm-ups, rehabilitation and assisted stretching.",
        ),
        (
            "foam-roller",
            "Foam roller",
            "A foam roller is a firm cylinder of foam that you lean your body weight onto and roll along. It is used for self-massage and mobility work, easing muscle tightness before or after training.",
        ),
        (
            "exercise-ball",
            "Exercise ball",
            "An exercise ball, also called a stability or Swiss ball, is a large inflatable ball. Its unstable surface makes the core work to keep balance, and it can also support stretches and bench-style exercises.",
        ),
        (
            "medicine-ball",
            "Medicine ball",
            "A medicine ball is a weighted ball, roughly football-sized, that can be held, thrown or slammed. It suits explosive power, core rotation and conditioning drills, often with a partner or a wall.",
        ),
        (
            "e-z-bar",
            "E-Z bar",
            "The E-Z bar is a short barbell with a zigzag bend in the middle. Its angled grips ease strain on the wrists and elbows, making it popular for curls, skull crushers and upright rows.",
        ),
        (
            "bench",
            "Bench",
            "A weight bench is a sturdy padded platform, flat or adjustable, that supports your body during an exercise. It is used for presses, rows, step-ups, dips and many seated or lying movements.",
        ),
        (
            "other",
            "Other",
            "This group covers exercises that use less common gear, such as pull-up bars, sleds, ropes, boxes, sandbags or yoga blocks. Browse here for movements that do not fit the main equipment types.",
        ),
    ],
    "Category": [
        (
            "stretching",
            "Stretching",
            "Stretching exercises lengthen muscles and hold them near the end of their range to improve flexibility. Regular stretching can ease stiffness, help you feel looser after training and make everyday movement more comfortable.",
        ),
        (
            "mobility",
            "Mobility",
            "Mobility exercises move joints actively through their full range of motion with control. They improve how freely and comfortably you move, and make good warm-ups before strength work or sport.",
        ),
        (
            "strength",
            "Strength",
            "Strength exercises work muscles against resistance, such as weights, bands or body weight, to make them stronger. Gradually increasing the load over time builds muscle, supports joints and bones, and makes daily tasks easier.",
        ),
        (
            "cardio",
            "Cardio",
            "Cardio exercises raise your heart rate and breathing for a sustained period. They build aerobic fitness and endurance, strengthen the heart and lungs, and support overall health and energy levels.",
        ),
        (
            "plyometrics",
            "Plyometrics",
            "Plyometrics are jumping, bounding and throwing drills that stretch a muscle quickly and then contract it explosively. They develop speed, power and reactive strength, and are common in sports training.",
        ),
        (
            "powerlifting",
            "Powerlifting",
            "Powerlifting is a strength sport built around three lifts: the squat, bench press and deadlift. These exercises focus on lifting maximal loads and include the variations and accessory work that support them.",
        ),
        (
            "olympic-weightlifting",
            "Olympic weightlifting",
            "Olympic weightlifting is the sport of the snatch and the clean and jerk, lifting a barbell from the floor to overhead. These lifts and their drills develop explosive power, speed, coordination and mobility.",
        ),
        (
            "strongman",
            "Strongman",
            "Strongman training uses heavy, awkward objects such as stones, logs, yokes, kegs and sleds. These events and drills build raw full-body strength, grip and conditioning that carries over to real-world lifting.",
        ),
    ],
}


def seed(apps, schema_editor):
    for model_name, rows in VOCABULARY.items():
        model = apps.get_model("exercises", model_name)
        for slug, name, description in rows:
            model.objects.update_or_create(
                slug=slug, defaults={"name": name, "description": description}
            )


class Migration(migrations.Migration):
    dependencies = [("exercises", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
