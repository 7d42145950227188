"""Which language a document is in, offline: writing system first, then function words.

The coder reads English only; a French or Russian story would be tokenised as English and
coded into nonsense, so `read_inputs` skips documents detected in another language. The
detector abstains (returns None) on short or unclear texts, which are kept: losing an
English story is worse than reading a foreign one that yields no events.
"""

from __future__ import annotations

import re
from collections import Counter

# The most frequent short words of each language that uses the Latin alphabet. Words shared
# by several languages ("de", "a", "en") count for each of them; the margins below allow it.
_FUNCTION_WORDS = {
    "en": "the of and to in is was for on that with as by at from it his he said has have be "
          "are were its their which after an not but this who had been will would they she "
          "her than also more when about into over against after there or what",
    "fr": "le la les des du un une et est dans pour que qui sur au aux pas avec ne se plus "
          "par ont été cette ses sont mais comme leur nous vous ils elle était être entre "
          "après aussi ce lors depuis",
    "es": "el la los las del un una y es en que por para con se no su sus al lo como más "
          "pero fue este esta entre sobre también ha han ser muy desde durante según",
    "de": "der die das und ist nicht ein eine den dem des mit sich auf für von zu im auch "
          "es wird wurde sind bei nach aus wie oder hat haben noch über einer einem werden",
    "it": "il lo la gli le di del della dei che è per con non un una sono nel nella al "
          "alla come anche più ma ha hanno dal dalla questo questa essere stato",
    "pt": "o os as do da dos das um uma e é em que para com não por se no na nos nas ao "
          "como mais mas foi são ser pelo pela também está seu sua entre",
    "nl": "de het een en van is dat op te in niet met voor zijn er aan ook als bij door "
          "maar om dan nog wordt werd naar hij ze uit heeft hebben",
    "id": "yang dan di ini itu dengan untuk dari tidak akan pada dalam juga ke oleh adalah "
          "atau sudah telah karena tersebut mereka kami kita bahwa",
    "tr": "ve bir bu da de için ile olarak olan çok daha gibi ama sonra kadar ancak ise "
          "değil tarafından göre olduğu",
    "pl": "i w na z się nie do że to jest jak po przez dla od oraz ale czy który która "
          "także jego tym jej są",
    "sv": "och att det som en på är av för med till den har inte om ett var de men från "
          "sig kan efter också",
    "vi": "của và các là được trong có cho với những này người không đã một theo khi",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
_LANGUAGES_OF: dict[str, list[str]] = {}
for _lang, _vocab in _WORDS.items():
    for _word in _vocab:
        _LANGUAGES_OF.setdefault(_word, []).append(_lang)
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Non-Latin scripts by code point range; each names the language most news in it is written in.
_SCRIPTS = [
    (0x0370, 0x03FF, "el"), (0x0400, 0x052F, "ru"), (0x0530, 0x058F, "hy"),
    (0x0590, 0x05FF, "he"), (0x0600, 0x06FF, "ar"), (0x0750, 0x077F, "ar"),
    (0x0900, 0x097F, "hi"), (0x0980, 0x09FF, "bn"), (0x0E00, 0x0E7F, "th"),
    (0x10A0, 0x10FF, "ka"), (0x1100, 0x11FF, "ko"), (0x3040, 0x30FF, "ja"),
    (0x3400, 0x4DBF, "zh"), (0x4E00, 0x9FFF, "zh"), (0xAC00, 0xD7AF, "ko"),
    (0xFB50, 0xFDFF, "ar"), (0xFE70, 0xFEFF, "ar"),
]
_SAMPLE_CHARS = 10_000
_MIN_WORDS = 8          # fewer words than this: too little to judge
_MIN_SHARE = 0.12       # another language's function words must be at least this share ...
_MARGIN = 1.5           # ... and this many times the English share ...
_MIN_DISTINCT = 4       # ... from this many different words ("no" and "per" in price tables)


_LETTER_OUTSIDE_LATIN = re.compile(
    "[" + "".join(f"{chr(low)}-{chr(high)}" for low, high, _ in _SCRIPTS) + "]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def _script(ch: str) -> str | None:
    code = ord(ch)
    for low, high, lang in _SCRIPTS:
        if low <= code <= high:
            return lang
    return None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when too short or unclear to say."""
    sample = text[:_SAMPLE_CHARS]
    others = _LETTER_OUTSIDE_LATIN.findall(sample)
    if others:
        scripts = Counter(lang for ch in others if ch.isalpha() and (lang := _script(ch)))
        if scripts:
            lang, count = scripts.most_common(1)[0]
            if count > len(_LATIN_LETTER.findall(sample)):
                return _refine_script(lang, sample, scripts)
    counts = Counter(w.lower() for w in _TOKEN.findall(sample))
    words = sum(counts.values())
    if words < _MIN_WORDS:
        return None
    hits: Counter[str] = Counter()
    distinct: Counter[str] = Counter()
    for word, n in counts.items():
        for lang in _LANGUAGES_OF.get(word, ()):
            hits[lang] += n
            distinct[lang] += 1
    best = max(_WORDS, key=hits.__getitem__)
    share, english = hits[best] / words, hits["en"] / words
    if (best != "en" and share >= _MIN_SHARE and share >= _MARGIN * english
            and distinct[best] >= _MIN_DISTINCT):
        return best
    return "en" if english >= 0.05 else None


def _refine_script(lang: str, sample: str, scripts: Counter[str]) -> str:
    """Split scripts shared by several languages where one letter gives it away."""
    if lang == "zh" and scripts["ja"]:
        return "ja"  # Japanese mixes kana into Chinese characters
    if lang == "ru" and any(ch in sample for ch in "єїіґЄЇІҐ"):
        return "uk"
    if lang == "ar" and any(ch in sample for ch in "پچژگ"):
        return "fa"
    return lang
