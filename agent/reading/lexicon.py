"""Word lists and patterns the offline understanding uses. Kept apart from the logic so they can
grow without touching it. Patterns are matched case-insensitively against one clause at a time."""

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

# ---- data sensitivity ----------------------------------------------------------------------
DATA_STAYS = rx(
    r"confidential",
    r"must (?:stay|remain|be kept)",
    r"(?:stay|remain|kept)s? (?:on|in|inside|within) (?:our|the|their|its)",
    r"on[- ]?prem(?:ise|ises)?\b",
    r"air[- ]?gapped",
    r"\bvpc\b",
    r"(?:never|cannot|can't|couldn't|could not|may not|must not|mustn't|not allowed to|won't|wouldn't|shouldn't) (?:leave|be sent|go|be shared|be uploaded)",
    r"no third[- ]part",
    r"\b(?:phi|pii|patient data|medical records|classified)\b",
    r"data privacy is",
    r"privacy (?:is|comes) first",
    r"(?:legal|compliance|security) (?:won't|will not|doesn't|does not) (?:allow|let|sign off)",
    r"self[- ]host(?:ed|ing)?\b",
    r"stays? (?:internal|in[- ]house|inside|with us)",
    r"forbids? (?:sending|sharing|uploading)",
    r"sovereign",
    r"\bregulated data\b",
    r"keep (?:the |our )?data (?:in-?house|internal|private|local)",
    r"in[- ]house only",
    r"(?:nothing|no data|none of (?:it|the data)) (?:may|can|must|should|is allowed to|will) (?:leave|go out|be sent)",
    r"(?:nothing|no data|none of (?:it|the data)) (?:ever )?(?:leaves|goes out|gets sent|is sent)",
    # no outside services at all: "no external APIs", "no third-party vendors"
    r"\bno (?:external|outside|hosted|cloud|third[- ]party) (?:apis?|vendors?|providers?|services|llms?|models?|endpoints?)\b",
)
DATA_MAY_LEAVE = rx(
    r"(?:may|can|could|is allowed to|are allowed to|allowed to|is fine to|are fine to|ok to|okay to) (?:go|be sent|leave|be shared|be uploaded|see)",
    r"(?:openai|aws|azure|anthropic|bedrock|google|vendor)s? (?:may|can|is allowed to|are allowed to) (?:see|have|receive|process)",
    r"fine (?:with|sending|to send)",
    r"(?:happy|comfortable|ok|okay) (?:to share|sharing|sending|with sending)",
    r"(?:not|isn't|is not|aren't|are not|nothing) (?:\w+ )?(?:sensitive|confidential)",
    r"\bnothing (?:in|about) (?:the |our )?(?:data|dataset|it|them|these|those)\b[^.;]{0,12}\b(?:is|are) (?:sensitive|confidential|private)",
    r"(?:public|non-sensitive) data",
    r"\b(?:privacy|data|compliance|security|legal)\b[^.;]{0,15}\bno (?:constraints?|restrictions?|concerns?|issues?|limits?|blockers?)\b",
    r"\b(?:data|dataset|it|everything|the (?:text|content|examples))\b[^.;,]{0,25}\b(?:is|are) (?:all )?(?:public|non-sensitive|not sensitive|open|publicly available)\b",
    r"(?:sending|send|sharing|share|uploading|upload)(?: the| our)? (?:data|it|examples) (?:to|with) [\w ]{2,20}? is (?:allowed|ok|okay|fine|permitted|approved)",
    r"(?:is|are) (?:allowed|permitted|approved) to (?:use|see|process) (?:the |our )?data",
    # permission to use a named provider: "we could use AWS", "OpenAI is allowed too",
    # "Bedrock is our approved vendor", "we have a contract with OpenAI"
    r"(?:can|could|may|are allowed to|get to|are free to) (?:use|go with|send (?:it|data|them) to) (?:aws|amazon|bedrock|openai|azure|anthropic|claude|google|vertex)",
    r"(?:aws|amazon|bedrock|openai|azure|anthropic|google)\b[^.;]{0,20}\b(?:is|are|were|was) (?:allowed|ok|okay|fine|approved|permitted)",
    r"\b(?:aws|bedrock|openai|azure openai|anthropic)\s+(?:ok|okay|fine|allowed|approved)\b",
    r"\bcan (?:leave|go) to (?:aws|bedrock|openai|azure|anthropic)",
    r"(?:comfortable|happy|fine) with (?:aws|bedrock|openai|azure|anthropic|the provider)",
    r"(?:to|with) (?:aws|bedrock|openai|azure|anthropic) (?:is|was) approved",
    r"(?:our|the) (?:usual|approved|preferred|existing|standard|default|main) (?:vendor|provider|cloud)",
    r"\b(?:aws|azure|gcp|google cloud|bedrock|openai)\b (?:is|are) (?:already )?our (?:\w+ )?(?:cloud|vendor|provider|platform)\b",
    r"\bour (?:\w+ )?(?:cloud|vendor|provider|platform) is (?:aws|azure|gcp|google cloud|bedrock|openai)\b",
    # a provider the company prefers or standardised on: "Anthropic's models are our preference"
    r"\b(?:aws|amazon|bedrock|openai|azure|anthropic|claude|google)(?:'s)?\b[^.;]{0,20}\b(?:is|are) (?:our|the) (?:preference|preferred|first choice|standard|go-to)\b",
    r"\bwe (?:prefer|standardi[sz]ed on|always use) (?:aws|amazon|bedrock|openai|azure|anthropic|claude|google)\b",
    r"\b(?:aws|amazon|bedrock|openai|azure|anthropic|google|vertex) (?:approval|sign-?off|clearance)\b",
    r"\b(?:approval|sign-?off|clearance|green light) (?:for|from|to use) (?:aws|amazon|bedrock|openai|azure|anthropic|google|vertex)\b",
    r"(?:contract|agreement|baa|dpa) with (?:aws|amazon|openai|azure|anthropic|microsoft|google)",
    r"(?:we're|we are|'re|are|is) (?:allowed|permitted|cleared|approved) to (?:use|go with|send (?:it|data|them) to) (?:aws|amazon|bedrock|openai|azure|anthropic|claude|google|vertex)",
    r"(?:legal|compliance|security|ciso|privacy|procurement)\b[^.;]{0,20}\b(?:signed off|approved|cleared|okayed|ok'd|green-?lit)\b[^.;]{0,20}\b(?:aws|amazon|bedrock|openai|azure|anthropic|google|vertex|the vendor|the provider)",
)
# Phrases that lift a "data stays" cue ("doesn't need to stay on-prem").
DATA_STAYS_LIFTED = rx(
    r"(?:doesn't|don't|does not|do not|no) (?:need|have|has|required) to",
    r"\bnot required to\b",
    r"no (?:need|requirement) (?:to|for)",
)
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

