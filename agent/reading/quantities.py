"""What a number counts: money, traffic, tokens, latency, scores, training examples, preference
pairs, the size of an eval set or of a prompt's few-shot examples. Each number in a clause is
attached to the unit words right after it (and, for money, budgets and labelled counts, the
words right before it); hedged or planned counts and vague amounts are left out."""

from __future__ import annotations

import re

from tunewise.agent.reading import lexicon as L
from tunewise.agent.reading.numbers import find_numbers

_PERIOD_FACTOR = {
    "day": 1,
    "daily": 1,
    "d": 1,
    "month": 1 / 30,
    "monthly": 1 / 30,
    "mo": 1 / 30,
    "week": 1 / 7,
    "wk": 1 / 7,
    "hour": 24,
    "h": 24,
    "hr": 24,
    "minute": 1440,
    "min": 1440,
    "second": 86400,
    "sec": 86400,
    "s": 86400,
}


EVAL_SIZE_BEFORE = re.compile(
    r"(?:test|eval\w*|held[- ]?out|holdout|validation|benchmark)\s*(?:set|suite|split|harness)?"
    r"\s*(?:of|with|:)?\s*(?:about |around |roughly |~)?$",
    re.I,
)
EVAL_SIZE_AFTER = re.compile(
    r"^[\s-]*(?:[a-z]+[\s-]+){0,2}?(?:eval\w*|test|held[- ]?out|holdout|validation)\s*(?:set|suite|split|cases)?\b",
    re.I,
)
SHOTS_AFTER = re.compile(
    r"^\W*(?:[a-z-]+ +){0,2}?(?:few[- ]shot|in[- ]context|shots?\b|examples? in (?:the|our|my|its) prompt)",
    re.I,
)

# Money: a currency sign or word right beside the number, or a budget/spend word just before
# it. Money is never a count of requests, examples or tokens.
CURRENCY_BEFORE = re.compile(r"(?:[$€£]|\b(?:usd|us\$|eur|gbp)\s?)$", re.I)
CURRENCY_AFTER = re.compile(
    r"^\s?(?:k\b\s*)?(?:usd|dollars?|bucks|eur|euros?|gbp|pounds?)\b|^\s?[$€£]", re.I
)
BUDGET_BEFORE = re.compile(r"\b(?:budget|spend|spending|afford|pay|paying)\b[^.,;]{0,20}$", re.I)
# a unit right after the number says it is not money, whatever word came before it
OTHER_UNIT = re.compile(
    r"^\s?(?:%|percent|k?\s?(?:ms|milliseconds?|s|sec|seconds?|minutes?|hours?|days?|weeks?|"
    r"gb|mb|tokens?|requests?|queries|calls|examples?|rows|samples|gpus?|users?|tickets?)\b)",
    re.I,
)
MONEY_PERIOD = re.compile(
    r"^\W*(?:[\w$€£]+\W+){0,3}?(?:a|an|per|each|every|/)\s*(?P<period>day|month|year|week)\b"
    r"|^\W*(?:[\w$€£]+\W+){0,3}?(?P<adv>daily|monthly|yearly|annually|weekly)\b",
    re.I,
)
PER_MONTH = {
    "day": 30.0,
    "daily": 30.0,
    "week": 30 / 7,
    "weekly": 30 / 7,
    "month": 1.0,
    "monthly": 1.0,
    "year": 1 / 12,
    "yearly": 1 / 12,
    "annually": 1 / 12,
}


def _money(value: float, before: str, after: str, p: dict) -> bool:
    """Read a sum of money; True when the number was money (and is used up). A currency sign or
    word decides; a budget word before the number counts only when no other unit follows it
    ("we can afford 2 GPUs", "pay for 10,000 requests a day" are not sums of money)."""
    currency = CURRENCY_BEFORE.search(before) or CURRENCY_AFTER.match(after)
    if not currency and (not BUDGET_BEFORE.search(before) or OTHER_UNIT.match(after)):
        return False
    if re.match(r"^\s?k\b", after, re.I):
        value *= 1000
    period = MONEY_PERIOD.match(after)
    named = re.search(r"\b(daily|weekly|monthly|yearly|annual|annually)\b[^.,;]{0,25}$", before)
    if BUDGET_BEFORE.search(before) or period:
        if period:
            unit = (period.group("period") or period.group("adv")).lower()
        else:
            unit = {"annual": "year"}.get(named.group(1), named.group(1)) if named else "month"
        p["monthly_budget_usd"] = round(value * PER_MONTH[unit], 2)
    return True


