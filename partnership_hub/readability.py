"""How easy a piece of English text is to read, for the easy-read fields of the staff forms.

The score is textstat's (pinned at 0.7.8: later releases fetch NLTK data at run time and fail
offline); this module only adds what a writer needs to act on it: a verdict in plain words, and the
long sentences and hard words themselves. Easy read puts one idea on a line, so a line break ends a
sentence here as well as a full stop does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import textstat

#: UK easy-read guidance asks for short sentences; 15 words is the usual upper limit.
LONG_SENTENCE_WORDS = 15
#: textstat counts a word as difficult when it is not on the Dale-Chall list of familiar words and
#: has at least this many syllables. Three keeps everyday two-syllable words ("online", "family") out.
HARD_WORD_SYLLABLES = 3

# (lowest Flesch reading ease, verdict): the usual bands of the Flesch scale, in plain words.
_VERDICTS = (
    (80, "Easy to read"),
    (60, "Fairly easy to read: plain English"),
    (50, "Fairly hard to read"),
    (30, "Hard to read"),
    (float("-inf"), "Very hard to read"),
)
# Markdown marks, link addresses, and a picture named at the start of an idea ("{phone} Call us.").
_MARKDOWN = re.compile(r"^\s*(?:[-*+]|\d+[.)]|#+|>)\s+|[*_`#>\[\]]|\(https?://[^)]*\)|\{[a-z-]+\}", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class Readability:
    """What the writer sees beside an easy-read field."""

    reading_ease: float
    words: int
    sentences: int
    long_sentences: list[str] = field(default_factory=list)
    hard_words: list[str] = field(default_factory=list)

    long_sentence_words: int = LONG_SENTENCE_WORDS

    @property
    def verdict(self) -> str:
        return next(text for lowest, text in _VERDICTS if self.reading_ease >= lowest)

    @property
    def is_easy(self) -> bool:
        """Good enough for easy read: easy on the Flesch scale, no long sentence, no hard word."""
        return self.reading_ease >= _VERDICTS[0][0] and not self.long_sentences and not self.hard_words


def plain_text(markdown: str) -> str:
    """The words a reader reads: Markdown list marks, emphasis, link addresses and picture names removed."""
    return _MARKDOWN.sub("", markdown)


def sentences_of(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if _WORD.search(s)]


def measure(markdown: str | None) -> Readability | None:
    """The readability of a staff-written (Markdown) text; None when there is nothing to measure."""
    text = plain_text(markdown or "").strip()
    sentences = sentences_of(text)
    if not sentences:
        return None
    # textstat splits sentences at full stops only; give it one per easy-read line as well.
    joined = " ".join(s if s[-1] in ".!?" else s + "." for s in sentences)
    hard = textstat.difficult_words_list(joined, syllable_threshold=HARD_WORD_SYLLABLES)
    return Readability(
        reading_ease=round(textstat.flesch_reading_ease(joined), 1),
        words=textstat.lexicon_count(joined),
        sentences=len(sentences),
        long_sentences=[s for s in sentences if len(_WORD.findall(s)) > LONG_SENTENCE_WORDS],
        hard_words=sorted(set(hard), key=str.lower),
    )
