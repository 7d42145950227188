"""Events: the CAMEO codebook, the verb lexicon, and extraction from parsed sentences."""

from .codebook import Codebook, load_codebook
from .coder import EventCoder
from .lexicon import Lexicon, load_lexicon

__all__ = ["Codebook", "EventCoder", "Lexicon", "load_codebook", "load_lexicon"]
