"""Number parsing for free text: "100k", "10,000", "1.5M", "2k", "ten thousand", "a million"."""

from __future__ import annotations

import re

from tunewise.agent.learned.clause_features import CJK

_WORDS = {
    "a": 1,
    "an": 1,
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
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "half a": 0.5,
    "half an": 0.5,
    "a few": 3,
    "several": 5,
    "a couple of": 2,
    "dozen": 12,
    "a dozen": 12,
    "dozens of": 36,
    "hundreds of": 300,
    "thousands of": 3000,
    "tens of thousands of": 30000,
    "millions of": 3_000_000,
}
_SCALE = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "million": 1e6,
    "mil": 1e6,
    "b": 1e9,
    "billion": 1e9,
    "hundred": 1e2,
    "bn": 1e9,
}

# A number never stops inside its own digits ("500ms" is 500, not 50); a unit written
# against it (ms, s, h, x, GB) is allowed, other letters are not ("4o", "3b2").
NUMBER = re.compile(
    r"(?<![\w.])(?P<num>\d{1,3}(?:[,\u202f ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])\s?"
    r"(?:(?P<scale>k|mm|m|b|bn|thousand|million|mil|billion|hundred)(?![a-z])"
    r"|(?=(?:ms|s|sec|secs|h|hr|hrs|x|gb|mb|tb|min|mins)\b)|(?![a-z]))",
    re.IGNORECASE,
)
_WORD_NUMBER = re.compile(
    r"\b(?P<w>tens of thousands of|hundreds of|thousands of|millions of|dozens of|a couple of|a few|"
    r"several|a dozen|dozen|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|half an?|an?)\b"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion))?",
    re.IGNORECASE,
)


_UNIT_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
)
# "two thousand five hundred", "one hundred and twenty", "twenty-five thousand": a number
# spelled out in several words is one number.
SPELLED = re.compile(
    rf"\b(?:{_UNIT_WORDS})(?:(?:[\s-]+|\s+and\s+)(?:{_UNIT_WORDS}|hundred|thousand|million|billion)\b)+",
    re.IGNORECASE,
)


AND_A_HALF = re.compile(
    rf"\b(?P<w>{_UNIT_WORDS}|\d+) and a half (?P<scale>thousand|million|billion)\b", re.I
)


def _spelled(phrase: str) -> float:
    """Sum a spelled-out number the usual way: units and tens add, "hundred" multiplies what
    came before it, and "thousand"/"million" close a group."""
    total, current = 0.0, 0.0
    for word in re.findall(r"[a-z]+", phrase.lower()):
        if word == "and":
            continue
        if word == "hundred":
            current = (current or 1) * 100
        elif word in ("thousand", "million", "billion"):
            total += (current or 1) * _SCALE[word]
            current = 0.0
        else:
            current += _WORDS[word]
    return total + current


def to_number(num: str, scale: str | None = None) -> float:
    value = float(re.sub(r"[,\u202f ]", "", num))
    if scale:
        value *= _SCALE[scale.lower()]
    return value


# A number that is part of a model's name or size counts nothing: GPT-4, Llama 3.1, Claude 3.5
# Sonnet, a 7B model, a 70B-parameter model.
MODEL_NAME_BEFORE = re.compile(
    r"\b(?:gpt|llama|claude|gemini|mistral|mixtral|qwen|phi|gemma|falcon|sonnet|opus|haiku|nova|"
    r"titan|deepseek|smollm|o)[- ]?(?:\d+(?:\.\d+)?[- ])?$",
    re.IGNORECASE,
)
MODEL_SIZE_AFTER = re.compile(
    r"^[- ]?(?:param\w*|model|llm|student|teacher|open[- ]weight)\b", re.I
)


_EN = set(
    """the we and to a of our is it it's should model data have with for do can no not
    what why how if this that you i in on at but or be would could us about so just also
    only any more than was were are they them there their my me your wait actually sorry
    meant yes ok thanks please need want use using from as by an will does did has had
    which when who where much many per day tokens examples""".split()
)


# Chinese, Japanese (kana) and Korean letters: scripts written without spaces between words
CJK_CHAR = re.compile(f"[{CJK}]")


def looks_english(text: str) -> bool:
    """Whether the message reads as English: not when most of its letters are Chinese,
    Japanese or Korean, nor when too few of its words are common English words."""
    cjk = len(CJK_CHAR.findall(text))
    if cjk and cjk >= len(re.findall(r"[A-Za-z]", text)) / 4:
        return False
    words = re.findall(r"[a-z']+", text.lower())
    if len(words) < 4:
        return True
    return sum(w in _EN for w in words) / len(words) > 0.08


# "etwa 3.000 Tickets", "1.500.000 Anfragen": in a message that is not English, a dot between
# groups of three digits separates thousands, as the writer's locale writes them.
DOT_GROUPED = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+)(?![\d]|[.,]\d)")

# "2,5 Sekunden": a comma before one or two digits is the decimal point there.
DECIMAL_COMMA = re.compile(r"(?<![\d,.])(\d+),(\d{1,2})(?![\d,])")


def _locale_digits(text: str) -> str:
    """Where the text is not English: dot-grouped thousands rewritten with commas and a decimal
    comma with a point (same length, so positions hold)."""
    if looks_english(text):
        return text
    text = DOT_GROUPED.sub(lambda m: m.group(1).replace(".", ","), text)
    return DECIMAL_COMMA.sub(r"\1.\2", text)


def find_numbers(text: str) -> list[tuple[float, int, int]]:
    """All numbers in text as (value, start, end), digits and common number words."""
    found: list[tuple[float, int, int]] = []
    text = _locale_digits(text)
    for m in NUMBER.finditer(text):
        # "m" right after a number is ambiguous with metres/minutes; accept it only before nouns
        scale = m.group("scale")
        if MODEL_NAME_BEFORE.search(text[max(0, m.start() - 24) : m.start()]):
            continue
        if (scale or "").lower() in ("b", "bn") and MODEL_SIZE_AFTER.match(text[m.end() :]):
            continue
        found.append((to_number(m.group("num"), scale), m.start(), m.end()))
    taken = [(s, e) for _, s, e in found]
    for m in AND_A_HALF.finditer(text):  # "one and a half million"
        if not any(s <= m.start() < e for s, e in taken):
            w = m.group("w").lower()
            units = float(w) if w.isdigit() else _WORDS[w]
            found.append(((units + 0.5) * _SCALE[m.group("scale").lower()], m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in SPELLED.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            found.append((_spelled(m.group(0)), m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in _WORD_NUMBER.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        word = m.group("w").lower()
        scale = m.group("scale")
        if word in ("a", "an", "half a", "half an") and not scale:
            continue
        value = _WORDS[word] * (_SCALE[scale.lower()] if scale else 1)
        found.append((value, m.start(), m.end()))
    return sorted(found, key=lambda t: t[1])