# "2,000 -> 500 prompt tokens", "from 2,000 to 500 tokens": the prompt now, and once tuned.
PROMPT_SHRINK = re.compile(
    r"^\s*(?:prompt |input )?(?:tokens? )?(?:->|→|=>|to|down to|drops? to|falls? to)\s*"
    r"(?P<after>\d[\d,]*)\s*(?:prompt |input )?tokens?\b",
    re.I,
)


# "2,000 of them": a count of something the message named before, by a pronoun
OF_THEM = re.compile(r"^\s*of (?:them|those|these)\b", re.I)
# what such a pronoun counts when the message names it: things that are training examples
COUNTED_NOUN = re.compile(
    r"\b(?:examples|samples|transcripts|tickets|conversations|dialogues|chats|emails|replies|"
    r"q&a pairs|labell?ed (?:rows|records))\b",
    re.I,
)


def read_numbers(clause: str, p: dict, message: str = "") -> None:
    """Attach each number in `clause` to what it counts, writing the facts into `p`;
    `message` is the whole message, for what "of them" refers to."""
    skip_until = -1
    for value, start, end in find_numbers(clause):
        if start < skip_until:
            continue
        after = HEDGE_AFTER.sub("", clause[end : end + 60], count=1)  # "700 or so tagged"
        before = clause[max(0, start - 40) : start].lower()
        paren = PAREN_COUNT.search(before)
        if paren and after.lstrip().startswith(")"):
            # "resolved tickets (about 60k)": the number counts the words before its bracket
            after = f"{paren.group('noun')} {after.lstrip()[1:]}"
        shrink = PROMPT_SHRINK.match(after)
        if shrink and not re.search(r"\b(?:out|output|completion)\b", after[: shrink.end()], re.I):
            p["prompt_tokens"] = int(value)
            p["tuned_prompt_tokens"] = int(shrink.group("after").replace(",", ""))
            skip_until = end + shrink.end()
            continue
        if _money(value, before, after, p):
            continue
        if L.PERCENT_UNITS.match(after):
            if TARGET_BEFORE.search(before):
                continue  # "prompting gets 81%, we need 90%": the goal, not the score
            if re.search(r"prompt|stuck|accura|reach|get|consisten|at\s*$|only", clause.lower()):
                p["prompting_score"] = min(value / 100, 1.0)
            continue
        if (
            0 < value < 1
            and "." in clause[start:end]
            and SCORE_CONTEXT.search(before[-30:] + " " + after[:20])
            and not SETTING_BEFORE.search(before[-25:])
        ):
            p["prompting_score"] = value  # "prompting gets us to 0.81", "F1 is 0.71"
            continue  # a fraction is never a count
        # "1,500 tokens in and 300 out", "500 tokens out": in/out right after the number or
        # right after its "tokens"
        io = re.match(r"^\s*(?:tokens?\s+)?(in|out|input|output)\b", after, re.I)
        if io and re.search(r"\btokens?\b", clause, re.I):  # "1,500 tokens in and 300 out"
            out = io.group(1).lower().startswith("out")
            p["completion_tokens" if out else "prompt_tokens"] = int(value)
            continue
        tok = L.TOKEN_UNITS.match(after)
        if tok:
            ctx = clause.lower()
            qual = (tok.group("qual") or "").lower()
            named = NOUN_BEFORE.search(before)
            if qual:  # "500 completion tokens": the word right after the number decides
                out = qual in ("output", "completion", "response")
            elif named and not named.group("noun").lower().startswith(("train", "data", "label")):
                # "outputs around 200 tokens": the noun right before it decides
                out = named.group("noun").lower().startswith(OUT_NOUNS)
            else:
                out = bool(
                    L.COMPLETION_CONTEXT.search(after[:40] + " " + before)
                    and not re.search(
                        r"prompt|input|instruction|rules|context", after[:30] + before
                    )
                )
            key = "completion_tokens" if out else "prompt_tokens"
            p[key] = int(value)
            if key == "prompt_tokens" and re.search(r"rules|instructions|system prompt", ctx):
                p.setdefault("tried_prompting", "plateaued" if value >= 1000 else None)
            continue
        lat = L.LATENCY_UNITS.match(after)
        if lat and (
            lat.group("unit").lower().startswith("m")  # milliseconds are a latency on their own
            or re.search(
                r"latenc|p9\d|p50|under|within|respond|below|less than|faster", clause.lower()
            )
        ):
            unit = lat.group("unit").lower()
            p["latency_target_ms"] = int(value if unit.startswith("m") else value * 1000)
            p["latency_pressure"] = True
            continue
        vol = L.VOLUME_UNITS.match(after)
        if vol and not L.TOKEN_UNITS.match(after):
            period = (vol.groupdict().get("period") or vol.groupdict().get("period2") or "").lower()
            if vol.groupdict().get("qps"):
                factor = 86400
            elif vol.groupdict().get("daily"):
                factor = 1
            else:
                factor = _PERIOD_FACTOR.get(period, 1)
            if not re.match(
                r"^\W*(?:[\w-]+\W+){0,3}?(?:weeks?|months?|days?|years?|hours?) (?:of|ago)", after
            ):
                if VAGUE_COUNT.match(clause[start:end]) or int(value * factor) == 0:
                    continue  # "eyeballing a few each week" counts no traffic
                p["daily_volume"] = int(value * factor)
                continue
        if BACK_REFERENCE.match(after) or re.search(r":\s*(?:about |around |~)?$", before):
            head = clause[:start]  # "pairs where annotators picked the better one: 8,000 of them"
            if re.search(r"\b(?:pairs?|comparisons?|rankings?)\b", head, re.I) and (
                L.PREFERENCE_CONTEXT.search(head)
            ):
                p["preference_pairs"] = int(value)
                continue
            if BACK_REFERENCE.match(after) and EXAMPLES_HEAD.search(head):
                p["n_examples"] = int(value)  # "we have examples, maybe 1,100 of them"
                p["_unit"] = "examples"
                continue
        if L.PREFERENCE_UNITS.match(after) or (
            re.match(r"^\W*(?:\w+\W+){0,2}?pairs\b", after) and L.PREFERENCE_CONTEXT.search(clause)
        ):
            p["preference_pairs"] = int(value)
            continue
        if EVAL_SIZE_BEFORE.search(before) or EVAL_SIZE_AFTER.match(after):
            p["eval_ready"] = True  # "a test set of 400", "a 300-case eval set": not training data
            continue
        if SHOTS_AFTER.match(after) or re.search(r"prompt (?:has|with|contains)\W*$", before):
            continue  # few-shot examples in a prompt are not the training set
        future = FUTURE_COUNT.search(clause[:start])
        if future or FUTURE_AFTER.match(after):
            if L.EXAMPLE_UNITS.match(after) or (future and LABELLING.search(future.group(0))):
                p["_unit"] = "examples"  # "..., but today we have 800" counts the same thing
            continue  # "we might get 10,000 examples next quarter": not what they have today
        if (
            p.get("_unit") == "examples"
            and ELLIPTIC_BEFORE.search(before)
            and BARE_AFTER.match(after)
        ):
            p["n_examples"] = int(value)
            continue
        if VOLUME_KEY.search(before) and BARE_AFTER.match(after):  # "requests per day: 45,000"
            p["daily_volume"] = int(value)
            continue
        if OF_THEM.match(after) and COUNTED_NOUN.search(message or clause):
            p["n_examples"] = int(value)  # "...on our support tickets? We have 2,000 of them"
            p["_unit"] = "examples"
            continue
        named = NOUN_BEFORE.search(before)
        if named and BARE_AFTER.match(after):  # "completions about 500", "the training set 6,000"
            noun = named.group("noun").lower()
            if noun.startswith(OUT_NOUNS):
                if re.search(r"\btokens?\b", clause, re.I):
                    p["completion_tokens"] = int(value)
            elif noun.startswith(("prompt", "input")):
                if re.search(r"\btokens?\b", clause, re.I):
                    p["prompt_tokens"] = int(value)
            else:
                p["n_examples"] = int(value)
                p["_unit"] = "examples"
            continue
        if L.EXAMPLE_UNITS.match(after) or (
            LABELLED_BEFORE.search(before) and not re.match(r"^\s*(?:%|percent)", after)
        ):
            if (
                re.match(r"^\W*(?:\w+\W+){0,3}?outputs?\b", after)
                and L.TEACHER.search(clause)
                or re.search(r"outputs? from", after)
            ):
                p["teacher_outputs"] = True
            vague = VAGUE_COUNT.match(clause[start:end])
            if vague and (
                p.get("n_examples")
                or re.match(
                    r"^\W*(?:\w+\W+){0,1}?(?:outputs?|answers?|responses?|samples?)\b", after
                )
            ):
                continue  # "10,000 labelled examples ... eyeballing a few outputs": not a count
            if not re.match(r"^\s*(?:weeks?|months?|days?)", after):
                p["n_examples"] = int(value)
                p["_unit"] = "examples"


