"""Word lists and patterns the offline understanding still uses: units and what a number counts,
providers, compliance regimes, task kinds and the situation facts the learned heads cannot own
yet (bench/README: each was tried). Prompting effort, the evaluation set, data permission, speed
and cost are read by the learned heads alone (agent/learned). Patterns are matched
case-insensitively against one clause at a time."""

from __future__ import annotations

import re


def rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


NEGATION = rx(
    r"\bno\b",
    r"\bnot\b",
    r"n't\b",
    r"\bnever\b",
    r"\bwithout\b",
    r"\bnothing\b",
    r"\bnone\b",
    r"\bcannot\b",
    r"\black(?:s|ing)?\b",
    r"\bneither\b",
    r"\bnor\b",
    r"\bzero\b",
    r"\byet to\b",
    r"\bnobody\b",
    r"\bno one\b",
    r"\bhardly any\b",
)

# ---- providers and compliance named --------------------------------------------------------
PROVIDERS = {
    "openai": rx(r"\bopenai\b", r"\bgpt[- ]?\d", r"\bchatgpt\b", r"\bazure openai\b"),
    "bedrock": rx(r"\baws\b", r"\bbedrock\b", r"\bamazon\b"),
    "anthropic": rx(r"\banthropic\b", r"\bclaude\b"),
    "azure": rx(r"\bazure\b"),
    "google": rx(r"\bvertex\b", r"\bgemini\b", r"\bgcp\b"),
}
COMPLIANCE = {
    "anthropic_safety": rx(
        r"anthropic'?s? safety",
        r"claude[- ](?:level|grade|like|style) (?:safety|guardrails|harmlessness)",
        r"anthropic[- ](?:level|grade)",
        r"safe(?:ty)? (?:of|like) claude",
        r"safety (?:guarantees|training|assurances)",
        r"(?:constitutional|responsible) ai",
    ),
    "sla": rx(
        r"\bslas?\b", r"service[- ]level", r"uptime (?:guarantee|commitment)", r"enterprise support"
    ),
    "soc2": rx(r"\bsoc ?2\b", r"\bsoc ii\b"),
    "hipaa": rx(r"\bhipaa\b"),
    "gdpr": rx(r"\bgdpr\b"),
    "pci": rx(r"\bpci\b"),
}

# ---- units attached to numbers -------------------------------------------------------------
PREFERENCE_UNITS = rx(
    r"^\W*(?:\w+\W+){0,3}?(?:preference|comparison|ranking|chosen|rejected|pairwise|thumbs|judge?ments)"
)
PREFERENCE_CONTEXT = rx(
    r"compar",
    r"prefer",
    r"\braters?\b",
    r"judge?ment",
    r"chosen",
    r"rejected",
    r"ranked",
    r"\bwinner",
    r"\b(?:picked|chose|marked|voted for) (?:the )?(?:better|best|preferred|stronger)",
)
EXAMPLE_UNITS = rx(
    r"^\W*(?:\w+[\W]+){0,3}?(?:examples?|samples?|pairs?|transcripts?|tickets?|conversations?|records?|rows?|"
    r"demonstrations?|outputs?|summaries|summary|claims?|emails?|dialogues?|chats?|annotations?|responses?|"
    r"completions?|instances?|labels?|labell?ed|annotated|q&a|qa pairs|messages? we (?:like|approved)|"
    r"(?:[\w]+-)?(?:good|approved|graded|gold|reference|curated|vetted|accepted|rated|reviewed|scored|verified|checked)(?: (?:past|previous|old|historical|real|human|agent))? (?:answers?|replies|responses|outputs?)|"
    # any plural thing that was checked by people: "3,000 reviewed stories", "800 corrected invoices"
    r"(?:[\w]+-)?(?:approved|graded|curated|vetted|accepted|rated|reviewed|verified|corrected|annotated|labell?ed|tagged|hand-?written|expert-written) [a-z]+s|"
    r"replies|drafts|descriptions|notes|sequences|logs|clauses|triage examples|"
    # "900 of them were rated by agents": the labelled part of what was counted before
    r"of (?:them|those|these) (?:were |are |have been |got |had been )?(?:rated|labell?ed|reviewed|graded|annotated|approved|scored|checked|corrected)|"
    # "about 3.5k, all reviewed by hand": what was done to them says they are examples
    r"(?:all|each|every one|most|mostly)(?: of them)? (?:\w+ )?(?:hand[- ])?(?:reviewed|labell?ed|annotated|checked|graded|verified|approved|curated))\b"
    # "one consistent output format" names a format, not a data set
    r"(?!\s+(?:format|schema|style|structure|length|quality|tokens?)\b)"
)
VOLUME_UNITS = rx(
    r"^\W*(?:[\w-]+\W+){0,3}?(?:a|an|per|each|every|/|a\s+single)\s*(?P<period>day|daily|month|monthly|hour|minute|min|second|sec|week)\b",
    r"^\s*(?:[a-z-]+\s*)?/\s*(?P<period2>day|d|month|mo|hour|h|hr|min|s|sec|week|wk)\b",
    r"^\W*(?:[\w-]+\W+){0,2}?(?P<daily>daily)\b",
    r"^\s*(?P<qps>qps|rps|requests per second)\b",
)
TOKEN_UNITS = rx(
    r"^\s*(?:-\s*)?(?:(?P<qual>prompt|input|output|completion|response|context|system[- ]prompt)\s+)?tokens?\b"
)
COMPLETION_CONTEXT = rx(r"completion", r"output", r"response", r"answer", r"generat", r"reply")
LATENCY_UNITS = rx(r"^\s*(?P<unit>ms|milliseconds?|s|secs?|seconds?)\b")
PERCENT_UNITS = rx(r"^\s*(?:%|percent)")

