"""The words criteria use to state a limit: variables, comparators, units and numbers, as data.

Each table is read by one loop in :mod:`tasks.normalize.thresholds`; adding a quantity, a
comparator phrase or a unit spelling is adding a row here. Patterns are case-insensitive
unless marked ``(?-i:...)`` (short acronyms such as "Hb" or "EF" that are common words in
lower case).
"""

from __future__ import annotations

import re

# (canonical name, alias pattern): the first row whose pattern matches a phrase names it, so a
# specific phrase ("hemoglobin A1c", "creatinine clearance") comes before its general one.
VARIABLES: tuple[tuple[str, str], ...] = (
    ("hba1c", r"\bH(?:gb?|b)\s*A1c\b|\bA1c\b|\bh(?:a)?emoglobin\s+A1c|\bglyc(?:osyl|)ated\s+h(?:a)?emoglobin"),
    ("creatinine_clearance", r"\bcreatinine\s+clearance|\bCrCl\b|\bCLcr\b|\bCl\s?Cr\b"),
    (  # not the EGFR gene ("at least one EGFR tyrosine kinase inhibitor", "EGFR-sensitive mutation")
        "egfr",
        r"\be?GFR\b(?![\s-]*(?:tyrosine|TKI|mutat|inhibit|sensiti|exon|amplif|targeted))|\bglomerular\s+filtration\s+rate",
    ),
    ("creatinine", r"\b(?:serum\s+)?creatinine\b|(?-i:\bS?Cr\b)"),
    ("bilirubin", r"\bbilirubin|\bT-?BIL\b|\bT\.?\s?bili\b|\bTBL\b"),
    ("ast", r"\bAST\b|\bSGOT\b|\baspartate\s+(?:amino)?transaminase|\baspartate\s+aminotransferase"),
    ("alt", r"\bALT\b|\bSGPT\b|\balanine\s+(?:amino)?transaminase|\balanine\s+aminotransferase"),
    ("ast+alt", r"\b(?:serum\s+)?(?:trans|amino)aminases?\b|\baminotransferases\b|\btransaminases?\b|\bALAT\b"),
    # no name of the brief: one name for the analyte however written, so that a query finds "ALP" limits
    # too; its bracketed acronym is no second quantity
    ("alkaline phosphatase", r"\balkaline\s+phosphatase(?:\s*\(ALP\))?|\bALP\b"),
    ("albumin", r"\b(?:serum\s+)?albumin\b"),
    ("amylase", r"\b(?:serum\s+)?amylase\b"),
    ("lipase", r"\b(?:serum\s+)?lipase\b"),
    ("platelets", r"\bplatelets?\b|\bPLT\b|\bthrombocytes?\b"),
    ("anc", r"\babsolute\s+neutrophil(?:\s+count)?|\bANC\b|\bneutrophils?\b|\bgranulocytes?\b|\bAGC\b"),
    ("wbc", r"\bwhite\s+blood\s+(?:cells?|counts?)\b|\bWBC\b|\bleu[ck]ocytes?\b(?!\s+antigen)"),  # not HLA
    ("alc", r"\babsolute\s+lymphocyte(?:\s+count)?|\bALC\b|\blymphocytes?\b(?!\s+infiltrat)"),
    ("hemoglobin", r"\bh(?:a)?emoglobin\b|(?-i:\bHg?b\b|\bHB\b)|\bHGB\b"),  # "HB≥90 g/L" too
    ("inr", r"\bINR\b|\binternational\s+normali[sz]ed\s+ratio"),
    ("aptt", r"\bAPTT\b|\bactivated\s+partial\s+thromboplastin\s+time"),  # as labellers write "aPTT", "APTT"
    ("ptt", r"\bPTT\b|\bpartial\s+thromboplastin\s+time"),
    ("pt", r"(?-i:\bPT\b)|\bprothrombin\s+time"),
    ("bun", r"\bBUN\b|\b(?:blood\s+)?urea\s+nitrogen\b"),
    ("glucose", r"\b(?:fasting\s+)?(?:(?:plasma|blood|serum)\s+)?glucose\b|\bF[PB]G\b|(?-i:\bBG\b)|\bhyperglyca?emia"),
    ("systolic_bp", r"\bsystolic(?:\s+blood\s+pressure|\s+BP)?|\bSBP\b"),
    ("diastolic_bp", r"\bdiastolic(?:\s+blood\s+pressure|\s+BP)?|\bDBP\b"),
    ("temperature", r"\b(?:body\s+)?temperature\b"),
    ("triglycerides", r"\b(?:fasting\s+)?(?:serum\s+)?triglycerides?\b"),
    # not in the brief's list: named as labellers write it, "resting" kept
    ("resting heart rate", r"\bresting\s+(?:heart\s+rate|pulse(?:\s+rate)?)\b|\bheart\s+rate\s+at\s+rest\b"),
    # "Pulse < 50 bpm" is the heart rate: one name, whichever word a criterion uses
    ("heart rate", r"\bheart\s+rate|\bpulse(?![\s-]+ox)(?:\s+rate)?\b|(?-i:\bHR\b)"),
    ("qtc", r"\bQTc[FB]?\b|\bcorrected\s+QT|\bQT\s+interval|\bQTcF\b"),
    ("fev1/fvc ratio", r"\bFEV\s?1\s*/\s*FVC\b(?:\s+ratio\b)?"),  # one ratio, not an FEV1 and an FVC limit
    ("fev1", r"\bFEV\s?1\b|\bforced\s+expiratory\s+volume"),
    ("fvc", r"\bFVC\b|\bforced\s+vital\s+capacity"),
    ("dlco", r"\bDL\s?CO\b|\bdiffusing\s+capacity"),
    ("spo2", r"\bSp\s?O2\b|\bSaO2\b|\b(?:oxygen|O2)\s+saturation|\bpulse[\s-]+ox(?:imetry|ygen(?:\s+saturation)?)"),
    ("lvef", r"\bLVEF\b|\b(?:left\s+ventricular\s+)?ejection\s+fraction|(?-i:\bEF\b)"),
    ("bmi", r"\bBMI\b|\bbody\s+mass\s+index|\b(?-i:IMC)\b"),  # IMC: "indice de masse corporelle" (fr, es, pt)
    ("weight", r"\b(?:body\s+)?weight\b(?!-)|(?-i:\bBW\b)|\bweigh(?:s|ing)?\b"),
    ("height", r"(?<!disc\s)\bheight\b(?!-)"),  # not "height-for-age z-score", nor a disc's height
    ("gestational age", r"(?:'\s*)?\bgestation(?:al\s+age)?\b"),  # "at 20-30 weeks' gestation": after the value
    ("ecog", r"\bECOG\b|\bEastern\s+Cooperative\s+Oncology|\bZubrod\b|\bWHO\s+performance|\bWHO[- ]PS\b|(?-i:\bPS\b)"),
    ("karnofsky", r"\bKarnofsky|\bKPS\b"),
    ("lansky", r"\bLansky"),
    (
        "life_expectancy",
        r"\blife[\s\-‐‑]+expectanc[ye]|\b(?:expected|predicted|estimated|anticipated)\s+survival|\bsurvival\s+expectancy|"
        r"\b(?:expected|expecting|estimated)\s+life\s*span|\bexpect(?:ed)?\s+time\s+of\s+surviv|\bsurvival\s+(?:is|was)\s+expected",
    ),
    ("cd4", r"\bCD4\+?(?:\s+(?:T[- ]?)?(?:cell|lymphocyte))?(?:\s+count)?"),
    # viral loads as written (no name of the brief): labellers write "hbv dna", "hcv rna", "hiv viral load"
    ("hiv viral load", r"\bHIV(?:-1)?\s+viral\s+load\b"),
    ("viral load", r"\bviral\s+load\b"),
    ("hiv-1 rna", r"\bHIV-1\s+RNA\b"),
    ("hiv rna", r"\bHIV\s+RNA\b"),
    ("hbv dna", r"\bHBV\s+DNA\b"),
    ("hcv rna", r"\bHCV\s+RNA\b"),
    ("ldh", r"\bLDH\b|\blactate\s+dehydrogenase"),
    ("potassium", r"\bpotassium\b|(?-i:\bK\+)"),
    ("corrected calcium", r"\b(?:albumin[- ])?corrected\s+(?:serum\s+)?calcium\b"),  # another quantity than calcium
    ("calcium", r"\b(?:serum\s+)?calcium\b"),
    ("sodium", r"\bsodium\b"),
    ("magnesium", r"\bmagnesium\b"),
    ("testosterone", r"\btestosterone\b"),
    ("psa", r"\bPSA\b|\bprostate[- ]specific\s+antigen"),
    ("tsh", r"\bTSH\b|\bthyroid[- ]stimulating\s+hormone"),
    ("blasts", r"\b(?:bone\s+marrow\s+|peripheral\s+|marrow\s+)?(?:lympho|myelo)?blasts?\b"),
    (
        "urine_m_protein",
        r"\burin(?:e|ary)\s+M[- ]?protein|\bM[- ]?protein\s+in\s+(?:the\s+)?urine|\burin(?:e|ary)\s+monoclonal",
    ),
    ("serum_m_protein", r"\b(?:serum\s+)?M[- ]?protein\b|\bmonoclonal\s+protein|\bM[- ]?spike"),
    ("free_light_chain", r"\b(?:serum\s+)?free\s+light\s+chains?|\bFLC\b|\bsFLC\b"),
    ("bcma_expression_percent", r"\bBCMA\b(?:\s+(?:expression|positiv\w*|\+))"),  # not "anti-BCMA", "BCMA-directed"
    ("panss", r"\bPANSS\b|\bPositive\s+and\s+Negative\s+Syndrome\s+Scale"),
    ("ham_d", r"\bHAM-?D(?:-?17)?\b|\bHDRS\b|\bHamilton\s+(?:Rating\s+Scale\s+for\s+)?Depression"),
    ("ham_a", r"\bHAM-?A\b|\bHamilton\s+(?:Rating\s+Scale\s+for\s+)?Anxiety"),
    ("madrs", r"\bMADRS\b|\bMontgomery"),
    ("vas", r"\bVAS\b|\bvisual\s+analog(?:ue)?\s+scale"),
    ("nrs", r"\bN(?:P)?RS\b|\bnumeric(?:al)?\s+(?:pain\s+)?rating\s+scale|\bnumeric\s+pain\s+rating"),  # NPRS: for pain
    ("phq9", r"\bPHQ-?9\b|\bPatient\s+Health\s+Questionnaire"),
    ("gad7", r"\bGAD-?7\b"),
    ("mmse", r"\bMMSE\b|\bMini[- ]Mental"),
    ("moca", r"\bMoCA\b|\bMontreal\s+Cognitive"),
    ("edss", r"\bEDSS\b|\bExpanded\s+Disability\s+Status"),
    ("das28", r"\bDAS-?28\b|\bDisease\s+Activity\s+Score"),
    ("nihss", r"\bNIHSS\b|\bNIH\s+Stroke\s+Scale"),
    ("gcs", r"\bGCS\b|\bGlasgow\s+Coma"),
    ("timed up and go", r"\bTimed\s+Up\s+(?:and|&)\s+Go\b|\bTUG\b"),
    ("cdr", r"\bCDR\b|\bClinical\s+Dementia\s+Rating"),
    ("ymrs", r"\bYMRS\b|\bYoung\s+Mania"),
    ("pasi", r"\bPASI\b"),
    ("easi", r"\bEASI\b"),
    ("cgi_s", r"\bCGI-?S\b"),
    ("isi", r"\bISI\b|\bInsomnia\s+Severity\s+Index"),
    ("fib4", r"\bFIB-?4\b|\bFibrosis[- ]4\b"),
    ("phq8", r"\bPHQ-?8\b"),
    ("measurable lesions", r"\bmeasurable\s+(?:[\w-]+\s+){0,3}?(?:lesions?|disease\s+sites?)"),
    (
        "time since diagnosis",
        r"\btime\s+since\s+diagnosis|\bdiagnosed(?=\s+(?:for\s+)?(?:at\s+least|more|greater|longer|over|less|within|[<>≤≥]))",
    ),
    ("gestational age", r"\bgestational\s+age\b"),
    ("odi", r"\bODI\b|\bOswestry(?:\s+(?:Low\s+Back\s+Pain\s+)?Disability\s+(?:Index|Questionnaire))?"),
    ("ndi", r"\bNDI\b|\bNeck\s+Disability\s+Index"),
    ("asa", r"(?-i:\bASA\b)|\bAmerican\s+Society\s+of\s+Anesthesiologists"),
    ("age", r"(?<!-)\bage[ds]?\b"),  # not "height-for-age"
)