# A count of what is still to come, hedged or planned: the data they might have, not the data
# they have ("we might get 10,000 next quarter", "we plan to label 5k").
FUTURE_COUNT = re.compile(
    r"\b(?:might|may|could|will|would|'ll|'d|plan(?:ning)? to|hope to|hoping to|expect to|aim to|"
    r"going to|want to|intend to)\s+(?:\w+\s+){0,3}?(?:get|have|collect|gather|label|annotate|"
    r"reach|build|generate|obtain|receive|hit|add|create|buy|source)\b"
    # the plan's scope ends at a comma, a dash or a word for the present ("- today it's 900")
    r"(?:(?!\b(?:today|now|currently|at present|so far|at the moment)\b|\s[\u2013-]\s)[^.;,])*$",
    re.I,
)
FUTURE_AFTER = re.compile(
    r"^[^.;]{0,40}\b(?:next (?:week|month|quarter|year|sprint)|by (?:launch|q[1-4]|the end of|then|"
    r"summer|spring|autumn|fall|winter|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|"
    r"sep\w*|oct\w*|nov\w*|dec\w*)|eventually|later this (?:year|quarter|month)|"
    r"what (?:we'll|we will|we'd|we would|we're going to) (?:have|get|reach))\b",
    re.I,
)

# The noun a stored count is said with, for a later message that names that count again.
UNIT_WORDS = {
    "n_examples": "examples",
    "daily_volume": "requests a day",
    "preference_pairs": "preference pairs",
    "prompt_tokens": "prompt tokens",
    "completion_tokens": "output tokens",
}
BARE_NUMBER_AFTER = re.compile(
    r"^\s*(?:$|[.,;:)!?\u2013-]|(?:is|are|was|were|now|today|so far|right now|at the moment|"
    r"currently|tops|max|at most|or so)\b)",
    re.I,
)


