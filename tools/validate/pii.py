"""Personal data and secrets in training text: emails, phone numbers, card numbers (with a
Luhn check, so order numbers do not trip it), API keys and private keys.

Cheap substring and digit counts decide whether the slower regular expressions run at all,
so clean text costs a few C-level scans.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# Addresses that only ever stand for an example (RFC 2606 names, "example-domain.com").
DOC_DOMAIN = re.compile(
    r"@(?:[\w-]+\.)*(?:example[\w-]*\.\w+|[\w-]+\.(?:example|test|invalid|localhost))$"
)
REGEX_BEFORE = set("])}\\*+?|^$")
# Card numbers published by payment providers for testing: never a real card.
TEST_CARDS = frozenset(
    {
        "4111111111111111",
        "4242424242424242",
        "4012888888881881",
        "5555555555554444",
        "5105105105105100",
        "378282246310005",
        "371449635398431",
        "6011111111111117",
        "4000056655665556",
    }
)
NUMBER_RUN = re.compile(r"(?<![\w.])\+?\d[\d ().-]{5,24}\d(?![\w])")
DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$")
SECRETS = [
    ("OpenAI/Anthropic-style API key", re.compile(r"\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}")),
    ("AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,})")),
    ("Slack token", re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}")),
    ("Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}")),
    ("private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
]
_DIGITS = "0123456789"
# How cards are written: 4-4-4-4 (or 4-6-5 for Amex) with one kind of separator.
CARD_GROUPING = re.compile(r"\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{5}")
CARD_WORDS = re.compile(
    r"\b(?:card|cards|visa|mastercard|master card|amex|american express|discover|credit|debit|"
    r"cc|pan|cvv|cvc|expiry|expires)\b",
    re.IGNORECASE,
)
# How phone numbers are written: an international prefix, or area code + 3 + 4 digits.
PHONE_SHAPE = re.compile(r"\+\d[\d ().-]{6,}|\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}|\d{3,5}[ -]\d{6,8}")
PHONE_WORDS = re.compile(
    r"\b(?:phone|tel|telephone|call|calling|mobile|cell|fax|whatsapp|sms|text me|contact|"
    r"reach (?:me|us)|ring|hotline|extension|ext)\b",
    re.IGNORECASE,
)
NEAR_CHARS = 40


def _near(words: re.Pattern[str], text: str, m: re.Match[str]) -> bool:
    """A context word within NEAR_CHARS characters before or after the match."""
    return bool(words.search(text[max(0, m.start() - NEAR_CHARS) : m.end() + NEAR_CHARS]))


def _real_email(text: str, m: re.Match[str]) -> bool:
    """An address that could be someone's: not part of a regular expression, not an
    example address."""
    local = m.group().split("@", 1)[0]
    if not any(ch.isalnum() for ch in local):
        return False
    if m.start() and text[m.start() - 1] in REGEX_BEFORE:
        return False
    return not DOC_DOMAIN.search(m.group().lower())


def luhn_ok(digits: str) -> bool:
    total, double = 0, False
    for ch in reversed(digits):
        d = ord(ch) - 48
        if double:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
        double = not double
    return total % 10 == 0


def _a(name: str) -> str:
    return ("an " if name[0] in "AEIOU" else "a ") + name


def _mask(s: str) -> str:
    return s[:2] + "*" * max(0, len(s) - 4) + s[-2:] if len(s) > 4 else "****"


def _table(chars: bytes, mark: bytes) -> bytes:
    return bytes(mark[0] if i in chars else 0x20 for i in range(256))


EMAIL_HINT, NUMBER_HINT, KEY_HINT = 1, 2, 4
# Byte translations reduce the hints to substring searches (C speed). Digits become "0"
# with phone separators deleted, so 7 digits in one run read "0000000"; characters of API
# keys become "w", so a 15-character key-like run reads "w" * 15.
_DIGITS_ONLY = _table(b"0123456789", b"0")
_SEPARATORS = b" ().-+"
_KEYISH = _table(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", b"w")


def pii_hints(raw: bytes) -> int:
    """Which checks a line needs (EMAIL_HINT | NUMBER_HINT | KEY_HINT); 0 for most lines."""
    kinds = EMAIL_HINT if b"@" in raw else 0
    if b"0000000" in raw.translate(_DIGITS_ONLY, _SEPARATORS):
        kinds |= NUMBER_HINT
    if b"wwwwwwwwwwwwwww" in raw.translate(_KEYISH) or b"PRIVATE KEY" in raw:
        kinds |= KEY_HINT
    return kinds


def find_pii(text: str, kinds: int = EMAIL_HINT | NUMBER_HINT | KEY_HINT) -> list[tuple[str, bool]]:
    """(description with a masked sample, is_secret) for each kind found in `text`; `kinds`
    limits the search to what `pii_hints` saw in the line's bytes."""
    found: list[tuple[str, bool]] = []
    if kinds & EMAIL_HINT and "@" in text:
        m = next((m for m in EMAIL.finditer(text) if _real_email(text, m)), None)
        if m:
            found.append((f"an email address ({_mask(m.group())})", False))
    if kinds & NUMBER_HINT and sum(map(text.count, _DIGITS)) >= 7:
        phone = card = loose_card = None
        for m in NUMBER_RUN.finditer(text):
            digits = "".join(ch for ch in m.group() if ch.isdigit())
            if 13 <= len(digits) <= 19 and luhn_ok(digits):
                # a Luhn pass alone is 1 in 10 of all long numbers (sums, ids): an error only
                # with a card word nearby or the grouping cards are written in
                if digits in TEST_CARDS:
                    continue  # a provider's test number stands for a card, it is not one
                if CARD_GROUPING.fullmatch(m.group().strip()) or _near(CARD_WORDS, text, m):
                    card = card or digits
                else:
                    loose_card = loose_card or digits
            elif (
                7 <= len(digits) <= 15
                and m.group().count(".") < 2
                and not DATE.match(m.group().strip())
                and (PHONE_SHAPE.fullmatch(m.group().strip()) or _near(PHONE_WORDS, text, m))
            ):
                phone = phone or m.group()
        if card:
            found.append((f"a payment card number ({_mask(card)}, passes Luhn)", True))
        elif loose_card:
            found.append(
                (
                    f"a long number that passes the card checksum ({_mask(loose_card)}; no card "
                    "word or card grouping near it, so probably not a card)",
                    False,
                )
            )
        if phone:
            found.append((f"a phone number ({_mask(phone)})", False))
    if kinds & KEY_HINT:
        for name, rx in SECRETS:
            m = rx.search(text)
            if m:
                found.append((f"{_a(name)} ({_mask(m.group())})", True))
    return found
