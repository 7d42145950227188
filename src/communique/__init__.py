"""communique: reads international news and turns it into political event data.

Who did what to whom, when, where, and how we know: CAMEO and PLOVER events with actors,
dates, places and provenance, stored in DuckDB.
"""

import logging

from .analyse import dyads, event_groups, relation_graph, trend
from .config import Settings, load_settings
from .core import Communique, Result, code_text
from .errors import (
                     CodingError,
                     CommuniqueError,
                     ConfigError,
                     IngestError,
                     KnowledgeBaseError,
                     ParseError,
                     StoreError,
)
from .models import Document, Event
from .store import EventStore

__all__ = ["CodingError", "Communique", "CommuniqueError", "ConfigError", "Document", "Event",
           "EventStore", "IngestError", "KnowledgeBaseError", "ParseError", "Result", "Settings",
           "StoreError", "code_text", "dyads", "event_groups", "load_settings",
           "relation_graph", "trend"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