# (symbol, phrase pattern) for a comparator written before its value; spelled ones included.
PREFIX_COMPARATORS: tuple[tuple[str, str], ...] = (
    (
        ">=",
        r"≥|≧|>\s*/?\s*=|=>|>\s*or\s*=|\bat\s+least|\bno\s+(?:less|lower|fewer|shorter|younger|smaller)\s+than|"
        r"\bnot\s+(?:(?:less|lower|fewer|shorter|younger|smaller)\s+than|below|under)|"
        r"\b(?:greater|more|higher)\s+(?:th[ae]n\s+)?or\s+equal(?:s)?\s+to|\bolder\s+than\s+or\s+equal\s+to|"
        r"\bequal\s+to\s+or\s+(?:greater|more|higher|older|longer|above)(?:\s+th[ae]n)?|"
        r"\ba\s+minimum\s+of|\bminimum(?:\s+of)?|\bequal\s+to\s+at\s+least|\bat\s+or\s+above",
    ),
    (
        "<=",
        r"≤|≦|<\s*/?\s*=|=<|<\s*or\s*=|\bat\s+most|\bno\s+(?:more|greater|higher|longer|older|larger|bigger)\s+than|"
        r"\bnot\s+(?:(?:more|greater|higher|longer|older|larger|bigger)\s+than|above|over)|"
        r"\bnot\s+(?:to\s+)?exceed(?:ing)?|\b(?:less(?:er)?|lower)\s+(?:th[ae]n\s+)?or\s+equal(?:s)?\s+to|"
        r"\bequal\s+to\s+or\s+(?:less|lower|younger|shorter|fewer|below)(?:\s+th[ae]n)?|"
        r"\bup\s+to(?:\s+and\s+including)?|\ba\s+maximum\s+of|\bmaximum(?:\s+of)?|\bat\s+or\s+below",
    ),
    (
        ">",
        r">|\b(?:greater|more|higher|older|longer|larger|bigger)\s+th[ae]n|\bover(?![a-z])|\babove(?![a-z])|\bexceed(?:ing|s)?\b|"
        r"\bin\s+excess\s+of|\belevated\s+above",
    ),
    ("<", r"<\s*(?:less|lower|fewer)\s+th[ae]n\b|<|\b(?:less|lesser|lower|fewer|younger|shorter|smaller)\s+th[ae]n|"
     r"\bbelow(?![a-z])|\bunder(?![a-z])"),  # "< less than 1+": a symbol restated in words is one comparator
    ("=", r"=|\bequal\s+to"),
)

