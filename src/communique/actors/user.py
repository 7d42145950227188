"""Users' own actor files: YAML or CSV entries, and PETRARCH/Phoenix `.actors.txt` dictionaries.

Every entry becomes a named actor with one or more (optionally dated) codes, and overrides any
packaged entry with the same name or alias.

YAML (a list) or CSV (a header row) with these fields:
    name (required), aliases (list or "a|b"), code (CAMEO code, e.g. SYRGOV) or country + sector,
    role, start, end (YYYY-MM-DD)
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..errors import KnowledgeBaseError
from .kb import KnowledgeBase, Role, add_person

_CODE = re.compile(r"\[\s*([A-Z0-9]{3,})\s*(?:([<>]?)(\d{8})(?:\s*-\s*(\d{8}))?)?\s*\]")


def role_from_code(kb: KnowledgeBase, code: str, role: str = "",
                   start: date | None = None, end: date | None = None) -> Role:
    """Split a CAMEO code into country and sector when it starts with a known state."""
    code = code.strip().upper()
    if code[:3] in kb.country_names:
        return Role(country=code[:3], sector=code[3:] or None, role=role, start=start, end=end)
    return Role(country=code, sector=None, role=role, start=start, end=end)


def load_user_actors(kb: KnowledgeBase, path: Path) -> int:
    """Load one user file into the KB (format by suffix); returns the number of entries."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeBaseError(f"cannot read actor file '{path}': {exc}", code="C302") from None
    name = path.name.lower()
    if name.endswith((".yaml", ".yml")):
        return _load_records(kb, path, _yaml_records(text, path))
    if name.endswith((".csv", ".tsv")):
        delimiter = "\t" if name.endswith(".tsv") else ","
        return _load_records(kb, path, list(csv.DictReader(io.StringIO(text),
                                                           delimiter=delimiter)))
    if name.endswith(".txt"):
        return load_petrarch(kb, text, path)
    raise KnowledgeBaseError(f"actor file '{path}': use .yaml, .csv, .tsv or a PETRARCH "
                             ".actors.txt file", code="C303")


def _yaml_records(text: str, path: Path) -> list[Any]:
    try:
        records = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"actor file '{path}' is not valid YAML: {exc}",
                                 code="C304") from None
    if not isinstance(records, list):
        raise KnowledgeBaseError(f"actor file '{path}' must hold a list of entries",
                                 code="C304")
    return records


def _day(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise KnowledgeBaseError(f"{where}: {value!r} is not a YYYY-MM-DD date",
                                 code="C305") from None


def _load_records(kb: KnowledgeBase, path: Path, records: list[Any]) -> int:
    for n, record in enumerate(records, start=1):
        where = f"actor file '{path}' entry {n}"
        if not isinstance(record, dict) or not str(record.get("name") or "").strip():
            raise KnowledgeBaseError(f"{where}: each entry needs a 'name'", code="C305")
        aliases = record.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [a.strip() for a in aliases.split("|") if a.strip()]
        code = record.get("code") or ((record.get("country") or "") +
                                      (record.get("sector") or ""))
        if not code:
            raise KnowledgeBaseError(f"{where}: give a 'code' or a 'country'", code="C305")
        role = role_from_code(kb, str(code), str(record.get("role") or ""),
                              _day(record.get("start"), where), _day(record.get("end"), where))
        add_person(kb, str(record["name"]).strip(), [str(a) for a in aliases], [role],
                   home=role.country, override=True)
    return len(records)


def _petrarch_date(value: str | None) -> date | None:
    return None if not value else date(int(value[:4]), int(value[4:6]), int(value[6:8]))


def load_petrarch(kb: KnowledgeBase, text: str, path: Path) -> int:
    """Load a PETRARCH/Phoenix actor dictionary: NAME_ lines, +SYNONYM_ lines, and [CODE]
    or [CODE >YYYYMMDD], [CODE <YYYYMMDD], [CODE YYYYMMDD-YYYYMMDD] restrictions."""
    entries: list[tuple[str, list[str], list[Role]]] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        stripped = line.strip()
        head = stripped.split("[", 1)[0].strip()
        if stripped.startswith("+"):
            if not entries:
                raise KnowledgeBaseError(f"{path}:{lineno}: synonym before any actor",
                                         code="C306")
            entries[-1][1].append(_phrase(head[1:]))
        elif head:
            entries.append((_phrase(head), [], []))
        for match in _CODE.finditer(stripped):
            if not entries:
                raise KnowledgeBaseError(f"{path}:{lineno}: code before any actor",
                                         code="C306")
            code, sign, first, second = match.groups()
            try:
                start = _petrarch_date(first) if sign in ("", ">") else None
                end = _petrarch_date(second) if second else (
                    _petrarch_date(first) if sign == "<" else None)
            except ValueError:
                raise KnowledgeBaseError(f"{path}:{lineno}: bad date in {match.group(0)}",
                                         code="C306") from None
            entries[-1][2].append(role_from_code(kb, code, "", start, end))
    for name, aliases, roles in entries:
        if roles:
            add_person(kb, name, aliases, roles, home=roles[0].country, override=True)
    return sum(1 for e in entries if e[2])


def _phrase(token: str) -> str:
    """PETRARCH writes phrases as WORDS_JOINED_BY_UNDERSCORES_; turn them into text."""
    words = token.strip().strip("_").replace("_", " ").split()
    return " ".join(w.capitalize() if w.isupper() and len(w) > 3 else w for w in words)