def carry_units(text: str, stored: dict, read: dict) -> str | None:
    """A message that names a count the conversation already holds ("the 1,800 is what we'll
    have by March - today it's about 900") speaks of the same thing with every bare number in
    it: the stored count's noun is written after each, so the usual reading applies. None when
    no stored count is named, or when `read` (the message's own reading) already has that
    fact ("400 examples, not 4,000")."""
    numbers = find_numbers(text)
    field = next(
        (
            f
            for value, _, _ in numbers
            for f in UNIT_WORDS
            if isinstance(stored.get(f), int) and stored[f] > 1 and int(value) == stored[f]
        ),
        None,
    )
    if field is None or read.get(field) is not None:
        return None  # none named, or the message already says what its numbers count
    out, last = [], 0
    for *_, end in numbers:
        if BARE_NUMBER_AFTER.match(text[end:]):
            out += [text[last:end], " " + UNIT_WORDS[field]]
            last = end
    return "".join(out) + text[last:] if out else None


# a count in brackets after what it counts: "resolved tickets (about 60k)", "calls a day (~9k)"
PAREN_COUNT = re.compile(
    r"(?P<noun>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})\s*\(\s*"
    r"(?:about|around|roughly|approx\.?|approximately|~|maybe|some|over|nearly)?\s*$",
    re.I,
)
# "8,000 of them", "8,000 in total": the noun is the one the clause opened with.
BACK_REFERENCE = re.compile(r"^\s*(?:of them|of those|of these|in total|total|all told)\b", re.I)
# A number whose noun was said just before ("10,000 examples next quarter, but today we have
# 800"): a bare count after have/got/only, with nothing after it that names another unit.
ELLIPTIC_BEFORE = re.compile(
    r"\b(?:have|has|had|got|with|only|just|are at|'re at|sit at)\s+(?:about |around |only |just |"
    r"roughly |~)?$",
    re.I,
)
BARE_AFTER = re.compile(
    r"^\s*(?:$|[.,;:)!?]|(?:so far|now|today|right now|at the moment|in hand|ready)\b)", re.I
)
# The people's work before the number says what it counts: "have labelled 1,500 of them".
LABELLED_BEFORE = re.compile(
    r"\b(?:hand[- ])?(?:labell?ed|annotated|graded|reviewed|rated|curated|tagged|transcribed|"
    r"corrected|approved|vetted)\s+(?:about |around |roughly |nearly |almost |over |some |~)?$",
    re.I,
)
# "a few", "a couple of": a vague amount never replaces a count the message already gave.
VAGUE_COUNT = re.compile(r"(?:a few|several|a couple|a handful|dozens? of)\b", re.I)

