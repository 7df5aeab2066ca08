"""The newsmill record schema, version 1.

One :class:`Article` is one JSON object per line of newsmill's JSONL output. Every key is
always present (``null`` or ``[]`` when empty) and a key's type never varies, so pandas,
polars and DuckDB infer the same flat schema on every file. Times are ISO 8601 UTC with a
``Z`` suffix (``published_at_local`` alone keeps the page's own offset); ``start``/``end``
offsets are Python ``str`` indices into ``Article.text``.

This package imports nothing of the engine. The JSON Schema generated from these models is
committed next to this file (``article.schema.json``) and a test fails when they drift.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = [
    "SCHEMA_PATH",
    "SCHEMA_VERSION",
    "Article",
    "DateMention",
    "DateSource",
    "Enrichment",
    "EntityMention",
    "Extraction",
    "Figure",
    "NamedEntity",
    "Quote",
    "RunManifest",
    "json_schema",
]

SCHEMA_VERSION: Final = 1
#: Where ``published_at`` was read.
DateSource = Literal["jsonld", "meta", "time", "url", "htmldate", "text"]
SCHEMA_PATH = Path(__file__).with_name("article.schema.json")

#: ISO 8601 UTC timestamp with a ``Z`` suffix, to the second: ``2020-10-28T14:05:00Z``.
UtcTimestamp = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
Offset = Annotated[int, Field(ge=0)]
#: ISO 8601 local time with its UTC offset (``2024-04-28T03:00:00-04:00``) or a bare day.
LocalDate = Annotated[
    str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?$")
]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


class EntityMention(_Record):
    """One mention of a named entity in ``text``."""

    text: str = Field(description="The mention as it stands in the text.")
    label: str = Field(description="ORG, PERSON, GPE, LOC, NORP, FAC, EVENT, LAW, ...")
    canonical: str = Field(description="Name of the canonical entity this mention belongs to.")
    start: Offset
    end: Offset
    source: Literal["model", "rule"] = Field(
        description="'model' for the statistical NER, 'rule' for the entity ruler/gazetteer."
    )


class NamedEntity(_Record):
    """One canonical organization, person or place of an article."""

    name: str
    mentions: int = Field(ge=1, description="How many mentions were merged into it.")
    role: str | None = Field(
        default=None, description="For people: the role the text gives them, else null."
    )


class DateMention(_Record):
    """A date expression found in the text, normalized."""

    text: str
    value: str | None = Field(
        description="'2020-10-28', '2020-10', '2020', '2020-Q3'/'2020-summer' (season), "
        "'2010s' (decade); null when it cannot be resolved."
    )
    granularity: Literal["day", "month", "season", "year", "decade"] | None
    start: Offset
    end: Offset


class Figure(_Record):
    """A quantity in the text: a count of something, money, a percentage, a measure."""

    text: str
    value: float | None = Field(description="The number, or the lower bound of a range.")
    upper: float | None = Field(description="Upper bound of a range or a vague amount.")
    approximate: bool
    qualifier: str | None = Field(
        description="more_than, less_than, at_least, at_most, about, up_to, nearly, ..."
    )
    unit: str | None = Field(description="'USD', 'EUR', 'percent', 'km', 'year', ... or null.")
    noun: str | None = Field(description="What is counted, with its modifiers.")
    start: Offset
    end: Offset


class Quote(_Record):
    """Direct speech in the text."""

    text: str
    speaker: str | None
    start: Offset
    end: Offset


class Extraction(_Record):
    """Provenance of a record."""

    spider: str
    ner_model: str | None = Field(description="spaCy model name and version, null if not run.")
    version: str = Field(description="newsmill version that wrote the record.")
    warnings: list[str] = Field(default_factory=list)
    cleaning: dict[str, int] = Field(
        default_factory=dict,
        description="How many repairs of each kind the clean stage made (entities, mojibake, ...).",
    )


class Enrichment(_Record):
    """The enrichment fields of a record, as :func:`pipeline.enrich_text` returns them."""

    entities: list[EntityMention] = Field(default_factory=list)
    organizations: list[NamedEntity] = Field(default_factory=list)
    people: list[NamedEntity] = Field(default_factory=list)
    places: list[NamedEntity] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)


class Article(_Record):
    """One article record (schema version 1). Field order is the JSONL key order."""

    schema_version: Literal[1] = SCHEMA_VERSION
    id: str = Field(pattern=r"^[0-9a-f]{64}$", description="sha256 hex of canonical_url.")
    url: str
    canonical_url: str
    site: str = Field(description="Name of the spider that produced the record.")
    language: str | None = Field(description="ISO 639-1 code.")
    title: str
    lead: str | None
    authors: list[str]
    section: str | None
    tags: list[str]
    published_at: UtcTimestamp | None
    modified_at: UtcTimestamp | None
    fetched_at: UtcTimestamp | None
    published_at_source: DateSource | None
    published_at_local: LocalDate | None = Field(
        default=None,  # records written before the field existed still validate
        description="published_at in the page's own time: with the page's UTC offset when "
        "the page gives a time and a zone ('2024-04-28T03:00:00-04:00'), else the day the page "
        "gives ('2024-04-28').",
    )
    text: str
    word_count: int = Field(ge=0)
    content_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    entities: list[EntityMention]
    organizations: list[NamedEntity]
    people: list[NamedEntity]
    places: list[NamedEntity]
    dates: list[DateMention]
    figures: list[Figure]
    quotes: list[Quote]
    extraction: Extraction

    def to_json(self) -> str:
        """The record as one compact JSON line (no trailing newline), UTF-8 characters kept."""
        return self.model_dump_json()


class RunManifest(_Record):
    """Summary of one crawl run, written next to its JSONL parts."""

    run_id: str
    started_at: UtcTimestamp
    finished_at: UtcTimestamp | None
    spiders: list[str]
    exit_code: int | None
    counts: dict[str, int] = Field(
        default_factory=dict, description="discovered, fetched, written, skipped, failed, ..."
    )
    errors: dict[str, int] = Field(default_factory=dict, description="Failures by error class.")
    parts: list[str] = Field(default_factory=list, description="JSONL part files written.")
    durations: dict[str, float] = Field(default_factory=dict, description="Seconds per stage.")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one record, as committed in ``article.schema.json``."""
    schema = Article.model_json_schema(mode="serialization")
    schema["$id"] = f"https://newsmill.invalid/schema/article-v{SCHEMA_VERSION}.json"
    return schema


def json_schema_text() -> str:
    """The JSON Schema rendered exactly as the committed file is written."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