# every comparator phrase of the table as one alternation, for the readers that look a comparator up
ANY_COMPARATOR = "|".join(f"(?:{pattern})" for _, pattern in PREFIX_COMPARATORS)
# roman numerals as grades and classes are written ("NYHA class III", "Pfirrmann grade IV")
ROMAN_NUMERALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7}

# (symbol, phrase) for a comparator written after its value ("18 years or older"); not one that starts a second
# limit ("lower than 50% or lower than the LLN", "or below the institutional lower limit", "below 45 or above 110")
_NO_POST = r"\b(?!\s+th[ae]n\b)(?!\s*[<>≤≥=]?\s*\d|\s+(?:the\s+)?(?:institutional\s+)?(?:lower\s+limit|LLN|normal))"
POSTFIX_COMPARATORS: tuple[tuple[str, str], ...] = (
    (">=", r"(?:or|and)\s+(?:more|greater|higher|older|above|over|later|longer|larger|bigger)" + _NO_POST),
    ("<=", r"(?:or|and)\s+(?:less|lower|younger|below|under|fewer|shorter|smaller)" + _NO_POST),
)

# a body mass index's unit, written short or out ("kg/m²", "kilograms per square meter"): a limit in it
# with nothing else named bounds the BMI
BMI_UNIT = (
    r"kg\s*/\s*m\s*(?:\^?2|²|2)|kilograms?\s*(?:/|per)\s*(?:(?:square|sq\.?)\s*met(?:er|re)s?|met(?:er|re)\s+squared?)"
)
# degrees Celsius: a limit in this unit bounds the temperature ("fever (≥ 38.0 °C)")
TEMPERATURE_UNIT = r"°\s*[CF]\b|℃|℉|degrees?\s*(?:Celsius|Fahrenheit|C|F)\b|°\s*(?:Celsius|Fahrenheit)"

