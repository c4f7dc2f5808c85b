"""Pattern data for the symptom EntityRuler and the negex termset.

Pure data plus two small expanders; nothing here touches spaCy. ``pipeline.py`` turns the
output of :func:`entity_patterns` into EntityRuler patterns and :func:`negation_termset`
into negex's ``neg_termset``.

Phrase templates use a tiny syntax so that typo and inflection variants stay readable:

* ``(a|b|c)``  one of the alternatives is required,
* ``[a|b]``    optional: nothing, ``a`` or ``b``.

Groups do not nest. Every phrase that contains an apostrophe is also added without it and
with a typographic apostrophe ("can't" -> "cant", "can’t"), because users skip apostrophes
and the tokenizer splits the three spellings differently.

Phrase patterns are matched on LOWER, so they work on the lower-cased text Rasa's SpacyNLP
passes in as well as on the raw text. A few token patterns (numbers, regexes and LEMMA) cover
what phrases cannot: "2wks", "4 like 5 weeks", any inflection of "twitch".

Normalised values (``id`` of each pattern, exposed as ``Span.ent_id_``):

* SYMPTOM: see :data:`SYMPTOM_VALUES`
* LOCATION: see :data:`LOCATION_VALUES` (``_ignore`` claims look-alike phrases such as
  "came back" or "keep an eye on" so that nothing else matches them)
* DURATION: ``duration`` (the days come from ``durations.parse_duration`` on the span text),
  ``_ignore`` for look-alikes ("25 years old")
* ONSET: ``sudden`` | ``gradual``
* FREQUENCY: ``frequent`` | ``occasional``
* SPREAD: ``multiple`` | ``single``
* TRIGGER: see :data:`TRIGGER_VALUES`
* EMERGENCY: see :data:`EMERGENCY_VALUES`
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple

LABELS: Tuple[str, ...] = (
    "SYMPTOM",
    "LOCATION",
    "DURATION",
    "ONSET",
    "FREQUENCY",
    "SPREAD",
    "TRIGGER",
    "EMERGENCY",
)

IGNORE = "_ignore"

SYMPTOM_VALUES: Tuple[str, ...] = (
    "twitching",
    "cramp",
    "spasm",
    "weakness",
    "numbness",
    "tingling",
    "sensation_change",
    "muscle_loss",
    "stiffness",
    "pain",
    "fatigue",
    "dizziness",
    "walking_difficulty",
    "vision_problems",
)

TRIGGER_VALUES: Tuple[str, ...] = (
    "exercise",
    "caffeine",
    "sleep",
    "stress",
    "medication",
    "supplement",
    "diet",
    "dehydration",
    "alcohol",
    # Not causes: recorded so that rules can use them.
    "wound",  # cut / rusty nail: context for the lockjaw emergency sign
    "lifestyle_change",  # "cut out coffee", "got more sleep": changes already tried
)

EMERGENCY_VALUES: Tuple[str, ...] = (
    "trouble_breathing",
    "trouble_swallowing",
    "face_drooping",
    "slurred_speech",
    "cannot_move_limb",
    "chest_pain",
    "seizure",
    "unresponsive",
    "overdose",
    "lockjaw",
    "throat_swelling",
    "one_sided_numbness",
    "named_emergency",
    "self_harm",
    "stated_emergency",
)

# ----------------------------------------------------------------------------- helpers

CANT = "(can't|cannot|can not|unable to|not able to|couldn't|cant even|can't even)"
HARD_TO = "(hard to|difficult to|struggling to|struggle to|struggled to|trouble|difficulty|problems|problem|issues|hard time|a hard time)"
LIMB = "(arm|arms|leg|legs|hand|hands|foot|feet|side|body|whole side)"


def expand(template: str) -> List[str]:
    """All phrases a template stands for, in a stable order, whitespace collapsed."""
    parts = re.split(r"(\([^)]*\)|\[[^\]]*\])", template)
    options: List[List[str]] = []
    for part in parts:
        if part.startswith("("):
            options.append(part[1:-1].split("|"))
        elif part.startswith("["):
            options.append([""] + part[1:-1].split("|"))
        else:
            options.append([part])
    out: List[str] = []
    for combo in itertools.product(*options):
        phrase = " ".join("".join(combo).split())
        if phrase:
            out.append(phrase)
    return _unique(out)


# Words that dropping an apostrophe makes out of another word: "od'd" without it is "odd"
# ("the odd twitch" once read as an overdose), "i'll" is "ill", "we'll" is "well".
_WORDS_NOT_TO_MAKE = frozenset({"odd", "ill", "well", "hell", "shell", "wed", "were", "id", "its"})


def apostrophe_variants(phrase: str) -> List[str]:
    """ "can't" also as "cant" and "can’t": users type all three (but not when dropping the
    apostrophe makes another word)."""
    if "'" not in phrase:
        return [phrase]
    dropped = phrase.replace("'", "")
    variants = [phrase, phrase.replace("'", "\u2019")]
    if not _WORDS_NOT_TO_MAKE & set(dropped.split()):
        variants.insert(1, dropped)
    return _unique(variants)


def _unique(items: Iterable[str]) -> List[str]:
    seen: Dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


# ----------------------------------------------------------------------------- SYMPTOM

SYMPTOM_TEMPLATES: Dict[str, List[str]] = {
    "twitching": [
        "(twitch|twitches|twitched|twitching|twitchy|twitchiness|twitchin|twitchng|twitchs)",
        "(twiching|twiches|twich|twiched|twtich|twtiching|twtching|twitchig|twithcing|twicthing|twiitching)",
        "(fasciculation|fasciculations|fasciculating|fasiculation|fasiculations|fasciculate|fascics|fascs|fasics)",
        "(flickering|flickers|flicker|flickery|fluttering|flutters|flutter|quivering|quivers|quiver)",
        "(jumping|jumpy|jumps|jump|ticking|tic|tics|popcorning|pulsing)",
        # Lay words for a muscle moving under the skin.
        "(rippling|ripples|rippled|undulating|undulates|undulation|undulations|wriggling|wiggling|squirming)",
        "(moving|moves|moved|jumping|jumps) (on its own|by itself|on their own|by themselves)",
        "(mind of its own|mind of their own|worm under the skin|worms under the skin|worm under my skin|worms under my skin)",
        "(tremor|tremors|trembling|trembles|shaking|shaky|jerking|jerks|jerky)",
    ],
    "cramp": [
        "(cramp|cramps|cramping|cramped|crampy|cramp up|cramps up|cramped up)",
        "(charley|charlie|charly) (horse|horses)",
    ],
    "spasm": [
        "(spasm|spasms|spasming|spasmed|spazzing|spazzes|muscle spasm)",
    ],
    "weakness": [
        "(weak|weakness|weaker|weakened|weakening|weekness|weaknes|weeknes|weakish)",
        "(no|lost|losing|lose|lack of|less|loss of|reduced|losing my|lost my) (strength|grip|grip strength)",
        "not as strong",
        CANT + " (grip|hold|lift|grab) [things|stuff|anything|my|a|the|onto]",
        HARD_TO + " (gripping|grip|holding|lifting|lift|hold|grab|grabbing)",
        "(dropping|drop|dropped|drops) (things|stuff|my|everything|cups|objects)",
        "keep dropping",
        "(give|gave|giving|gives|keeps giving|keep giving) (way|out)",
        "(foot drop|floppy|clumsy|clumsiness|buckled|buckling|buckle|buckles)",
        "(feels|feel|feeling|felt|is|are|gone|went) (heavy|like jelly|jelly|limp)",
    ],
    "numbness": [
        "(numb|numbness|numbed|numbish|numbess|numbnes|numbing)",
        "(no|lost|losing|loss of|lack of|reduced|lost all) (feeling|sensation)",
        CANT + " [really|properly|quite|fully|even] feel",
        "(dead feeling|feels dead|feel dead|gone dead|went dead|going dead)",
    ],
    "tingling": [
        "(tingling|tingle|tingles|tingly|tingled|tinglin|tinglyness|tinglying|tinglng)",
        "pins (and|&|n) needles",
        "(prickling|prickly|pricking)",
    ],
    "sensation_change": [
        "(burning|burns|burning sensation|buzzing|buzz|buzzy|buzzes|vibrating|vibration|vibrations|vibrates)",
        "electric (shock|shocks|feeling|sensation|zaps|zap)",
        "(zaps|zapping|crawling|creepy crawly|hypersensitive|sensitive to touch)",
        "(change|changes|changed|altered) (in|of) (sensation|feeling)",
        "(sensation|feeling) (change|changes|is different|feels different)",
        "(strange|weird|odd|funny|wierd) (sensation|sensations|feeling|feelings)",
        "(feels|feel|feeling|felt) (weird|strange|funny|odd|different|wierd)",
    ],
    "muscle_loss": [
        "(lost|losing|lose|loss of|lost some|lost any|losing some|lost a lot of|lost a bit of|losing any) (muscle|muscles|muscle mass|muscle size|muscle bulk|size|bulk|mass)",
        "muscle (loss|wasting|atrophy|shrinkage|is shrinking|is wasting|looks smaller|is smaller|got smaller|is getting smaller)",
        "(wasting away|atrophy|atrophied|atrophying|atrophies)",
        "(shrinking|shrunk|shrunken|shrank|shrinks|shrink)",
        "(looks|look|looking|getting|seems|seem|got|gotten|is|are|became) (smaller|thinner|skinnier)",
        "(smaller|thinner) than (the other|before|it was|it used to be)",
        "(dent|dip|hollow|hollowing) in (my|the) (muscle|hand|thumb)",
        "(a|an) (dent|dip|hollow|hollowing) [in it|in the muscle|there]",
        "(hollowed|sunken|caved in)",
    ],
    "stiffness": [
        "(stiff|stiffness|stiffening|stiffens|rigid|rigidity)",
        "(muscle|muscles) (tightness|feel tight|are tight|is tight|feels tight)",
        "(tight|tense) (muscle|muscles)",
        HARD_TO + " (relaxing|relax) [my|the] [muscle|muscles]",
        CANT + " relax [my|the] [muscle|muscles]",
    ],
    "pain": [
        "(pain|pains|painful|hurt|hurts|hurting|ache|aches|aching|achy|sore|soreness|stabbing|throbbing|tender|agony)",
    ],
    "fatigue": [
        "(tired|tiredness|fatigue|fatigued|exhausted|exhaustion|knackered|drained|lethargic|shattered|sluggish)",
        "(worn out|wiped out|run down|no energy|low energy|zero energy|lack of energy)",
    ],
    "dizziness": [
        "(dizzy|dizziness|dizzyness|lightheaded|light headed|light-headed|vertigo|woozy)",
        "(room|everything) [is] spinning",
        "(feel|feeling|felt) faint",
    ],
    "walking_difficulty": [
        HARD_TO + " (walking|walk|to walk|standing|stand)",
        CANT + " (walk|stand) [properly|straight|right|well]",
        "(can barely|can hardly|barely|hardly) (walk|stand)",
        "(tripping|tripped) [over|up]",
        "(trip|trips) (over|up)",
        "(stumbling|stumble|stumbles|stumbled)",
        "(falling over|fall over|keep falling|falling down|fell over)",
        "(unsteady|wobbly|off balance|balance problems|balance is off|poor balance)",
        "(lose|losing|lost) my balance",
        "(limping|limp|dragging my foot|dragging my leg|foot drags|foot is dragging)",
    ],
    "vision_problems": [
        "(blurry|blurred|blurring) [vision|eyesight|sight]",
        "(double vision|seeing double|vision problems|vision problem|vision loss|loss of vision|lost my vision|lost vision)",
        "(vision|eyesight|sight) (is|has gone|went|going|gone|getting) (blurry|blurred|weird|off|funny|bad|dim|fuzzy|dark)",
        HARD_TO + " seeing",
        CANT + " see (properly|clearly|well|straight|right)",
    ],
}

# ----------------------------------------------------------------------------- LOCATION

# value -> templates. Values are body places; sides are read from the words around the
# span by ``extract.py`` ("left calf" -> left_calf, "both calves" -> left_calf + right_calf).
LOCATION_TEMPLATES: Dict[str, List[str]] = {
    "eyelid": ["(eyelid|eyelids|eye lid|eye lids|eye-lid|eye-lids|lid|lids|eylid|eyelis|eyelidd|eye lidd)"],
    "eye": ["(eye|eyes|eyebrow|eyebrows|eye brow|eye brows|under eye|under my eye)"],
    "cheek": ["(cheek|cheeks|cheekbone)"],
    "face": ["(face|facial|forehead|temple|temples|chin)"],
    "lip": ["(lip|lips|upper lip|lower lip|mouth|corner of my mouth)"],
    "jaw": ["(jaw|jaws|jawline|jaw line)"],
    "tongue": ["(tongue|tounge)"],
    "neck": ["(neck|throat|side of my neck)"],
    "head": ["(head|scalp)"],
    "shoulder": ["(shoulder|shoulders|sholder|shoulder muscle)"],
    "arm": ["(arm|arms|elbow|elbows)"],
    "upper_arm": ["(bicep|biceps|bicept|tricep|triceps|upper arm|upper arms)"],
    "forearm": ["(forearm|forearms|fore arm|wrist|wrists)"],
    "hand": ["(hand|hands|palm|palms)"],
    "finger": [
        "(finger|fingers|index finger|pinky|pinkie|little finger|ring finger|middle finger|fingertip|fingertips)"
    ],
    "thumb": ["(thumb|thumbs)"],
    "chest": ["(chest|pec|pecs|pectoral|pectorals|rib|ribs|ribcage)"],
    "back": [
        "(my|his|her|the|upper|mid|middle|whole) back",
        "back (muscle|muscles)",
        "(shoulder blade|shoulder blades)",
    ],
    "lower_back": ["(lower back|low back|lumbar)"],
    "abdomen": ["(abdomen|stomach|belly|tummy|abs|abdominal|abdominals|stomach muscle|stomach muscles|belly muscle)"],
    "hip": ["(hip|hips|glute|glutes|buttock|buttocks|butt|bum|groin)"],
    "thigh": ["(thigh|thighs|quad|quads|quadricep|quadriceps|hamstring|hamstrings|upper leg)"],
    "leg": ["(leg|legs|lower leg|lower legs)"],
    "knee": ["(knee|knees|kneecap|back of my knee)"],
    "calf": ["(calf|calves|calfs|calve|claf|calf muscle|calf muscles)"],
    "shin": ["(shin|shins)"],
    "ankle": ["(ankle|ankles)"],
    "foot": ["(foot|feet|sole|soles|arch|heel|heels|top of my foot)"],
    "toe": ["(toe|toes|big toe|little toe|pinky toe)"],
    IGNORE: [
        "(keep|keeping|kept) an eye on",
        "on the other hand",
        "rule of thumb",
        "(second hand|hands on|heads up|head out|hand in hand)",
        "(came|come|comes|coming|went|go|goes|going|get|got|getting|is) back",
        "back (to normal|again|then|and forth|in the day)",
        "face it",
    ],
}

# "back of my thigh" is the thigh, not the back.
for _place in ("thigh", "leg", "knee", "neck", "hand", "arm", "head"):
    LOCATION_TEMPLATES[_place].append(f"back of (my|the|his|her) {_place}")

# Plurals of paired body parts: "my calves" without a side means both sides.
PAIRED_PLURALS = frozenset(
    {
        "eyes",
        "eyelids",
        "lids",
        "cheeks",
        "shoulders",
        "arms",
        "elbows",
        "forearms",
        "wrists",
        "hands",
        "palms",
        "thumbs",
        "hips",
        "glutes",
        "buttocks",
        "thighs",
        "quads",
        "hamstrings",
        "legs",
        "knees",
        "calves",
        "calfs",
        "shins",
        "ankles",
        "feet",
        "heels",
        "soles",
        "upper arms",
        "lower legs",
        "eye lids",
        "shoulder blades",
    }
)

# Part-of relation used to count distinct places: "my leg, the calf" is one place.
LOCATION_PARENTS: Dict[str, str] = {
    "eyelid": "eye",
    "eye": "face",
    "cheek": "face",
    "lip": "face",
    "jaw": "face",
    "upper_arm": "arm",
    "forearm": "arm",
    "finger": "hand",
    "thumb": "hand",
    "lower_back": "back",
    "thigh": "leg",
    "knee": "leg",
    "calf": "leg",
    "shin": "leg",
    "toe": "foot",
}

LOCATION_VALUES: Tuple[str, ...] = tuple(v for v in LOCATION_TEMPLATES if v != IGNORE)


def split_place(key: str) -> Tuple[Optional[str], str]:
    """``"left_calf"`` -> ``("left", "calf")``, ``"upper_arm"`` -> ``(None, "upper_arm")``."""
    head, _, rest = key.partition("_")
    if head in {"left", "right", "other"} and rest:
        return head, rest
    return None, key


def _ancestors(place: str) -> Set[str]:
    out = set()
    while place in LOCATION_PARENTS:
        place = LOCATION_PARENTS[place]
        out.add(place)
    return out


def distinct_places(keys: Iterable[str]) -> Tuple[str, ...]:
    """Distinct body places, sorted. A place without a side is dropped when the same place is
    also named with a side, and a place is dropped when a part of it is also named on a
    compatible side ("leg" + "left calf" -> left_calf only; "left calf" + "right calf" -> 2)."""
    parsed = {split_place(k) for k in keys}
    sided = {p for s, p in parsed if s in {"left", "right"}}
    parsed = {(s, p) for s, p in parsed if s is not None or p not in sided}
    kept = set()
    for side, place in parsed:
        covered = any(
            place in _ancestors(p2) and (side == s2 or side is None or s2 is None)
            for s2, p2 in parsed
            if (s2, p2) != (side, place)
        )
        if not covered:
            kept.add((side, place))
    return tuple(sorted(f"{s}_{p}" if s else p for s, p in kept))


# ----------------------------------------------------------------------------- ONSET / FREQUENCY / SPREAD

ONSET_TEMPLATES: Dict[str, List[str]] = {
    "sudden": [
        "(suddenly|sudden|suddently|sudenly|suddenley|suddnly|abruptly|abrupt|instantly|overnight|over night)",
        "all of (a|the) sudden",
        "(out of|outta) (nowhere|no where|the blue)",
        "from nowhere",
        "(came|come|comes|coming) on (fast|quickly|quick|suddenly|all at once|overnight|out of nowhere|really fast|so fast)",
        "(all at once|without warning|just like that|one minute it was fine)",
        "(woke|woken) up (with|and|to)",
        "(started|began|start) (suddenly|out of nowhere|out of the blue|all at once)",
    ],
    "gradual": [
        "(gradually|gradual|slowly|progressively|gradualy|graduallly)",
        "(over time|bit by bit|little by little|step by step)",
        "(crept|creeping|creep|creeps) (up|in|on)",
        "(built|building|builds) up",
        "(came|come|comes|coming) on (slowly|slow|gradually|over time)",
        "(getting|got|gotten) worse (slowly|gradually|over time)",
    ],
}

FREQUENCY_TEMPLATES: Dict[str, List[str]] = {
    "frequent": [
        "(constantly|constant|nonstop|non-stop|non stop|continuous|continuously|continually|frequently|frequent|often|always|repeatedly|daily|everyday|nightly|relentless|persistently)",
        "all (the time|day|day long|night|week|the time now)",
        "every (day|single day|night|hour|minute|second|morning|evening|few minutes|few seconds|few hours|couple of minutes|5 minutes|10 minutes|few mins)",
        "(keeps|keep|kept) [on]",
        "(won't|doesn't|never|does not|will not) stop",
        "(never stops|won't quit|over and over|again and again|on repeat|24/7|round the clock|most days)",
        "(many|several|multiple|lots of|loads of|a lot of|a few|hundreds of|dozens of|so many|countless|numerous|like 20|100|50|20|10|5) times (a|an|per|every|each) (day|hour|minute|min)",
        "(once|twice|one time|two times|three times) (a|an|per|every|each) (day|hour|minute)",
    ],
    "occasional": [
        "(occasionally|occasional|sometimes|sometime|rarely|seldom|infrequently|infrequent|intermittently|intermittent|sporadically|sporadic|once)",
        "[every] now (and|&|n) (then|again)",
        "(every so often|once in a while|once or twice|from time to time|a few times|a couple of times|a couple times|couple of times|here and there|hardly ever|not often|not very often|not that often)",
        "(on and off|off and on|on off|comes and goes|come and go|came and went|coming and going)",
        "(once|twice|a few times|a couple of times|one time|two times|three times) (a|an|per|every|each) (week|month|fortnight)",
    ],
}

SPREAD_TEMPLATES: Dict[str, List[str]] = {
    "multiple": [
        "all over [my|the|his|her] [body|place]",
        "(everywhere|every where|whole body|entire body|all my body|full body|whole of my body)",
        "(several|multiple|many|different|various|lots of|loads of|a few|two|three|random|other|2|3) (places|spots|areas|parts|muscles|body parts|locations|muscle groups|sides)",
        "more than one (place|spot|area|muscle|part)",
        "(moves|moving|moved|move|jump|jumps|jumping|travels|travelling|traveling|wanders|wandering|shifts|shifting|switches|switching|bounces|bouncing) around",
        "[from] (one|1) (place|spot|muscle|area) to another",
        "(place to place|spot to spot|muscle to muscle)",
        "(both sides|on both sides|either side|each side|spreading|spread|spreads|spreaded)",
        "not (just|only) [in] [one|1|a single] [place|spot|area|muscle|side]",
    ],
    "single": [
        "(only|just) [in] (one|1|a single) (place|spot|area|muscle|side|part|eye|leg|arm)",
        "(only|just) (the|that) (one|1)",
        "(in|at) (one|1|a single) (place|spot|area)",
        "same (place|spot|muscle|area|area every time|spot every time)",
        "(one side only|single spot|single place|one spot|one place|isolated)",
        "(only|just) [in] (my|the|his|her|that|this)",
    ],
}

# ----------------------------------------------------------------------------- medicines

# A trigger value of its own only inside the patterns: a cue for a medicine not named.
MEDICATION = "medication"
MEDICATION_CUE = "medication_cue"

# What a medicine is called when it is not named.
MEDICINE_WORDS = (
    "medication|medications|meds|medicine|medicines|prescription|prescriptions|tablet|tablets|pill|pills"
    "|capsule|capsules|drug|drugs|inhaler|inhalers|puffer|puffers|injection|injections"
)
# The forms one takes, after a class or a condition ("water tablets", "asthma inhaler").
MEDICINE_FORMS = "pills|pill|tablets|tablet|meds|medication|medications|medicine|medicines|inhaler|inhalers|drugs|capsules|injections"
# Conditions a medicine is named after ("blood pressure tablets", "adhd meds").
MEDICINE_CONDITIONS = (
    "blood pressure|high blood pressure|bp|heart|thyroid|adhd|asthma|allergy|allergies|hayfever|hay fever"
    "|anxiety|anti-anxiety|anti anxiety|depression|cholesterol|diabetes|epilepsy|seizure|migraine|acne|reflux"
    "|acid reflux|water|sleeping|sleep|pain|nerve pain|arthritis|parkinson's|parkinsons|mental health|psych"
)
# Classes of medicine.
MEDICINE_CLASSES = (
    "antidepressant|antidepressants|anti-depressant|anti-depressants|anti depressant|anti depressants"
    "|ssri|ssris|snri|snris|tricyclic|tricyclics|statin|statins|beta blocker|beta blockers|beta-blocker"
    "|beta-blockers|ace inhibitor|ace inhibitors|blood thinner|blood thinners|steroid|steroids"
    "|corticosteroid|corticosteroids|steroid inhaler|diuretic|diuretics|antihistamine|antihistamines"
    "|anti-histamine|anti-histamines|antibiotic|antibiotics|stimulant medication|stimulant meds"
    "|antipsychotic|antipsychotics|anticonvulsant|anticonvulsants|antiepileptic|antiepileptics"
    "|anti-epileptic|anti-epileptics|anti-seizure|mood stabiliser|mood stabilizer|mood stabilisers"
    "|mood stabilizers|painkiller|painkillers|pain killer|pain killers|opioid|opioids|sleeping pills"
    "|sleeping tablets|sleep aid|sleep aids|birth control|contraceptive|contraceptives|the pill|insulin"
    "|chemo|chemotherapy|hrt|hormone replacement|blue inhaler|brown inhaler|reliever inhaler"
    "|preventer inhaler|nebuliser|nebulizer|water pills"
)
SUPPLEMENT_NAMES = (
    "supplement|supplements|suplement|suplements|vitamin|vitamins|multivitamin|multivitamins|multi vitamin"
    "|b6|b12|vitamin b6|vitamin b12|vitamin d|vit d|magnesium|zinc|creatine|fish oil|protein powder"
    "|iron tablets|iron supplements|calcium|potassium|ashwagandha|melatonin"
)
# Common medicines by name (generic and brand), the ones people take and ask about.
MEDICINE_NAMES = (
    # antidepressants and anxiety
    "sertraline|fluoxetine|citalopram|escitalopram|paroxetine|venlafaxine|duloxetine|mirtazapine"
    "|amitriptyline|nortriptyline|bupropion|trazodone|vortioxetine|prozac|zoloft|lexapro|cipralex"
    "|wellbutrin|effexor|cymbalta|diazepam|valium|lorazepam|xanax|alprazolam|buspirone|propranolol"
    # heart, blood pressure and cholesterol
    "|atorvastatin|simvastatin|rosuvastatin|pravastatin|lipitor|crestor|amlodipine|lisinopril"
    "|ramipril|losartan|candesartan|bisoprolol|atenolol|metoprolol|furosemide|bumetanide"
    "|bendroflumethiazide|hydrochlorothiazide|indapamide|spironolactone|digoxin|warfarin|apixaban"
    "|rivaroxaban|clopidogrel"
    # steroids, asthma and allergy
    "|prednisolone|prednisone|dexamethasone|hydrocortisone|salbutamol|albuterol|ventolin|seretide"
    "|symbicort|fostair|fluticasone|budesonide|beclometasone|montelukast|theophylline|cetirizine"
    "|loratadine|fexofenadine|chlorphenamine|piriton|benadryl|diphenhydramine|zyrtec|claritin"
    "|promethazine"
    # stimulants and ADHD
    "|methylphenidate|ritalin|concerta|adderall|lisdexamfetamine|elvanse|vyvanse|dexamfetamine"
    "|modafinil|atomoxetine"
    # antibiotics
    "|amoxicillin|penicillin|doxycycline|ciprofloxacin|levofloxacin|clarithromycin|azithromycin"
    "|erythromycin|flucloxacillin|metronidazole|nitrofurantoin|trimethoprim|cefalexin"
    # nerves, seizures, mood and sleep
    "|gabapentin|pregabalin|lyrica|lamotrigine|levetiracetam|valproate|topiramate|carbamazepine"
    "|quetiapine|olanzapine|aripiprazole|risperidone|lithium|zopiclone|zolpidem"
    # other common ones
    "|levothyroxine|metformin|omeprazole|lansoprazole|tramadol|codeine|co-codamol|morphine"
    "|ibuprofen|naproxen|paracetamol|acetaminophen|aspirin|tylenol|advil|isotretinoin|roaccutane"
    "|methotrexate|hydroxychloroquine|sumatriptan"
)

# ----------------------------------------------------------------------------- TRIGGER

TRIGGER_TEMPLATES: Dict[str, List[str]] = {
    "exercise": [
        "(exercise|exercising|exercised|workout|workouts|work out|working out|worked out|work-out|gym|the gym)",
        "(running|run|ran|runs|a run|jog|jogging|jogged|sprinting|sprints|lifting|lifting weights|weights|weight training|training|trained)",
        "(keep|keeping|kept) fit",
        "(leg day|arm day|marathon|half marathon|5k|10k|race|sport|sports|football|soccer|rugby|basketball|tennis|squash|netball|hockey)",
        "(cycling|bike ride|spin class|hike|hiking|squats|squat|lunges|deadlifts|calf raises|crossfit|swimming|swim|jumping jacks|push ups|pushups|pull ups|yoga|pilates|dancing|physical activity|cardio|hiit|bootcamp|boxing)",
    ],
    "caffeine": [
        "(caffeine|cafeine|caffine|caffiene|caffeinated|coffee|coffees|coffe|cofee|espresso|espressos|latte|lattes|cappuccino|americano|tea|teas|cola|coke|diet coke)",
        "(energy drink|energy drinks|red bull|redbull|red bulls|monster|monsters|monster energy|pre workout|pre-workout|preworkout|double shot|caffeine pills)",
    ],
    "sleep": [
        "(insomnia|sleep deprived|sleep-deprived|sleep deprivation|sleepless|sleepless nights|all nighter|all-nighter|all nighters|night shift|night shifts|nightshifts|jet lag|jetlag)",
        "(lack of|no|little|poor|bad|not enough|not much|broken|terrible|crap|rubbish) sleep",
        "(not|haven't|hasn't|hadn't|didn't|barely|hardly|not really|not been|haven't been|havent been) (sleeping|slept|sleep)",
        "(sleeping|slept|sleep) (badly|poorly|bad|terribly|awful|like crap)",
        "(can't|cannot|couldn't) sleep",
        "not (sleeping|slept) (well|much|enough|properly|great)",
        "up all night",
        "(up late|staying up late|stayed up late|staying up till|late nights|going to bed late|gaming all night)",
        "(only|just) slept",
        # "a few hours of sleep" is a sleep trigger, not how long the twitching has lasted
        "[only|just] (a few|a couple of|a couple|few|couple of|several) (hours|hrs) [of] (sleep|kip)",
        "[only|just] (a few|a couple of|a couple|few|couple of|several) (hours|hrs) (a|per|each) night",
        "not getting enough sleep",
    ],
    "stress": [
        "(stress|stressed|stressful|stressing|anxiety|anxious|worried|worrying|worry|panic|panicking|panic attacks|nervous|overwhelmed|burnout|burnt out|burned out|tense)",
        "(exams|exam|deadline|deadlines|under pressure|pressure at work|busy at work|work stress|health anxiety|stressed out)",
    ],
    "medication": [
        "(" + MEDICINE_WORDS + ")",
        "(" + MEDICINE_CLASSES + ")",
        "(" + MEDICINE_NAMES + ")",
        "(" + MEDICINE_CONDITIONS + ") (" + MEDICINE_FORMS + ")",
        "(" + MEDICINE_CLASSES + ") (" + MEDICINE_FORMS + ")",
        "(" + MEDICINE_NAMES + ") (" + MEDICINE_FORMS + ")",
        "(stimulant|stimulants|steroid|prescription|prescribed) (" + MEDICINE_FORMS + ")",
        # "caffeine is a stimulant": only stimulants someone is on are a medicine.
        "(on|taking|take|takes|took|prescribed) stimulants",
        "stimulants for (adhd|narcolepsy|my adhd|focus)",
        "(a|my|the|some|new|newer|different|another|extra) (new|different|stronger|weaker|first) ("
        + MEDICINE_FORMS
        + "|prescription)",
    ],
    # Words that say a medicine is taken without naming one ("the doctor put me on ...",
    # "started taking ..."); the extractor drops them when what follows is a supplement,
    # caffeine or another thing taken (actions/symptoms/extract.py).
    MEDICATION_CUE: [
        "(started|starting|start|began|begun|begin|beginning|just started|recently started) taking",
        "(doctor|doctors|gp|dr|psychiatrist|neurologist|consultant|specialist|nurse|cardiologist|prescriber) (put|started|has put|has started|switched|changed|moved) me (on|onto|to)",
        "(put|started|switched|moved) me (on|onto)",
        "(prescribed|been prescribed|was prescribed|got prescribed|newly prescribed|prescribing)",
        # a dose of a medicine, or of a supplement named with it
        "(my|the|a|his|her|new|higher|lower|double|daily|bigger|smaller|extra) (dose|dosage|doses)",
        "(changed|change|upped|increased|raised|lowered|reduced|doubled|halved|adjusted|altered|cut) (my|the|his|her) (dose|dosage|doses)",
    ],
    "supplement": [
        "(" + SUPPLEMENT_NAMES + ")",
        # "magnesium tablets" is the supplement, not a medicine
        "(" + SUPPLEMENT_NAMES + ") (tablet|tablets|pill|pills|capsule|capsules|gummies|dose|doses|dosage)",
        "(dose|doses|dosage) of (" + SUPPLEMENT_NAMES + ")",
    ],
    "diet": [
        "(diet|dieting|fasting|keto|vegan|malnourished|deficiency|deficient|deficiencies)",
        "(low|lack of|not enough) (calcium|magnesium|potassium|vitamin d|b12|iron|electrolytes|sodium|salt|vitamins)",
        "(not eating|skipping meals|skipped meals|skip meals|poor diet|bad diet|not eating properly|haven't eaten|havent eaten|barely eating)",
    ],
    "dehydration": [
        "(dehydrated|dehydration|dehyrated|dehydrated probably|thirsty|electrolytes|heatwave|heat wave|hot weather|the heat|sweating a lot|sweaty|sweating loads)",
        "not drinking (enough|much) [water|fluids]",
        "(didn't|don't|dont|didnt|not|haven't) (drink|drank|drunk|been drinking) enough [water|fluids]",
        "not enough (water|fluids)",
    ],
    "alcohol": [
        "(alcohol|booze|beer|beers|wine|drunk|hangover|hungover|vodka|whisky|whiskey|pints|binge drinking|night out|heavy drinking)",
    ],
    "wound": [
        "(rusty nail|rusty|rusty metal|puncture|puncture wound|wound|wounds|gash|laceration|deep cut|a cut|nasty cut|dog bite|animal bite|bitten)",
        "(stepped|stood|trod) on a (nail|rusty nail|nail)",
        "cut (myself|my hand|my foot|my finger|my leg|my arm)",
    ],
    # "taking the stairs", "took a break": not a medicine started
    IGNORE: [
        "(taking|take|took|takes|started taking|start taking) (the stairs|the bus|the train|the tube|a break|breaks|a nap|naps|notes|photos|pictures|a picture|a photo|lessons|classes|time off|a walk|walks|the dog|my dog|a bath|a shower|care|part|a look|a day off|a holiday)",
    ],
    "lifestyle_change": [
        "(cut|cutting|cut out|cutting out|cut down on|cutting down on|cut back on|cutting back on|stopped|stopping|quit|quitting|gave up|given up|giving up|reduced|reducing|avoiding|avoided|no more|stopped drinking|less) (coffee|caffeine|energy drinks|tea|alcohol|drinking|red bull|monster|pre workout|preworkout|coke)",
        "(tried|trying|try|tryed) (cutting|cutting out|cutting down on|cutting back on|stopping|quitting|giving up|avoiding|reducing|less) (coffee|caffeine|energy drinks|tea|alcohol|red bull|pre workout|coke)",
        "(getting|got|get|been getting|getting a lot) more (sleep|rest)",
        "(sleeping|slept|resting|rested) more",
        "(drinking|drank|drink|been drinking) more (water|fluids)",
        "(tried|trying|try|tryed) (everything|resting|rest|stretching|relaxing|massage|heat|changing|changes|cutting|cutting out|sleeping more|to relax)",
        "(rested|been resting|more rest|taking it easy|took it easy|lifestyle changes|changed my diet|stopped exercising|stopped training|stopped running|stopped going to the gym)",
        "despite (resting|cutting|sleeping|stopping|avoiding|changes|changing|rest|drinking|the changes)",
    ],
}

# ----------------------------------------------------------------------------- EMERGENCY

BREATHE = (
    "(breathe|breath|breathing|breathe properly|breath properly|breathe right|get air|get enough air|catch my breath)"
)

EMERGENCY_TEMPLATES: Dict[str, List[str]] = {
    "trouble_breathing": [
        CANT + " [really|properly] " + BREATHE,
        "(can hardly|can barely|hardly|barely|struggling to|struggle to|fighting to) " + BREATHE,
        HARD_TO + " " + BREATHE,
        "(breathing problems|breathing problem|breathing difficulty|breathing difficulties|breathing trouble|short of breath|shortness of breath|breathless|breathlessness|gasping|gasping for air|wheezing|choking for air)",
        "(breathing|breath) (is|feels|has become|getting|got|went) (hard|difficult|laboured|labored|weird|strange|funny|shallow|tight|off|wrong)",
        "(not|isn't|im not|i'm not) breathing (properly|right|normally|well)",
        "(not sure|unsure|don't know|dunno|not certain|no idea) (if|whether) [i] (can|am able to) (breathe|breath|breathe properly|breathe right)",
        "(not sure|unsure|not certain) i can " + BREATHE,
        "stopped breathing",
        "(throat|airway) [is|feels|has] (closing|closing up|swelling up|swollen shut|tightening|tight)",
    ],
    "trouble_swallowing": [
        CANT + " [really|properly] (swallow|swallowing)",
        HARD_TO + " (swallow|swallowing)",
        "(choking|choke|chokes|choked)",
        "(swallowing|swallow) (is|feels) (hard|difficult|weird)",
    ],
    "face_drooping": [
        "(face|mouth|smile|lip) [is|has|'s|keeps|started|seems|feels|looks|went|has gone|is going] [to] (drooping|droopy|drooped|droops|droop|dropped|dropping|sagging|saggy|sagged|sags|fallen|falling|lopsided|crooked|uneven)",
        "(drooping|droopy|sagging|saggy|lopsided|crooked|fallen) (face|smile|mouth)",
        "(facial droop|face droop|side of my face dropped|side of his face dropped|side of her face dropped)",
        "one side of (my|his|her|their|the) face [is|has] (drooping|droopy|dropped|sagging|fallen|numb and drooping)",
    ],
    "slurred_speech": [
        "(slurred|slurring|slur|slurs|slurry speech)",
        "(speech|words|talking|voice) (is|are|sounds|sound|coming out|came out|come out) (slurred|wrong|funny|garbled|jumbled|weird|strange|drunk)",
        CANT + " (speak|talk|get my words out|get words out|say words) [properly|right|clearly|normally]",
        HARD_TO + " (speaking|talking|speak|talk)",
        "(garbled speech|jumbled words|words are jumbled|words coming out wrong)",
    ],
    "cannot_move_limb": [
        CANT + " (move|lift) (my|his|her) [left|right] " + LIMB,
        "(can't|cannot|unable to) move [the] (left|right) " + LIMB,
        "(paralysed|paralyzed|paralysis|paralyzed|paralised|can't move at all|cannot move at all)",
        "(arm|leg|arms|legs|side) (is|are|went|has gone|have gone) (dead and|completely) (limp|useless|paralysed|paralyzed)",
    ],
    "chest_pain": [
        "(chest pain|chest pains|chest ache|chest tightness|chest pressure|tight chest|tightness in my chest|pressure in my chest|crushing chest|pain in my chest|pain in the chest|pains in my chest|heaviness in my chest)",
        "(chest|heart) (hurts|hurting|is hurting|aches|is aching|is sore|is tight|feels tight|feels heavy|feels crushed|is heavy|is pounding and hurts)",
        "(chest|heart) (feels|is) (tight|heavy|crushed|squeezed)",
    ],
    "seizure": [
        "(seizure|seizures|seizing|seized up and fell|convulsing|convulsion|convulsions|convulsed|epileptic fit)",
        "(had|having|has|have|had another|having a) (a fit|fits|a seizure)",
        "(fitting|started fitting|is fitting)",
    ],
    "unresponsive": [
        "(passed out|pass out|passing out|fainted|fainting|blacked out|black out|blacking out|collapsed|collapse|unconscious|unresponsive|knocked out)",
        "(not responding|isn't responding|isnt responding|won't respond|wont respond|not waking up|won't wake up|can't wake|cannot wake|can't wake him|can't wake her|will not wake up)",
    ],
    "overdose": [
        "(overdose|overdosed|overdosing|od|od'd|oded|od-ed)",
        "(took|taken|swallowed) too (many|much)",
        "(had|taking|take|taken) too (many|much) [of] [my|his|her] (pills|tablets|meds|medication|medicine|sleeping pills|painkillers)",
        "too many (pills|tablets|meds|painkillers|sleeping pills)",
        "(whole|entire|full) (bottle|packet|pack|box) of [my|his|her] (pills|tablets|meds|painkillers|paracetamol|sleeping pills)",
    ],
    "lockjaw": [
        # the sign, not the disease: "worried about tetanus" or "do I need a tetanus jab?" asks, it reports nothing
        "(lockjaw|lock jaw|locked jaw|lock-jaw)",
        "jaw [is|has|'s|keeps|got|feels] (locked|locking|stuck|clenched shut|seized|seized up|jammed|won't open|wont open|locked up|locked shut)",
        CANT + " open my (mouth|jaw)",
    ],
}

# ----------------------------------------------------------------------------- DURATION (phrases)

DURATION_TEMPLATES: Dict[str, List[str]] = {
    "duration": [
        "(since|from) (yesterday|last night|this morning|last week|last month|last year|the weekend|the day before yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|this afternoon|last weekend|christmas|new year|the summer|the winter)",
        "since last (monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|weekend|night)",
        "(since|from) [the|last] (spring|autumn|fall|xmas|easter|new years|thanksgiving|halloween|holidays|january|february|march|april|june|july|august|september|october|november|december)",
        "(last|this|past|the past) (week|month|year|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
        "(for|like) (ages|years|months|weeks|days|ever|forever|a long time|ages now|yonks)",
        "(ages|forever|yonks)",
        # No length, but the user says so: value "unknown", Findings.duration_unsure.
        "(not sure|unsure|don't know|do not know|dunno|no idea|can't remember|cannot remember|don't remember|lost track of) (how long|when it started|when it began)",
        "(for|been) a (while|bit|little while)",
        "(just|only) (today|this morning|since this morning|since yesterday|a few minutes|a few hours|a couple of days)",
        "(today|this morning|last night|yesterday|tonight|the day before yesterday|this afternoon|this evening|earlier today)",
        "(a|one|1) fortnight",
        "fortnight",
        "a (week|month|year|day) and a half",
        "(half a|half an) (day|hour|week|month|year)",
        "(a couple of|a couple|couple of|couple|a few|few|several|many) (seconds|minutes|mins|hours|hrs|days|weeks|wks|months|years|nights)",
        "(for|about|around|over|past|the past|the last|last|almost|nearly|like|roughly|approximately|than|in|within|under|since|at least|more than|less than|been|had it|going on) (a|an|one) (second|minute|min|hour|hr|day|night|week|wk|month|year|fortnight) [ish|-ish|or so]",
        "(a|an|one) (day|week|month|year|fortnight) (ago|now|or so|or two)",
    ],
    IGNORE: [
        "(years|year|yrs|yr) old",
        "(days|times) (a|per) week",
    ],
}


def _phrase_entries(label: str, templates: Dict[str, List[str]]) -> List[Tuple[str, str, str]]:
    entries = []
    for value, value_templates in templates.items():
        for template in value_templates:
            for phrase in expand(template):
                for variant in apostrophe_variants(phrase):
                    entries.append((label, variant, value))
    return entries


def phrase_patterns() -> List[Dict[str, Any]]:
    """EntityRuler phrase patterns ``{"label", "pattern", "id"}``, deterministic order."""
    tables = [
        ("EMERGENCY", EMERGENCY_TEMPLATES),
        ("SYMPTOM", SYMPTOM_TEMPLATES),
        ("LOCATION", LOCATION_TEMPLATES),
        ("DURATION", DURATION_TEMPLATES),
        ("ONSET", ONSET_TEMPLATES),
        ("FREQUENCY", FREQUENCY_TEMPLATES),
        ("SPREAD", SPREAD_TEMPLATES),
        ("TRIGGER", TRIGGER_TEMPLATES),
    ]
    seen: Dict[str, None] = {}
    out: List[Dict[str, str]] = []
    for label, templates in tables:
        for lab, phrase, value in _phrase_entries(label, templates):
            # First table wins on an identical phrase: emergency before symptom, etc.
            if phrase in seen:
                continue
            seen[phrase] = None
            out.append({"label": lab, "pattern": phrase, "id": value})
    return out


# ----------------------------------------------------------------------------- token patterns

NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty"
).split()
DURATION_UNITS = (
    "second seconds sec secs minute minutes min mins hour hours hr hrs h day days d night nights "
    "week weeks wk wks w month months mo mos mth mths mnth mnths year years yr yrs y fortnight fortnights"
).split()
_NUM = {"LOWER": {"REGEX": r"^(\d+(\.\d+)?|" + "|".join(NUMBER_WORDS) + r"|a|an|couple|few|several)$"}}
_QUALIFIER = {
    "LOWER": {
        "IN": [
            "for",
            "about",
            "around",
            "over",
            "past",
            "last",
            "almost",
            "nearly",
            "like",
            "roughly",
            "approximately",
            "approx",
            "under",
            "within",
            "than",
            "least",
            "maybe",
            "probably",
        ]
    },
    "OP": "?",
}
_RANGE = {"LOWER": {"IN": ["-", "to", "or", "like", "/", "–", "maybe", "and"]}}
_UNIT = {"LOWER": {"IN": DURATION_UNITS}}
_TAIL = {"LOWER": {"IN": ["ago", "now", "+"]}, "OP": "?"}
_COMPACT = {
    "LOWER": {
        "REGEX": r"^\d+(\.\d+)?(s|secs?|mins?|h|hrs?|hours?|d|days?|nights?|w|wks?|weeks?|mo|mos|mths?|months?|y|yrs?|years?)\+?$"
    }
}
_SLEEP_HOURS = {"LOWER": {"IN": ["hours", "hrs", "hour", "hr", "h"]}}
_EX_UNIT = {"LOWER": {"IN": ["hour", "hr", "h", "minute", "min", "mile", "miles", "k", "km", "kilometre", "kilometer"]}}
_EX_NOUN = {
    "LOWER": {
        "IN": [
            "workout",
            "run",
            "session",
            "hike",
            "ride",
            "walk",
            "swim",
            "class",
            "game",
            "match",
            "training",
            "race",
            "cycle",
            "jog",
        ]
    }
}


def token_patterns() -> List[Dict[str, Any]]:
    """Token patterns for numbers, compact forms and inflections phrases cannot list."""
    digit_num = {"LIKE_NUM": True}
    return [
        # 3 weeks, three weeks, 2-3 weeks, 4 like 5 weeks, 2 + weeks, for 10 days now, 3 weeks ago
        {"label": "DURATION", "id": "duration", "pattern": [_QUALIFIER, digit_num, _TAIL, _UNIT, _TAIL]},
        {"label": "DURATION", "id": "duration", "pattern": [_QUALIFIER, digit_num, _RANGE, digit_num, _UNIT, _TAIL]},
        {
            "label": "DURATION",
            "id": "duration",
            "pattern": [_QUALIFIER, digit_num, {"LOWER": "and"}, {"LOWER": "a"}, {"LOWER": "half"}, _UNIT, _TAIL],
        },
        {
            "label": "DURATION",
            "id": "duration",
            "pattern": [_QUALIFIER, digit_num, _UNIT, {"LOWER": "and"}, {"LOWER": "a"}, {"LOWER": "half"}],
        },
        {
            "label": "DURATION",
            "id": "duration",
            "pattern": [{"LOWER": {"IN": ["more", "less"]}}, {"LOWER": "than"}, _NUM, _UNIT, _TAIL],
        },
        {"label": "DURATION", "id": "duration", "pattern": [{"LOWER": "at"}, {"LOWER": "least"}, _NUM, _UNIT]},
        # 2wks, 36hrs, 10d, 3days
        {"label": "DURATION", "id": "duration", "pattern": [_QUALIFIER, _COMPACT, _TAIL]},
        # "25 years old" is an age; "3 days a week" is a routine
        {
            "label": "DURATION",
            "id": IGNORE,
            "pattern": [
                digit_num,
                {"LOWER": {"IN": ["years", "year", "yrs", "yr", "y"]}},
                {"LOWER": {"IN": ["old", "of", "age"]}},
            ],
        },
        {
            "label": "DURATION",
            "id": IGNORE,
            "pattern": [
                digit_num,
                {"LOWER": {"IN": ["days", "times", "nights"]}},
                {"LOWER": {"IN": ["a", "per", "each", "every"]}},
                {"LOWER": {"IN": ["week", "month"]}},
            ],
        },
        # "5 hours of sleep", "slept 4 hours": a sleep trigger, not how long the twitching lasts
        {
            "label": "TRIGGER",
            "id": "sleep",
            "pattern": [digit_num, _SLEEP_HOURS, {"LOWER": "of", "OP": "?"}, {"LOWER": {"IN": ["sleep", "kip"]}}],
        },
        {
            "label": "TRIGGER",
            "id": "sleep",
            "pattern": [
                {"LOWER": {"IN": ["slept", "sleeping", "sleep", "getting", "got", "get"]}},
                {"LOWER": {"IN": ["only", "just", "like", "about", "maybe"]}, "OP": "?"},
                digit_num,
                _SLEEP_HOURS,
            ],
        },
        {
            "label": "TRIGGER",
            "id": "sleep",
            "pattern": [digit_num, _SLEEP_HOURS, {"LOWER": {"IN": ["a", "per", "each"]}}, {"LOWER": "night"}],
        },
        # An answer to "where is it?" may start with a bare "back" ("back and chest"); elsewhere
        # "back" needs "my/lower/upper back" so that "it came back" is not a place.
        {"label": "LOCATION", "id": "back", "pattern": [{"IS_SENT_START": True, "LOWER": "back"}]},
        # "2 hour workout", "10k run": exercise, not a duration
        {
            "label": "TRIGGER",
            "id": "exercise",
            "pattern": [digit_num, {"LOWER": "-", "OP": "?"}, _EX_UNIT, {"LOWER": "long", "OP": "?"}, _EX_NOUN],
        },
        # "3 coffees a day"
        {
            "label": "TRIGGER",
            "id": "caffeine",
            "pattern": [
                digit_num,
                {"LOWER": {"IN": ["coffees", "cups", "espressos", "cans", "shots", "lattes", "red", "energy"]}},
            ],
        },
        # "5 times a day", "20x a day"
        {
            "label": "FREQUENCY",
            "id": "frequent",
            "pattern": [
                digit_num,
                {"LOWER": {"IN": ["times", "x", "time"]}},
                {"LOWER": {"IN": ["a", "an", "per", "every", "each"]}},
                {"LOWER": {"IN": ["day", "hour", "minute", "min"]}},
            ],
        },
        {
            "label": "FREQUENCY",
            "id": "occasional",
            "pattern": [
                digit_num,
                {"LOWER": {"IN": ["times", "x", "time"]}},
                {"LOWER": {"IN": ["a", "per", "every", "each"]}},
                {"LOWER": {"IN": ["week", "month", "fortnight"]}},
            ],
        },
    ]


def lemma_patterns() -> List[Dict[str, Any]]:
    """LEMMA patterns for the second ruler (after the lemmatizer): any inflection the lookup
    tables know, for words the phrase lists might miss ("twitchiest", "numbed")."""
    lemma_ids = [
        ("twitch", "twitching"),
        ("fasciculate", "twitching"),
        ("cramp", "cramp"),
        ("spasm", "spasm"),
        ("tingle", "tingling"),
        ("ache", "pain"),
        ("hurt", "pain"),
        ("numb", "numbness"),
        ("weaken", "weakness"),
        ("stiffen", "stiffness"),
        ("atrophy", "muscle_loss"),
        ("shrink", "muscle_loss"),
        ("stumble", "walking_difficulty"),
    ]
    return [{"label": "SYMPTOM", "id": value, "pattern": [{"LEMMA": lemma}]} for lemma, value in lemma_ids]


# ----------------------------------------------------------------------------- negation termset

# Words that open a new clause after "and" or a comma: "no coffee and my calf twitches".
CLAUSE_OPENERS = (
    "i i'm im i've ive i'd my it it's its this that there the now also just only he she they we "
    "his her their our some a started starting been had have has feel feels feeling lately "
    "recently yesterday today since after when still which plus then more sometimes mostly mainly "
    "especially maybe possibly perhaps probably actually kinda kind sort bit little"
).split()
CONNECTORS = [",", ";", ":", "and", "&", "+", "-", "then", "and then", "and now"]

# Base: negspacy's "en_clinical" termset (copied here so the saved config does not depend on
# negspacy's module-level lists, which its termset helper mutates in place).
_EN_CLINICAL_PSEUDO = [
    "no further",
    "not able to be",
    "not certain if",
    "not certain whether",
    "not necessarily",
    "without any further",
    "without difficulty",
    "without further",
    "might not",
    "not only",
    "no increase",
    "no significant change",
    "no change",
    "no definite change",
    "not extend",
    "not cause",
    "gram negative",
    "not rule out",
    "not ruled out",
    "not been ruled out",
    "not drain",
    "no suspicious change",
    "no interval change",
    "no significant interval change",
]
_EN_CLINICAL_PRECEDING = [
    "absence of",
    "declined",
    "denied",
    "denies",
    "denying",
    "no sign of",
    "no signs of",
    "not",
    "not demonstrate",
    "symptoms atypical",
    "doubt",
    "negative for",
    "no",
    "versus",
    "without",
    "doesn't",
    "doesnt",
    "don't",
    "dont",
    "didn't",
    "didnt",
    "wasn't",
    "wasnt",
    "weren't",
    "werent",
    "isn't",
    "isnt",
    "aren't",
    "arent",
    "cannot",
    "can't",
    "cant",
    "couldn't",
    "couldnt",
    "never",
    "patient was not",
    "without indication of",
    "without sign of",
    "without signs of",
    "without any reactions or signs of",
    "no complaints of",
    "no evidence of",
    "no cause of",
    "evaluate for",
    "fails to reveal",
    "free of",
    "never developed",
    "never had",
    "did not exhibit",
    "rules out",
    "rule out",
    "ruled out",
    "r/o",
]
_EN_CLINICAL_FOLLOWING = [
    "declined",
    "unlikely",
    "was not",
    "were not",
    "wasn't",
    "wasnt",
    "weren't",
    "werent",
    "was ruled out",
    "were ruled out",
    "free",
]
_EN_CLINICAL_TERMINATION = [
    "although",
    "apart from",
    "as there are",
    "aside from",
    "but",
    "except",
    "however",
    "involving",
    "nevertheless",
    "still",
    "though",
    "which",
    "yet",
    "cause for",
    "cause of",
    "causes for",
    "causes of",
    "etiology for",
    "etiology of",
    "origin for",
    "origin of",
    "origins for",
    "origins of",
    "other possibilities of",
    "reason for",
    "reason of",
    "reasons for",
    "reasons of",
    "secondary to",
    "source for",
    "source of",
    "sources for",
    "sources of",
    "trigger event for",
]
# negspacy's "ro" would fire on nothing useful in chat and "rule him out" style phrases are
# clinical-note language; they are left out on purpose.

EXTRA_PRECEDING = [
    "n't",
    "nt",
    "none",
    "nor",
    "neither",
    "zero",
    "no more",
    "no longer",
    "not any",
    "haven't",
    "havent",
    "hasn't",
    "hasnt",
    "hadn't",
    "hadnt",
    "won't",
    "wont",
    "wouldn't",
    "wouldnt",
    "ain't",
    "aint",
    "do not",
    "does not",
    "did not",
    "have not",
    "has not",
    "am not",
    "is not",
    "are not",
    "w/o",
    "nothing like",
    "no issues with",
    "no problems with",
    "no history of",
    "no signs",
    "denying any",
    "not had",
    "not got",
    "never get",
    "nothing",
]
# "the other leg is fine", "my face feels normal": a place or finding said to be unaffected.
EXTRA_FOLLOWING = [
    "none",
    "not really",
    "nope",
    "is fine",
    "are fine",
    "feels fine",
    "feel fine",
    "feels normal",
    "feel normal",
    "feels okay",
    "feel okay",
    "is ok",
    "are ok",
    "is okay",
    "are okay",
    "seems fine",
    "seem fine",
    "looks fine",
    "look fine",
    "is unaffected",
    "are unaffected",
    "is completely fine",
    "are completely fine",
    "is totally fine",
    "is perfectly fine",
    "are perfectly fine",
]
EXTRA_PSEUDO = [
    "not sure",
    "not certain",
    "unsure",
    "no idea",
    "no clue",
    "don't know",
    "dont know",
    "do not know",
    "not know",
    "can't tell",
    "cant tell",
    "can't remember",
    "cant remember",
    "don't remember",
    "dont remember",
    "not remember",
    "don't think so",
    "not going away",
    "isn't going away",
    "not gone away",
    "won't go away",
    "wont go away",
    "doesn't go away",
    "hasn't gone away",
    "hasnt gone away",
    "hasn't gone",
    "not gone",
    "not getting better",
    "isn't getting better",
    "not improving",
    "not improved",
    "no better",
    "not stopping",
    "won't stop",
    "wont stop",
    "doesn't stop",
    "doesnt stop",
    "hasn't stopped",
    "not stopped",
    "didn't help",
    "doesn't help",
    "hasn't helped",
    "not helping",
    "nothing helps",
    "nothing has helped",
    "no matter",
    "not just",
    "no i",
    "no my",
    "no it",
    "no ,",
    "no .",
    "nope ,",
    "no wait",
    "wait no",
    "not much better",
    "no change",
    # "never been this weak" says the weakness is there, and worse than ever.
    "never been this",
    "never been so",
    "never been that",
    "never felt this",
    "never felt so",
    "never had this",
    "never had it this",
    "never had anything like",
    "never experienced this",
    "never been like this",
]
EXTRA_TERMINATION = [
    "though",
    "whereas",
    "while",
    "other than",
    "besides",
    "just",
    "only",
    "so",
    "because",
    "cause",
    "cos",
    "coz",
    "cuz",
    "as well",
    "when",
    "whenever",
    "after",
    "instead",
    "rather",
    "except for",
    "apart from",
    "now",
]


_NEGATION_WORDS = frozenset(
    {
        "no",
        "not",
        "never",
        "without",
        "cannot",
        "none",
        "nor",
        "nope",
        "cant",
        "dont",
        "doesnt",
        "didnt",
        "wont",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "havent",
        "hasnt",
        "hadnt",
        "couldnt",
        "wouldnt",
        "shouldnt",
        "aint",
    }
)


def _is_negation_word(word: str) -> bool:
    return word in _NEGATION_WORDS or word.endswith(("n't", "n\u2019t"))


def _pseudo_prefix(phrase: str) -> str:
    """The part of an entity phrase that shields its own negation word: the words up to and
    including two after the first negation word ("can't move my left arm" -> "can't move my").
    Empty when the phrase has no negation word."""
    words = phrase.split()
    for i, word in enumerate(words):
        if _is_negation_word(word):
            return " ".join(words[: i + 3])
    return ""


@functools.lru_cache(maxsize=1)
def negation_termset() -> Dict[str, List[str]]:
    """negex ``neg_termset``: en_clinical plus chat negations, deterministic order.

    Entity phrases that themselves contain a negation word ("can't breathe", "not sleeping",
    "no feeling") contribute a pseudo-negation, so their "can't"/"not" is never read as
    negating *other* findings in the clause ("I can't sleep and my calf twitches"). Cached:
    ``extract.py`` rebuilds the same cue matcher from it.
    """
    termination = list(_EN_CLINICAL_TERMINATION) + EXTRA_TERMINATION
    for connector in CONNECTORS:
        for opener in CLAUSE_OPENERS:
            termination.append(f"{connector} {opener}")
    pseudo = list(_EN_CLINICAL_PSEUDO) + EXTRA_PSEUDO
    pseudo += [_pseudo_prefix(p["pattern"]) for p in phrase_patterns()]
    return {
        "pseudo_negations": _expand_apostrophes(p for p in pseudo if p),
        "preceding_negations": _expand_apostrophes(_EN_CLINICAL_PRECEDING + EXTRA_PRECEDING),
        "following_negations": _expand_apostrophes(_EN_CLINICAL_FOLLOWING + EXTRA_FOLLOWING),
        "termination": _expand_apostrophes(termination),
    }


def _expand_apostrophes(phrases: Iterable[str]) -> List[str]:
    return _unique(v for p in phrases for v in apostrophe_variants(p))