# A hedge between a number and its noun: "700 or so tagged documents", "10k-ish rows".
HEDGE_AFTER = re.compile(r"^\s*(?:or so|or more|or thereabouts|-?ish|odd|\+|-plus)\b,?|^\+", re.I)
# The verbs of a planned count that make it a count of examples ("we could label 5,000 more").
LABELLING = re.compile(r"\b(?:label|annotate|collect|gather|curate|tag|write)\b", re.I)
OUT_NOUNS = ("complet", "output", "response", "answer")
# The noun said before a bare number: "completions about 500", "the training set 6,000".
NOUN_BEFORE = re.compile(
    r"\b(?P<noun>completions?|outputs?|responses?|answers?|prompts?|inputs?|"
    r"training (?:set|data|examples|rows|samples|pairs)|(?:labell?ed |annotated )?(?:examples|samples|rows)|"
    r"dataset|data set|labell?ed (?:set|data))(?: size| count| on hand)?"
    r"\s*(?:[:=\u2013-]\s*|(?:is|are|was|run|runs|of|has|have|at|about|around|roughly|maybe|~)\s+)*$",
    re.I,
)
# The traffic said before a bare number, as a key: "requests per day: 45,000", "daily volume 9k".
VOLUME_KEY = re.compile(
    r"\b(?:(?:requests|queries|calls|tickets|chats|conversations|messages|users)\s*(?:per|a|/|each)\s*day|"
    r"daily (?:volume|traffic|requests|calls|queries|tickets))"
    r"\s*(?:[:=\u2013-]\s*|(?:is|are|of|about|around|roughly|~)\s+)*$",
    re.I,
)
# What "N of them" counts when the clause opened on examples: "we have examples, maybe 1,100 of them".
EXAMPLES_HEAD = re.compile(
    r"\b(?:examples|samples|rows|labell?ed data|transcripts|conversations|tickets|emails|documents|"
    r"summaries|replies|answers)\b",
    re.I,
)
# Where a bare decimal between 0 and 1 is a score of the prompt-only model.
SCORE_CONTEXT = re.compile(
    r"\b(?:prompt\w*|accura\w*|f1|score\w*|precision|recall|gets? us to|stuck at|tops? out)\b",
    re.I,
)
# A percentage said as the goal: "we need 90%", "the target is 95%", "aiming for 92%".
TARGET_BEFORE = re.compile(
    r"\b(?:need|needs|needed|target|goal|aim|aiming|want|wants|require[sd]?|must (?:hit|reach)|"
    r"should (?:hit|reach|be))\b(?:\s+(?:is|of|at|to|for|be|get|reach|hit|about|around|at least))*"
    r"\s*~?$",
    re.I,
)
# A fraction that sets a knob, not a score: "temperature 0.2", "a learning rate of 0.0002".
SETTING_BEFORE = re.compile(
    r"\b(?:temperature|temp|top[-_ ]?[pk]|learning rate|lr|dropout|threshold|alpha|beta|"
    r"weight decay|penalty)\b",
    re.I,
)