# (canonical unit text, pattern): the first match is the unit as written; ``None`` keeps the text.
UNITS: tuple[tuple[str | None, str], ...] = (
    (
        "x ULN",
        r"(?:x|×|X|\*|times)\s*(?:the\s+)?(?:institutional\s+|upper\s+)?(?:ULN|upper\s+limits?\s+of\s+(?:the\s+)?normal(?:\s+range)?|"
        r"normal\s+(?:upper\s+)?(?:limit|value|range)|upper\s+limits?(?!\s+of)|norm(?:al)?\b|N\b)(?:\s*\(ULN\))?"
        r"|(?:ULN|UNL)\b|upper\s+normal\s+limit(?:ation)?(?:\s*\((?:ULN|UNL)\))?",
    ),
    (
        "x LLN",
        r"(?:x|×|X|\*|times)\s*(?:the\s+)?(?:institutional\s+)?(?:LLN|lower\s+limits?\s+of\s+(?:the\s+)?normal)|LLN\b",
    ),
    ("x 10^9/L", r"(?:x|×|X|\*)\s*10\s*(?:\^|\*\*|e)?\s*(?:9|⁹|\(9\))\s*/\s*L\b"),
    ("x 10^12/L", r"(?:x|×|X|\*)\s*10\s*(?:\^|\*\*|e)?\s*(?:12|¹²|\(12\))\s*/\s*L\b"),
    ("x 10^3/uL", r"(?:x|×|X|\*)\s*10\s*(?:\^|\*\*|e)?\s*(?:3|³|\(3\))\s*/\s*(?:µ|μ|u|micro)L\b"),
    ("x 10^3/mm3", r"(?:x|×|X|\*)\s*10\s*(?:\^|\*\*|e)?\s*(?:3|³|\(3\))\s*/\s*mm\s*(?:\^?3|³)"),
    (
        "mL/min/1.73 m2",
        r"m[lL]\s*/\s*min(?:ute)?\s*(?:/|per)\s*1[.,]73\s*m\s*(?:\^?2|²)"
        r"|millilit(?:er|re)s?\s+per\s+minute\s+per\s+1[.,]73\s*(?:square\s+met(?:er|re)s?|met(?:er|re)s?\s+squared?|m\s*(?:\^?2|²))",
    ),
    (None, r"(?:cells\s*)?(?:/|per)\s*(?:mm\s*(?:\^?3|³)|(?:µ|μ|u|micro)[lL]|cu\.?\s*mm)\b|cells\s*/\s*(?:µ|μ|u)L"),
    (None, r"(?:µ|μ|u|m|n|p)?(?:mol|Eq)\s*/\s*(?:L|l|mol|dL)\b"),
    (None, r"(?:m|µ|μ|u|n|p)?gm?\s*/\s*(?:d[lL]|[lL]|m[lL]|kg|m\s*(?:\^?2|²)|24\s*h(?:ours?|rs?)?|day|week|wk)\b"),
    (
        None,
        r"(?:(?:m|mc|µ|μ|u)?g|(?:milli|micro)?grams?)\s+per\s+"
        r"(?:decilit(?:er|re)|lit(?:er|re)|d[lL]|day|week|dose|kg|kilogram|m\s*\^?2|m²|square\s+met(?:er|re)|24\s*hours?)\b",
    ),  # "9 grams per deciliter", "> 10 mg per day"
    (None, r"(?:m|µ|μ|u)?(?:IU|U)\s*/\s*(?:m?[lL])\b|(?:log10\s+)?(?:copies|c)\s*/\s*m[lL]|IU/mL"),
    (None, r"m[lL]\s*/\s*kg\s*/\s*min\b"),  # an oxygen uptake: "VO2max 40-55 mL/kg/min"
    (None, r"m[lL]\s*/\s*min(?:ute)?\b|L\s*/\s*min\b"),
    (None, r"mm\s*Hg\b|mmHg\b"),
    (None, BMI_UNIT),
    (
        None,
        r"(?:kg|kilograms?|lbs?|pounds?|cm|centimet(?:er|re)s?|mm|millimet(?:er|re)s?|[µμu]m|microns?|micromet(?:er|re)s?|m)\b(?!\s*/)",
    ),
    (None, r"(?:mg|mcg|µg|μg|ug|g|milligrams?|grams?)(?![\w/-])(?!\s*/)(?!\s+per\b)"),  # a dose: "≤ 20 mg of X"
    (None, r"(?:msec|ms|milliseconds?|seconds?|sec)\b"),
    (None, r"Snellen\b"),  # a Snellen fraction written as its decimal (snellen.py)
    (None, r"(?:ETDRS\s+)?letters\b|diopt(?:er|re)s?\b"),  # visual acuity read on a chart, a refraction
    (None, r"(?:m[lL]|millilit(?:er|re)s?|cc)\b(?!\s*/)(?!\s+per\b)"),  # a volume: "> 500 mL of blood"
    (None, r"(?:c?Gy|Gray|centigray)\b(?:\s*\((?:c?Gy)\))?"),  # a radiation dose: "> 13.6 Gray (Gy) to the mediastinum"
    (None, r"(?:beats\s*(?:/|per)\s*min(?:ute)?|bpm)\b"),
    (None, r"m\s*/\s*s(?:ec)?\b|met(?:er|re)s?\s+per\s+second\b"),  # a speed: "gait speed < 0.8 m/s"
    (None, r"(?:km|kilomet(?:er|re)s?|miles?)(?:\s*(?:/|per)\s*(?:week|wk|day|month))?\b"),  # "≥ 20 km/week running"
    (None, r"%|percent\b|per\s*cent\b"),
    (None, r"points?\b|pack[- ]?years?\b"),
    (None, TEMPERATURE_UNIT),
    (None, r"degrees?\b|°"),  # an angle ("> 10 degrees of X"); Celsius and Fahrenheit are read above
    (None, r"(?:years?|yrs?|months?|mos?|weeks?|wks?|days?|hours?|hrs?|minutes?|mins?)\b"),
)

