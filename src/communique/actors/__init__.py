"""Actors: the knowledge base of states, organisations, sectors and people, and resolution."""

from .kb import Entry, KnowledgeBase, Role, load_kb
from .resolve import ActorMatcher, Mention, np_tokens, resolve_token, same_actor

__all__ = ["ActorMatcher", "Entry", "KnowledgeBase", "Mention", "Role", "load_kb", "np_tokens",
           "resolve_token", "same_actor"]