# ---- evaluation and what was tried ---------------------------------------------------------
EVAL_PRESENT = rx(
    r"\b(?:eval|evaluation|test|regression|golden|benchmark)s?(?: set| suite| harness| pipeline| sets| data| framework)",
    r"\bevals\b",
    r"\bgolden (?:set|answers|data)",
    r"(?:measure|score|grade) (?:quality|accuracy|outputs|it|them|performance)",
    r"(?:mature|solid|automated) evaluation",
    r"(?:held[- ]out|holdout) (?:set|data|split)",
    r"\bscoring script\b",
    r"\b(?:measure|measures|measured|score|scores|scored|grade|grades|graded|judge|judges|judged|evaluate|evaluates|evaluated)\b (?:\w+ ){0,2}?(?:with|using|against|by|via) (?:a |an |our |the |their )?(?:\w+ )?(?:rubric|checklist|golden|reference|test|eval\w*|benchmark|judge)",
    r"\breference answers\b",
    r"\bbenchmarks?\b",
    r"\b(?:eval|evaluation|test)s? (?:split|rubric|cases)\b",
    r"\b(?:rubric|grading)[- ](?:based )?(?:eval\w*|scoring)",
    r"\b(?:eval|evaluation)\s+rubric",
    r"\bevals?(?:uation)?s?\W{0,3}(?:ok|okay|ready|yes|exists?|in place|done|available)\b",
    r"\btest split\b",
    r"\b(?:validation|val|dev|test|eval\w*) (?:split|set|data ?set)\b",
    r"\b(?:acceptance|regression|golden) tests?\b",
    r"\bground[- ]truth (?:labels|answers|data|set|outputs)\b",
    r"\bheld[- ](?:back|out|aside) (?:cases|examples|questions|set|data|samples)\b",
    r"\b(?:raters|graders|annotators|reviewers|qa team|qa)\b (?:\w+ ){0,2}?(?:score|scores|grade|grades|rate|rates)\b",
    r"\b(?:a/b|ab) tests?\b",
    r"\b(?:track|measure|monitor|report)\w* (?:the |its |our )?(?:[\w-]+ )?(?:accuracy|quality|f1|precision|recall|pass rate|error rate|win rate|bleu|rouge)\b",
    r"\b(?:labell?ed|graded|hand[- ]graded|annotated|gold) test (?:cases|questions|examples|data|prompts)\b",
    r"\btest (?:it |them |every change |each change |changes )?against\b",
    r"\b(?:built|build|have|has|had|created|create|set up|made|wrote|written) (?:a |an |any )?(?:proper |real |formal |automated |structured )?(?:evaluation|eval|test set|benchmark)\b",
    r"\b(?:scoring|grading|evaluation|quality|review) (?:rubric|checklist)",
    r"\b(?:grade|grades|graded|score|scores|scored|check|checks|checked|rate|rates|rated)\b[^.;]{0,40}\bagainst (?:a |an |our |the )?(?:checklist|rubric|reference|gold|golden|answer key)",
    r"\brubric (?:we|that we|which we) (?:run|use|apply|score)",
    # a sample set aside for checking: "a weekly scored sample of 200 that we use as our test"
    r"\b(?:use|used|using|treat|keep)\b[^.;]{0,20}\bas (?:our|a|the) (?:test|eval\w*|benchmark|yardstick|regression check)",
    r"\b(?:scored|graded|labell?ed|hand[- ]checked) (?:\w+ )?(?:sample|set|batch) of \d",
    r"\b(?:grade|grades|graded|score|scores|scored|run|runs|check|checks)\b[^.;]{0,30}\b(?:set|batch|sample|suite|list) of \d[\d,]*\s*(?:\w+ )?(?:questions|cases|prompts|examples|queries|tickets|answers)",
)
EVAL_ABSENT = rx(
    r"nothing to (?:measure|evaluate|test|score)",
    r"no (?:way|means) (?:to|of) (?:measure|measuring|evaluate|evaluating|test|testing|tell)",
    r"can(?:'t|not) (?:measure|evaluate|tell|test|score)",
    r"(?:don't|do not) know (?:how|if|whether) (?:to measure|it works|it's better)",
    r"no idea how to (?:measure|evaluate)",
    r"measure by (?:gut|feel|vibes)",
    r"eyeball",
    r"\b(?:eval\w*|test)(?: set| suite)?\s*:\s*(?:none|no|nope|missing)\b",
    r"nothing (?:that )?(?:tells|shows|tell|show) (?:us|me|them)(?: \w+){0,2} (?:whether|if|which)",
    r"(?:haven't|have not|never|don't|do not|hasn't|has not) (?:\w+ ){0,2}?(?:defined|agreed on|set up|built|written|created) (?:any |a |an )?(?:success |quality |evaluation )?(?:metrics?|success criteria|eval\w*|test set|tests|benchmarks?)",
    r"\bno (?:metrics?|success criteria|ground truth|baseline)\b",
    r"flying blind",
    r"(?:nobody|no one|none of us) (?:has|have|had) (?:a |any )?(?:way|means|method|process|system) (?:to|of|for) (?:measur|scor|grad|evaluat|test|check|judg)",
    r"(?:can't|cannot|couldn't|can not|unable to|(?:nobody|no one|none of us) (?:can|could|is able to)) (?:say|define|tell|articulate|explain|agree on) what (?:\W)?(?:a |an )?(?:better|good|success|correct|right|done)",
    r"(?:scratch|forget|ignore|strike|drop|disregard) (?:that |the |what i said about the )?(?:eval\w*|test set|test suite|benchmark|golden set|eval harness)",
    r"(?:eval\w*|test set|test suite|benchmark|golden set|harness)\b[^.;]{0,30}\b(?:don't|do not|doesn't|does not|never) (?:really |actually )?(?:have|had) (?:one|any|it)\b",
    r"(?:eval\w*|test set|harness|benchmark)\W{0,3}\s+(?:is|was) (?:just|only|really just) (?:us |me |someone )?(?:eyeball|look|read|skim|glanc)",
    r"(?:testing|evaluation|evals?|qa|checking|quality control) (?:is|are) (?:\w+ )?(?:\w+ and )?(?:ad[- ]hoc|informal|anecdotal|vibes?[- ]based|sporadic)",
    r"\bno (?:formal |real |proper |structured |systematic )?(?:qa|quality assurance|testing|test process)\b",
    r"\bnothing (?:\w+ ){0,2}?(?:for|on|in|around|in terms of|to do with) (?:the |our |any )?(?:eval\w*|test\w*|measur\w*|benchmark\w*|quality)",
    r"(?:evaluation|evals?|measuring quality|quality measurement|testing) (?:is|are) (?:a |an |our |still )?(?:blind spot|gap|weak spot|missing|lacking|non-existent|afterthought|on (?:the|our) to-?do list)",
    r"(?:would|'d|need to|have to|must|should) (?:first )?(?:build|create|set up|write|make) (?:an? |the |our )?(?:eval\w*|evaluation|test set|benchmark|golden set)",
    r"(?:never|haven't|have not|not yet|didn't|did not) (?:\w+ ){0,2}?defined what (?:a )?(?:good|success|correct|right)",
    r"(?:haven't|have not|never) (?:got|gotten) (?:round|around) to (?:evals?|evaluation|testing|a test set)",
    r"no idea (?:if|whether|how well)",
    r"(?:ship|deploy|release|push) (?:it |changes )?and (?:see|hope|pray)",
    r"(?:rely|relying|depend\w*) on (?:user|customer|client) (?:complaints|reports|tickets)",
    r"(?:never|haven't|have not|not yet|hasn't|has not) (?:really |actually |formally )?(?:been )?measured",
    r"(?:no|without) (?:labell?ed |graded )?test (?:data|cases|questions|examples)",
    r"(?:how|no way) (?:would|do|could|will|to) (?:we |i |they )?(?:know|tell|prove) (?:if|whether)",
    r"(?:no|without any) (?:structured |real |proper |formal )?(?:way|process|method) (?:of|for|to) (?:measur|scor|grad|evaluat|check|judg)",
    r"(?:don't|do not|doesn't|does not|never) (?:\w+ ){0,2}?(?:measure|score|grade|evaluate|test) (?:\w+ ){0,3}?(?:quality|outputs|answers|responses|it|them)\b",
)
# What people call the prompt: "the instructions", "the system message", "few-shot examples".
PROMPT_WORD = r"(?:prompt\w*|instructions?|system (?:message|prompt)|few[- ]shot)"
# Informal checking: no eval set, unless the same clause names one ("a test set, and we
# spot-check weekly").
EVAL_INFORMAL = rx(
    r"(?:only|just) (?:read|look at|skim|eyeball|glance at) (?:the |a few |some )?(?:outputs|answers|responses|results)",
    r"spot[- ]check",
    r"vibe[- ]check",
    r"gut (?:feel|feeling|check)",
    r"\banecdot",
    r"(?:only|just) (?:\w+ ){0,2}?(?:look|looking|glance|glancing|read|reading) (?:at|through) (?:a few|some|the odd|a handful of) (?:outputs|answers|responses|samples|examples)",
)
PROMPT_NOT_TRIED = rx(
    r"(?:haven't|have not|hasn't|hadn't|had not|never|not yet|didn't|did not) (?:really |seriously |properly |even |yet )?(?:tried|done|used|attempted|touched|looked at) (?:any )?(?:prompt|prompting|few-shot|system prompt)",
    r"(?:haven't|have not|not) (?:tried|done) (?:it |that |much )?(?:seriously|yet|properly)",
    r"one[- ]line prompt",
    r"(?:basic|simple|naive|default|bare|minimal|single-sentence) prompt",
    r"(?:no|without a?) (?:system )?prompt(?:ing)? (?:work|engineering|at all)",
    r"zero[- ]shot only",
    r"(?:just|only) (?:started|begun)",
    r"(?:before|without) (?:trying|any) prompt",
    r"(?:haven't|have not|hadn't|never|didn't|did not) (?:\w+ ){0,4}?(?:prompt\w*|json mode|structured output|function calling|a schema)\b(?! (?:has|have|had) (?:plateaued|stalled))",
    r"\b(?:barely|hardly|never really) tried\b",
    r"(?:nobody|no one|none of us) (?:has |have )?(?:\w+ ){0,2}?(?:tuned|touched|worked on|written|improved|looked at) (?:the |a |our |any )?prompt",
    r"(?:only|just) (?:used|tried|have) (?:the |a )?(?:default|basic|stock|generic|vendor'?s?) (?:system )?prompt",
    r"(?:for|in) (?:an|one) (?:afternoon|hour|evening)\b",
    r"whatever the vendor shipped",
    # one prompt kept unchanged: "a single prompt since launch and never changed it"
    r"(?:single|one|same|original|first) "
    + PROMPT_WORD
    + r" since (?:launch|day one|the start|the beginning|we started)",
    PROMPT_WORD
    + r"\b[^.;]{0,40}\bnever (?:changed|touched|updated|revised|edited|improved|iterated on|tweaked) (?:it|them|the prompt)\b",
    # the fix never asked of the model: "nobody has tried telling it to be brief"
    r"(?:nobody|no one|none of us|haven't|have not|hasn't|has not|never|not yet|didn't|did not) (?:\w+ )?(?:tried|bothered) (?:telling|asking|instructing|prompting|requesting)\b",
    r"(?:never|haven't|have not|hasn't|has not|didn't|did not) (?:\w+ )?(?:told|asked|instructed) (?:it|the model|the bot|the assistant|the llm)\b",
    PROMPT_WORD
    + r"\b (?:never|doesn't|does not|don't|do not) (?:\w+ )?(?:mention|say|cover|include|ask for|specify|spell out)s?\b",
    r"\b(?:just|only|still(?: on| using| with)?) (?:the |a |our )?(?:stock|default|vendor'?s?|sample|tutorial|boilerplate|starter|generic|out-of-the-box) (?:system )?prompt\b",
    r"^\W*(?:the |a |our )?(?:stock|default|vendor'?s?|sample|tutorial|boilerplate|starter|generic|out-of-the-box) (?:system )?prompt\b(?!\s+(?:has|have|had|got|is|was)\b)",
    # the prompt's length said as all the work there is: "our prompt is three lines long"
    r"(?:prompt|instructions?|system (?:prompt|message)) (?:is|are|was) (?:only |just |literally )?(?:one|two|three|a few|a couple of|\d) (?:lines?|sentences?)\b",
    r"prompting (?:hasn't|has not) been tried",
    r"still (?:iterating|working|experimenting|early) (?:on|with) (?:the |our )?"
    + PROMPT_WORD
    + r"\b[^.;]{0,20}\b(?:first|early|this) (?:week|days?|sprint)",
    r"(?:haven't|have not|hasn't|has not|not) (?:tried|done|attempted) anything(?: yet| so far)?",
    # a bare reply to "how far have you pushed prompting?": "nope, haven't tried"
    r"(?:haven't|have not|hasn't|has not|didn't|did not|not) (?:really |even )?(?:tried|attempted)(?: it| that| them)?(?: yet| so far)?\W*$",
    r"nothing (?:has been |was |is )?(?:tried|done|attempted) (?:yet|so far)",
    r"(?:we're|we are|i'm|i am) (?:just )?(?:starting out|getting started|at (?:the )?(?:very )?start)",
    r"(?:just|only|simply) (?:ask|asked|tell|told|paste|pasted) (?:it|the model|the llm|gpt\S*|claude)\b",
    r"(?:no|zero|without) (?:few[- ]shot )?examples in (?:the|our) prompt",
    r"(?:haven't|have not|never|not yet) (?:optimi[sz]ed|engineered|iterated on|tuned) (?:the |our |any )?"
    + PROMPT_WORD,
    r"(?:out[- ]of[- ]the[- ]box|off[- ]the[- ]shelf|vanilla|stock|raw) (?:model|gpt\S*|llm|claude|llama|mistral|behaviou?r)",
    r"(?:straight|directly|right) (?:to|into) fine[- ]?tun",
    r"(?:skip|skipped|skipping) (?:the )?(?:prompt|prompting)",
    r"(?:before|without) (?:even )?(?:trying|touching|writing|tweaking|improving) (?:a |the |any |our )?"
    + PROMPT_WORD,
    r"first (?:draft|version|attempt) of (?:the |a |our )?" + PROMPT_WORD,
    r"(?:version (?:one|1)|v1|v0\.\d) of (?:the |a |our )?" + PROMPT_WORD,
    r"(?:gave|give|giving|given) (?:it|the model) no (?:examples|instructions|few[- ]shot|guidance)",
    r"\bjust a (?:task description|one-liner|single instruction|bare instruction|short instruction)",
    PROMPT_WORD
    + r"\b[^.;]{0,25}\b(?:is|are) (?:next|on (?:our|the) (?:list|to-?do(?: list)?|roadmap|backlog))",
    r"(?:haven't|have not|not yet|never) (?:gotten|got) (?:round |around )?to " + PROMPT_WORD,
    # a light attempt counts as not tried: "a quick shot at prompting", "barely started on prompts"
    r"one[- ]line (?:instruction|system message)",
    r"(?:nobody|no one|none of us) (?:has |had |have )?(?:\w+ ){0,2}?(?:tuned|touched|worked on|written|improved|looked at|changed) (?:more than )?(?:the |a |our |any )?"
    + PROMPT_WORD,
    r"(?:haven't|have not|hadn't|had not|hasn't|has not) (?:experimented|done anything|started|played|tinkered)",
    r"(?:gave|had|took|made) (?:\w+ ){0,2}?(?:a |one )?(?:quick|brief|rough|light|single|first) (?:shot|pass|attempt|try|stab|go)\b",
    r"(?:barely|hardly|only just|just) (?:started|begun|touched|scratched)\b[^.;]{0,30}"
    + PROMPT_WORD,
    PROMPT_WORD
    + r"\b[^.;]{0,60}\b(?:didn't|did not|haven't|have not|never) (?:really )?(?:dig|dug|dived|gone|go|push\w*|iterat\w*)\b",
)
# A light attempt ("a couple of prompt tweaks", "didn't really dig in"): not tried, unless the
# same clause says it plateaued.
PROMPT_LIGHT = rx(
    r"(?:a )?(?:few|couple of|handful of) (?:quick |small )?"
    + PROMPT_WORD
    + r" (?:tweaks|tries|edits|variations|changes)\b",
    r"^\W*(?:but |and )?(?:we |i |they )?(?:didn't|did not|haven't|have not|never) (?:really )?(?:dig|dug|dived|gone|go|push\w*|iterat\w*) (?:in|into|deep|far|hard|much)\b",
)
PROMPT_PLATEAUED = rx(
    r"prompt\w* (?:that |which )?(?:has |have |had )?(?:plateaued|stalled|stopped improving|maxed out|hit (?:a|its|the) (?:ceiling|wall|limit)|topped out|stopped helping|isn't enough|is not enough|not enough|no longer helps)",
    r"plateau(?:ed)?",
    r"(?:quality |accuracy )?ceiling",
    r"stuck (?:at|around|on)",
    r"(?:prompt\w*|few-shot)(?:'s|\s+(?:is|are|got|has|have))?\s*(?:been )?(?:stuck|flat|capped|maxed(?: out)?|tapped out)\b",
    r"optimi[sz]ed prompt",
    r"(?:best|tuned|carefully engineered|extensive) prompt",
    r"(?:weeks|months) of (?:prompt|prompting|few-shot)",
    r"tried (?:everything|every prompt|few-shot|chain[- ]of[- ]thought|many prompts|lots of prompts)",
    r"prompt engineering (?:only )?(?:gets|got|reaches|reached) (?:us )?(?:to )?\d",
    r"still (?:inconsistent|fails|wrong|off)",
    r"even after (?:all |weeks of |months of )?(?:our |the |its )?(?:prompt\w*|few-shot|instructions)",
    r"(?:prompt\w*|few-shot)\b[^.;]{0,60}\b(?:flat(?:tened)?(?: out)?|stopped moving|no longer (?:helps|moves)|nothing anymore|ceiling (?:reached|hit))",
    r"(?:past the point where|squeezed (?:all|everything)|got (?:all|everything) (?:we|it) (?:can|could) out of) [^.;]{0,30}prompt",
    r"(?:squeezed|wrung|got|extracted|taken) (?:what|whatever|all|everything|as much as) (?:\w+ ){0,3}?(?:from|out of) (?:the |our |their )?(?:prompt\w*|few[- ]shot|instructions)",
    r"(?:still|keep) (?:reject\w*|fail\w*|get\w* (?:it )?wrong)\b[^.;]{0,60}\bprompt",
    # a score that stops rising, said of prompting: "prompting tops out at 81%"
    r"(?:prompt\w*|few[- ]shot)\b[^.;]{0,40}\b(?:tops? out|maxe[sd] out|levels? off|caps? out|can'?t get (?:past|above|beyond)|won'?t go (?:past|above))",
    r"(?:prompt\w*|few[- ]shot)\b[^.;]{0,20}\b(?:maxe[sd]|capped|peaked|topped|levell?ed) (?:out )?(?:at|around|near)\b",
    # effort spent on the prompt, or a score that does not move whatever the prompt says
    r"(?:spent|after|put in|invested|took) (?:\w+ ){0,3}?(?:weeks|months|sprints|quarters)\b[^.;]{0,40}"
    + PROMPT_WORD,
    r"(?:iterat\w*|work\w*|tweak\w*|rewr\w*|refin\w*|tun\w*) (?:on )?(?:the |our |a )?"
    + PROMPT_WORD
    + r"\b[^.;]{0,30}\b(?:for|over) (?:weeks|months|\w+ (?:weeks|months|sprints|quarters))",
    r"(?:dozens|hundreds|lots|many|tons) of (?:prompt|few[- ]shot|instruction) (?:variants|versions|variations|iterations|tweaks|rewrites)",
    r"diminishing returns",
    r"(?:optimi[sz]ed|tuned|improved|refined|pushed|polished|engineered) (?:the |our )?"
    + PROMPT_WORD
    + r" (?:about )?(?:as much as|as far as) (?:we|it|they|i) (?:can|could)",
    r"(?:dozens|hundreds|lots|many|tons|scores) of (?:different )?prompts\b",
    r"\b(?:all|each|every one)\b (?:of them )?(?:land|lands|score|scores|come out|end up|sit|sits|hover)\b (?:at|around|near|within)",
    r"best (?:we|i) (?:could|can) (?:get|do|manage) (?:with|from|out of) (?:\w+ )?" + PROMPT_WORD,
    r"(?:exhausted|maxed out|tapped out) (?:the |our )?(?:prompt\w*|few[- ]shot|instructions)",
    r"(?:prompt\w*|instructions?) (?:alone )?(?:can't|cannot|won't|will not|couldn't) (?:get|take|push) (?:us |it )?(?:past|beyond|above|any further|further|there)",
    r"(?:more|better|longer|new) (?:prompts?|instructions|few[- ]shot examples) (?:don't|doesn't|didn't|no longer|stopped) (?:help|helping|move|moving|change|improve)",
    r"(?:prompt|instruction) (?:changes?|tweaks?|versions?|edits?) (?:make|makes|made) (?:no|little|hardly any) difference",
    r"(?:ran|run|running) out of (?:prompt(?:ing)? )?(?:ideas|tricks)",
    # a share that reviewers still reject or fix, said as the ceiling of the current setup
    r"(?:reviewers|editors|agents|annotators|qa|humans?|lawyers|doctors|our team) (?:still )?(?:reject|send back|fix|correct|rewrite|edit|flag)\w* (?:about |around |roughly |nearly |almost )?(?:\d+ ?%|a (?:third|quarter|half|fifth|tenth)|\d+ (?:in|out of) \d+|one in \w+)",
    r"\d+ ?%[^.;]{0,20}\b(?:and|but|then) (?:it )?(?:got |has |have )?(?:stuck|stalled|stopped|flatlined|plateaued)\b",
    r"(?:lots|a lot|plenty|tons|loads) of prompt(?:ing| engineering| work| tuning)",
    r"(?:tuned|iterated on|refined|optimi[sz]ed|polished|worked on) (?:the |our )?"
    + PROMPT_WORD
    + r" (?:\w+ )?(?:heavily|extensively|a lot|endlessly|to death|hard)",
    r"(?:heavily|extensively|endlessly) (?:tuned|iterated|refined|optimi[sz]ed|polished|engineered) (?:the |our )?"
    + PROMPT_WORD,
    PROMPT_WORD
    + r"\b (?:(?:have|has|were|was|are|got) )?(?:already |been )*(?:tuned|iterated|refined|optimi[sz]ed|polished|engineered|reworked) (?:\w+ )?(?:hard|heavily|extensively|a lot|to death|endlessly)",
    r"(?:done|did|doing) (?:extensive|serious|heavy|a lot of|lots of|plenty of) " + PROMPT_WORD,
    r"no matter (?:how|what) (?:\w+ ){0,3}?(?:word|phrase|write|tweak|change|rework|try)\b[^.;]{0,20}"
    + PROMPT_WORD,
    r"whatever (?:we|i|they) (?:change|try|do|put)\b[^.;]{0,20}" + PROMPT_WORD,
    r"(?:sat|sitting|hovered|hovering|parked|frozen|stalled|flatlined) (?:at|around|near) (?:about |roughly )?(?:\d+(?:\.\d+)?\s*(?:%|percent)|0?\.\d+)",
    r"(?:score|accuracy|quality|metric|number|result|pass rate|f1)s? (?:\w+ ){0,2}?(?:won't|will not|doesn't|does not|didn't|don't) (?:budge|move|improve|go up)",
    r"(?:score|accuracy|quality|metric|number|result|pass rate|f1)s? (?:\w+ ){0,2}?(?:won't|will not|doesn't|does not|didn't|don't|can't|cannot|never) (?:go|get|climb|rise|move|break) (?:past|above|beyond|over|through)",
    PROMPT_WORD + r"\b[^.;]{0,30}\bas far as (?:it|they|that) (?:goes|go|can go|will go)",
)

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
    r"(?:[\w]+-)?(?:good|approved|graded|gold|reference|curated|vetted|accepted|rated|reviewed|scored|verified|checked) (?:answers?|replies|responses|outputs?)|"
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
COST_PRESSURE = rx(
    r"(?:cut|reduce|lower|save|slash|trim) (?:the )?(?:cost|costs|spend|spending|money|bill|price)",
    r"too expensive",
    r"save money",
    r"cheaper",
    r"costs? (?:too much|a fortune)",
    r"\b(?:pay|pays|paying|paid|spend|spends|spending|spent) (?:a fortune|a lot|too much|through the nose|a ton|heavily)\b",
    r"costs? (?:us |them |me )?(?:too much|a fortune|a lot|way too much)",
    r"(?:bill|invoice|spend)s? (?:\w+ ){0,4}?(?:is|are|was|gets|keeps) (?:\w+ )?(?:painful|huge|high|brutal|insane|too high|climbing|growing|exploding)",
    r"\bbill\b",
    r"cost (?:reduction|savings?)",
    r"\bcostly\b",
    r"\b(?:biggest|largest|main|top|huge|growing|fastest-growing) (?:cost|expense|line item|spend|bill)\b",
    r"\b(?:expensive|pricey)\b",
    r"\b(?:complaint|problem|issue|pain(?: point)?|goal|priority)s?\s*[:\u2013-]\s*(?:the |high |too much )?(?:cost|price|bill|spend)",
)
LATENCY_PRESSURE = rx(
    r"\blatency\b",
    r"\bslow\b",
    r"\bfaster\b",
    r"real[- ]time",
    r"\bp9[59]\b",
    r"response time",
    r"\b(?:complaint|problem|issue|pain(?: point)?|goal|priority)s?\s*[:\u2013-]\s*(?:the |high )?(?:latency|speed|slowness|response time)",
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