# every unit of the table as one alternation, for the readers that need "any unit" in a pattern
ANY_UNIT = "|".join(f"(?:{pattern})" for _, pattern in UNITS)
# a phrase that is only a unit ("pg/ml", "ml/kg/h"): it names no quantity and no event
UNIT_ONLY = re.compile(rf"(?:{ANY_UNIT})(?:/\w+)*", re.I)

# The variables that are scores: a value is often read "on" one named after it ("≥ 4 on the NRS").
SCORES = frozenset(
    "panss ham_d ham_a madrs vas nrs phq9 gad7 mmse moca edss das28 nihss gcs cdr ymrs pasi easi cgi_s isi "
    "fib4 phq8 odi ndi ecog karnofsky lansky".split()
)

# Words that end a quantity phrase read backwards from its comparator: what comes before them
# is the sentence around the quantity, not the quantity.
PHRASE_STOPS = (
    r"with|without|have|has|had|having|must|should|be|is|are|was|were|a|an|the|and|or|if|who|that|"
    r"which|been|failed|despite|equal|less|greater|more|than|still|also|only|minimum|maximum|patients?|subjects?|participants?|individuals?|persons?|people|women|men|adults?|children|but|least|"
    r"defined|as|no|not|documented|known|e\.g|i\.e|etc|including|require[sd]?|need|needs|when|where|"
    r"while|inclusion|exclusion|criteria|following|adequate|normal|abnormal|function|defined|confirmed|otherwise"
)
# Words a quantity phrase does not begin or end with ("score of" is the score).
PHRASE_TRIM = (
    r"of|in|on|for|to|at|by|from|since|than|its|their|his|her|a|an|the|any|all|each|per|screening|baseline|within|"
    r"during|over"
)