# ---- task kinds and situation --------------------------------------------------------------
TASK_KINDS = {
    "format": rx(
        r"\btemplate",
        r"\bformat",
        r"\bjson\b",
        r"\bxml\b",
        r"\byaml\b",
        r"\bcsv\b",
        r"\bschema",
        r"\b(?:required|missing|mandatory|output|json|schema|empty|extra|named|all (?:the )?)\s+fields?\b",
        r"\bfields? (?:are |is )?(?:missing|empty|wrong|renamed|in (?:the|our) (?:output|schema|json))",
        r"structured output",
        r"always (?:be|return|output|follow|produce)",
        r"markdown table",
    ),
    "extraction": rx(r"\bextract", r"\bparse\b", r"\bentities\b"),
    "style": rx(
        r"brand(?:'s)? voice",
        r"\btone\b",
        r"\bstyle\b",
        r"\bvoice\b",
        r"\bpersona\b",
        r"sound(?:s)? like",
        r"house style",
        r"on[- ]brand",
        r"writing style",
    ),
    "domain_vocab": rx(
        r"(?:garbles?|mangles?|misspells?|confuses?|mixes up|gets wrong|misuses?|doesn't understand|does not understand|butchers?) (?:\w+ ){0,3}?(?:terms|terminology|jargon|abbreviations|acronyms|codes|vocabulary|lingo)",
        r"jargon",
        r"terminology",
        r"domain (?:vocabulary|language|terms|words)",
        r"acronyms",
        r"technical terms",
    ),
    "knowledge": rx(
        r"\bknow (?:everything|all|about|our)",
        r"handbook",
        r"documentation",
        r"knowledge base",
        r"\bfaqs?\b",
        r"\bwiki\b",
        r"(?:outdated|out[- ]of[- ]date|stale|old|incorrect|wrong) (?:answers|information|info|facts|prices|pricing|data)",
        r"answer questions (?:about|on|from)",
        r"product catalog",
        r"\bpolicies\b",
        r"internal docs",
        r"our (?:docs|documents|manuals|contracts)",
        r"latest (?:prices|pricing|news|data)",
        r"\bfacts\b",
        r"inventory",
        # what the model does not know, in plain words
        r"(?:doesn't|does not|don't|do not|can't|cannot) know (?:about |anything about |the )?(?:our|their|its|the latest|recent|current|internal|company)",
        # ... but answers from our people are examples, not a knowledge source
        r"(?:questions|answers?) (?:about|on|from) (?:our|their|its|the company's|internal|company)"
        r"(?! (?:\w+ )?(?:reps|agents|team|staff|writers|experts|engineers|people|employees|analysts|"
        r"doctors|nurses|lawyers|editors|customers|users|reviewers|annotators)\b)",
        r"(?:internal|proprietary|company|private|in-house) (?:data|documents|docs|information|knowledge|wiki|files|pages|reports|records)",
        r"(?:product|technical) (?:specs|specifications|details|information|manuals|sheets|documentation)",
        r"(?:latest|recent|current|up[- ]to[- ]date|real[- ]time|live|today's|this (?:week|month)'s) (?:information|info|data|news|figures|numbers|events|stock|availability|rates|status|prices|inventory|release notes|schedule)",
        r"\b(?:stock|inventory) levels\b",
        r"(?:published|posted|released|announced|updated|filed) (?:this morning|today|yesterday|this week|hours ago|minutes ago|overnight)",
        r"\b(?:breaking|today's|latest) (?:news|articles|stories|headlines)",
        r"knowledge cut[- ]?off",
        r"(?:after|since) (?:its|the model's|their) training",
        r"(?:look|looks|looking) (?:things |it |them )?up",
        r"\bground(?:ed|ing)? (?:in|on)\b",
        r"cite (?:the |its |our )?sources",
        r"(?:source|reference|support|help[- ]?cent(?:er|re)) (?:documents|docs|articles|pages)",
        r"(?:manuals|handbooks|runbooks|playbooks|regulations|catalogu?e)\b",
        # guidelines to look things up in, not ones to behave by ("follow safety guidelines")
        r"(?<!safety )(?<!style )(?<!brand )(?<!editorial )(?<!tone )(?<!content )(?<!follow )"
        r"(?<!follow our )(?<!follow the )guidelines\b",
    ),
    "reasoning": rx(
        r"\breason",
        r"step[- ]by[- ]step",
        r"calculat",
        r"\bmath",
        r"multi[- ]step",
        r"skips? steps",
        r"\blogic",
        r"chain[- ]of[- ]thought",
    ),
    "novel_capability": rx(
        r"no (?:existing |current |off-the-shelf )?model can",
        r"novel task",
        r"new capabilit",
        r"can't do (?:it|this|that) today",
        r"(?:proprietary|custom|internal|in-house|bespoke) (?:\w+ )?(?:format|language|notation|dsl|file format|encoding|syntax)",
        r"nothing (?:off the shelf|out there|available) (?:can|does|handles)",
        r"no model (?:does|handles|supports|knows)",
        r"(?:models|llms) (?:fail|can't|cannot) (?:at|do|handle) (?:it|this) entirely",
    ),
    "preference": rx(
        # what people prefer between answers, not which vendor the company prefers
        r"\b(?:user|human|rater|customer|annotator|reviewer|pairwise|ranked)s?'? preferences?\b",
        r"\bpreferences? (?:from|by|of) (?:our |the )?(?:users|raters|reviewers|annotators|humans|customers)\b",
        r"\d[\d,.]*\s*k? preferences\b",
        r"\bpreference (?:data|pairs|tuning|optimi[sz]ation|comparisons|labels|learning)\b",
        r"human feedback",
        r"\brlhf\b",
        r"\bdpo\b",
        r"which (?:answer|response) (?:users|people) prefer",
    ),
}
CHANGE_HIGH = rx(
    r"changes? (?:monthly|weekly|daily|hourly|often|frequently|constantly|all the time|every)",
    r"fast[- ]changing",
    r"(?:updated|change|updates) (?:every|each) (?:day|week|month|quarter)",
    r"frequently (?:updated|changing)",
    r"(?:outdated|out of date|stale)",
    r"new (?:products|prices|policies) (?:every|each|all the time)",
    r"keeps? changing",
    r"(?:changes?|changed|revised|updated|amended|edited|rewritten)\s+(?:\w+\s+){0,2}?(?:every|each|daily|weekly|monthly|hourly|constantly|with every|all the time)\b",
    r"changes? (?:with|on) every (?:release|deploy|sprint)",
    # any tense of a changing verb right before how often: "updates daily", "gets refreshed hourly"
    r"\b(?:updat|chang|revis|refresh|amend|rotat)\w*\s+(?:\w+\s+)?(?:daily|hourly|weekly|constantly|"
    r"all the time|several times a (?:day|week)|every (?:day|hour|week|morning|night))\b",
)
CHANGE_LOW = rx(
    r"\bstable\b",
    r"rarely changes?",
    r"(?:change[sd]?|updated?|revised?) (?:only )?(?:once|twice) (?:a|per|every) (?:year|quarter)",
    r"(?:only )?(?:change[sd]?|updated?) (?:yearly|annually|once in a while)",
    r"(?:hardly|almost never|seldom) (?:ever )?change",
    r"(?:doesn't|does not|won't|will not) change",
    r"fixed (?:task|rules)",
    r"static\b",
)
HARDWARE = rx(
    r"(?:our own|own|in-house|on-prem\w*|dedicated|spare) (?:\w+ )?(?:gpus?|cluster|hardware|servers|data ?cent(?:er|re)|infrastructure)",
    r"\bself[- ]?host",
    # a card named by its model: a closed list, exact (data-centre and desk GPUs)
    r"\b(?:a100|h100|h200|l40s?|l4|t4|v100|a10g?|a40|a6000|mi[23]\d0x?|4090)s?\b",
    r"\b(?:rtx|geforce|quadro)\b",
    r"we (?:run|host|serve) (?:llama|mistral|qwen|phi|gemma|our own)",
    r"\bgpus?\b",
)
ML_SKILLS = rx(
    r"\bml (?:team|engineers?|expertise|skills|platform)",
    r"machine learning (?:team|engineers?)",
    r"data scientists?",
)
MULTI_TENANT = rx(
    r"multi[- ]?tenant",
    r"per[- ](?:customer|tenant|client|brand|seller|user)",
    r"(?:every|each) (?:seller|customer|client|tenant|brand|merchant|team|author)s? (?:wants|needs|has|gets|with)",
    r"(?:their|its) own (?:style|voice|tone|format)",
    r"(?:hundreds|thousands|dozens) of (?:customers|clients|tenants|brands|sellers)",
)
ON_DEVICE = rx(
    r"\boffline\b",
    r"on[- ]device",
    r"\bedge\b",
    r"\b(?:phone|mobile|car|vehicle|head unit|embedded|laptop|iot|microcontroller|wearable|kiosk)s?\b",
    r"without (?:internet|network|connectivity)",
    r"no (?:internet|connectivity|network)",
)
SFT_DONE = rx(
    r"\bsft (?:is |was |has been )?(?:already )?(?:done|complete|finished)",
    r"already (?:fine[- ]?tuned|did sft|have an? sft|trained)",
    r"supervised fine[- ]?tun\w* (?:is |was )?(?:done|complete)",
    r"after sft",
    r"sft model",
)
LARGE_MODEL = rx(
    r"(?:frontier|large|big|bigger|hosted|flagship) (?:\w+ )?model",
    r"\bgpt-?4\w*",
    r"claude (?:opus|sonnet)",
    r"\b(?:sonnet|opus)\b",
    # the hosted flagship named by family alone ("we distil Claude"), not its small tier
    r"\bclaude\b(?![- ]?(?:\d(?:\.\d)?[- ])?(?:haiku|instant))",
    r"\bo[13]\b",
)
TEACHER = rx(
    r"outputs? (?:from|of|by) (?:the |a |our )?(?:frontier|large|bigger|teacher|gpt-?4\w*|claude|strong)",
    r"(?:gpt-?4\w*|claude|frontier model|teacher)(?:'s)? (?:outputs|generations|responses|answers)",
    r"\bteacher\b",
    r"logged (?:outputs|responses) (?:from|of)",
    r"(?:use|using|have|let|get) (?:it|gpt-?4\w*|claude\S*|the (?:big|large|frontier|bigger) model) (?:to )?(?:generate|produce|label|write|create|annotate)\b",
    r"(?:\d[\d,.]*\s*k?|thousands|lots|hundreds) of (?:its|their|the model's|the big model's|gpt-?4\w*'s|claude's) (?:outputs|responses|answers|generations|completions)",
    r"(?:outputs|responses|answers|generations) (?:from it |from them )?(?:we're|we are|the team is|that we're|that we are) (?:happy|satisfied|pleased) with",
    r"\d[\d,.]*\s*k? of (?:its|their|the model's|the big model's|gpt-?4\w*'s|claude's|sonnet's|opus's) \w+",
    r"\b(?:kept|saved|logged|stored|collected|archived) (?:\w+ ){0,4}?of (?:its|their|the model's|the big model's|gpt-?4\w*'s|claude's) (?:answers|outputs|responses|generations|labels|completions|transcripts)",
    r"logged (?:\d[\d,.]*\s*k? )?(?:good |great |approved )?(?:outputs|responses|answers) (?:from|of) (?:it|them|the model)",
)
# Every answer of the model in use kept: a teacher's outputs when that model is a large one
# ("we already log all its outputs", "has stored every response").
OUTPUTS_KEPT = rx(
    r"\b(?:keep|keeps|kept|save|saves|saved|log|logs|logged|store|stores|stored|record|records|recorded)\b (?:everything|all|whatever) (?:that )?(?:it|the model|they) (?:outputs|produces|returns|generates|says|writes)\b",
    r"\b(?:keep|keeps|kept|save|saves|saved|log|logs|logged|store|stores|stored|collect|collects|collected|archive|archives|archived|record|records|recorded)\b (?:\w+ ){0,2}?(?:all|every|each|most)(?: one| single one)? (?:of )?(?:its|their|the model's|the|those|these|our)? ?(?:outputs?|responses?|answers?|generations?|completions?|replies|extractions?|labels?|classifications?|summaries|predictions?|results?)\b",
    r"\b(?:all|every|each)(?: one)? (?:of (?:its|their) )?(?:outputs?|responses?|answers?|generations?|completions?|replies) (?:is |are |was |were |gets? |got |being )?(?:saved|stored|logged|kept|archived|recorded)\b",
    # "it has a year of approved outputs": outputs on hand, people's checks or not
    r"\b(?:have|has|got)\b (?:\w+ ){0,4}?(?:approved|logged|saved|stored|reviewed|vetted|archived|graded) (?:outputs?|responses?|completions?|generations?)\b",
    r"\b(?:outputs?|responses?|answers?|completions?|generations?)\s*[:\u2013-]\s*(?:all |every one |each )?(?:are |were |is )?(?:logged|saved|stored|kept|archived|recorded)\b",
)
HALLUCINATION = rx(
    r"hallucinat",
    r"makes? (?:things|stuff|facts) up",
    r"made[- ]up",
    r"(?:outdated|wrong|incorrect|stale) (?:answers|facts|information)",
    r"\b(?:invents?|inventing|makes? up|making up|made up|fabricat\w*)\b",
    r"(?:features|products|terms|endpoints|policies) (?:\w+ ){0,3}?never (?:had|existed|offered)",
    r"(?:don't|doesn't|do not) exist",
    r"(?:cites?|citing|quotes?|quoting|mentions?|offers?|offering|recommends?|recommending)\b[^.;]{0,30}\b(?:we|that we|which we|they) (?:retired|discontinued|dropped|removed|replaced|killed|sunset|stopped)",
    r"no longer (?:exists?|offered|applies|valid|sold|available)",
)
WEIGHT_CHANGE = rx(
    r"fine[- ]?tun",
    r"\blora\b",
    r"\badapter",
    r"\bqlora\b",
    r"train (?:a|our|the|an|on|it)",
    r"retrain",
    r"customi[sz]e (?:the|a) model",
    r"\bcustom(?:ised|ized)? (?:model|llm)\b",
    r"\b(?:train|build|have) (?:our|their|its) own (?:model|llm)\b",
    r"distill",
    r"\bdpo\b",
    r"\brlhf\b",
)
NARROW = rx(
    r"\bnarrow\b",
    r"single (?:task|purpose)",
    r"one (?:specific )?task",
    r"\bstable\b",
    r"well[- ]defined",
)
# Provider model ids as users paste them: gpt-4-turbo, ft:gpt-4o-mini, claude-3-haiku-20240307,
# anthropic.claude-3-haiku-20240307-v1:0, self-hosted:A100-80GB.
MODEL_ID = re.compile(
    r"(?<![\w.:-])(?:ft:)?(?:gpt-[\w.-]+|o[134](?:-mini)?|claude-[\w.-]+"
    r"|(?:(?:us|eu|apac)\.)?(?:anthropic|meta|amazon|mistral|cohere)\.[\w.:-]+"
    r"|self-hosted(?::[\w-]+)?)",
    re.IGNORECASE,
)
