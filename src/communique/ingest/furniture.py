"""Page furniture: photo credits, captions, social embeds, follow lines, comment prompts, bylines.

Such lines describe the page, not the world, so they are removed before parsing and any
sentence that still looks like furniture is skipped by the coder.
"""

from __future__ import annotations

import re

_SOCIAL = r"(?:twitter|facebook|instagram|x|tiktok|youtube|linkedin|threads|telegram|bluesky|weibo)"

_PATTERNS = [
    # Photo credits and captions.
    r"^\s*[\(\[]?\s*(?:file\s+)?(?:photo|photograph|image|picture|pic|video|graphic|illustration|"
    r"credit|caption|pictured|source)s?\s*(?:credit)?\s*[:|/–—-]",
    r"\b(?:photo|image|picture)s?\s+(?:by|courtesy of|credit)\b",
    r"\b(?:getty images|afp via getty|ap photo|reuters/|/reuters|epa-efe|shutterstock|xinhua/)",
    r"^\s*\(?(?:photo|image)\s*:",
    # Social-media prompts and embeds.
    rf"^\W*(?:please\s+)?follow\b.{{0,80}}\bon\s+{_SOCIAL}\b",
    rf"^\s*(?:like|find|join|connect with)\s+(?:us|me)\b.{{0,60}}\bon\s+{_SOCIAL}\b",
    r"pic\.twitter\.com|view this post on instagram|a post shared by",
    r"^\s*[—–-]\s*.{1,60}\(@\w{1,30}\)",
    r"^\s*@\w{1,30}\b",
    rf"^\s*(?:share|tweet|email|print)(?:\s+(?:this|on|via)\s+(?:article|story|{_SOCIAL}))?\s*$",
    r"\bshare (?:this|the) (?:article|story|page)\b",
    # Comment prompts, newsletters and calls to action.
    r"\b(?:leave|post|add|write|read)\s+(?:a|your|the)?\s*comments?\b",
    r"\bcomments?\s+(?:are|is)\s+(?:closed|open|moderated)\b",
    r"\bjoin the (?:conversation|discussion|debate)\b",
    r"\blet (?:us|me) know (?:in the comments|what you think)\b",
    r"\bwhat do you think\?",
    r"\b(?:sign up|subscribe)\b.{0,60}\b(?:newsletter|updates|alerts|our)\b",
    r"^\s*(?:read more|related|see also|recommended|advertisement|click here)\b",
    # Bylines, wire credits and copyright lines.
    r"^\s*\(?(?:reporting|writing|editing|additional reporting)\s+by\b",
    r"^\s*(?:©|\(c\)|copyright)\s",
]
# Patterns anchored at the start are tried there only; the others are searched for, which
# costs a pass per pattern, so only in lines holding one of their words (see is_furniture).
_AT_START = re.compile("|".join(f"(?:{p})" for p in _PATTERNS if p.startswith("^")),
                       re.IGNORECASE)
_ANYWHERE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS if not p.startswith("^")),
                       re.IGNORECASE)
# Every _ANYWHERE pattern holds one of these (in lower case). Keep in step with _PATTERNS.
_ANYWHERE_WORDS = ("photo", "image", "picture", "getty", "reuters", "epa-efe", "shutterstock",
                   "xinhua", "pic.twitter.com", "view this post", "a post shared by", "share",
                   "comment", "join the", "let ", "what do you think", "sign up", "subscribe")
# Bylines are matched case-sensitively: names are capitalised, and "by the way" is not a byline.
_BYLINE = re.compile(
    r"^\s*By\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s+(?:and|&)\s+[A-Z][\w.'-]+"
    r"(?:\s+[A-Z][\w.'-]+){0,3})?\s*(?:[,|–—-].{0,60})?$"
)
_LONG_LINE = 300


def is_furniture(line: str) -> bool:
    """True when a line or sentence is page furniture rather than reporting."""
    stripped = line.strip()
    if not stripped or len(stripped) > _LONG_LINE:
        return False
    if _AT_START.match(stripped) or _BYLINE.match(stripped):
        return True
    if stripped.isascii():  # beyond ASCII, case-blind matching is more than lower()
        lower = stripped.lower()
        if not any(word in lower for word in _ANYWHERE_WORDS):
            return False
    return bool(_ANYWHERE.search(stripped))


def strip_furniture(text: str, *, unwrap: bool = True) -> tuple[str, list[str]]:
    """Remove furniture lines and (for wire copy) rejoin hard-wrapped lines.

    Returns the cleaned text and the dropped lines. Extracted web text already has one
    paragraph per line, so readers of pages and feeds pass unwrap=False.
    """
    kept: list[str] = []
    dropped: list[str] = []
    for line in text.splitlines():
        if is_furniture(line):
            dropped.append(line.strip())
        else:
            kept.append(line.rstrip())
    if not unwrap:
        return "\n".join(line for line in kept if line.strip()), dropped
    return _unwrap(kept), dropped


def _unwrap(lines: list[str]) -> str:
    """Join lines broken mid-sentence (wire copy) while keeping paragraph breaks."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        indented = line[:1].isspace()
        if not line.strip():
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if current and (indented or current[-1].endswith((".", "!", "?", ":", '"', "”", "'"))):
            paragraphs.append(" ".join(current))
            current = []
        current.append(line.strip())
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)