# Numbers spelled out, as criteria write counts ("at least two prior lines").
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
}

# The anchor events windows are counted from, and the categories of the events they bound (windows.py).
ANCHOR_EVENTS = (
    ("pbmc_collection", r"peripheral\s+blood\s+mononuclear|\bPBMC|apheresis|leukapheresis"),
    ("enrollment", r"enrol|registration|study\s+entry|screening"),
    ("infusion", r"infusion"),
    ("first_dose", r"first\s+dose|start\s+of\s+(?:study\s+)?treatment|initiation|day\s+1|lymphodepl"),
    ("consent", r"consent"),
    ("randomization", r"randomi[sz]"),
)
WINDOW_SUBJECTS = (
    ("vaccination", r"vaccin"),
    ("active_infection", r"infect"),
    ("immunosuppressive_therapy", r"immunosuppress|corticosteroid|steroid"),
    ("asct", r"autologous\s+stem\s+cell|\bASCT\b|\btransplant"),
    ("investigational_drug", r"investigational|other\s+clinical\s+trials?|clinical\s+stud"),
    ("anticancer_therapy", r"chemotherapy|anti-?cancer|anti-?tumou?r|radiotherapy|radiation|antibod|CAR-?T"),
    ("surgery", r"\bsurg|\boperation\b|\bresection"),
)
# the category of an event no specific subject names
GENERIC_WINDOW_SUBJECTS = (
    ("prior_treatment", r"therap|treatment|medication|\bdrugs?\b(?!\s+(?:addiction|abuse|use))"),
)
