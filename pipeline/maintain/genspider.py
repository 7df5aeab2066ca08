"""``newsmill genspider NAME DOMAIN``: a new spider module and its fixture folder."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

from pipeline.errors import ConfigError, DuplicateSpiderError
from pipeline.spider import load_spiders

__all__ = ["GeneratedSpider", "generate_spider", "normalize_domain"]

_TEMPLATES = Path(__file__).resolve().parent
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_HOST = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}")


@dataclass
class GeneratedSpider:
    """What :func:`generate_spider` wrote."""

    module: Path
    fixtures: Path
    listing: str


def normalize_domain(domain: str) -> tuple[str, str]:
    """``(domain, listing URL)`` from ``example.com``, ``www.example.com`` or a site URL.

    The domain drops a leading ``www.`` (a spider's domains cover their subdomains); the
    listing keeps the host as given. Raises :class:`ConfigError` for anything else.
    """
    raw = domain.strip()
    parts = urlsplit(raw if "://" in raw else f"https://{raw}")
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not _HOST.fullmatch(host) or "." not in host:
        raise ConfigError(f"not a domain name: {domain!r} (expected e.g. example.com)")
    listing = f"{parts.scheme}://{parts.netloc.lower()}{parts.path or '/'}"
    return host.removeprefix("www."), listing


def generate_spider(
    name: str, domain: str, *, root: Path, feed: str | None = None
) -> GeneratedSpider:
    """Write ``spiders/<name>.py`` and ``tests/fixtures/<name>/`` under checkout ``root``.

    Raises :class:`ConfigError` for a bad name, domain or feed, or when the module exists,
    and :class:`DuplicateSpiderError` when a registered spider already has the name.
    """
    if not _NAME.fullmatch(name) or keyword.iskeyword(name):
        raise ConfigError(
            f"spider name {name!r} must be lower-case letters, digits and underscores, "
            "starting with a letter"
        )
    registered = load_spiders()
    if name in registered:
        other = registered[name]
        raise DuplicateSpiderError(
            f"a spider named {name!r} exists already ({other.__module__}.{other.__qualname__})"
        )
    host, listing = normalize_domain(domain)
    if feed is not None and urlsplit(feed).scheme not in ("http", "https"):
        raise ConfigError(f"--feed must be an http(s) URL, not {feed!r}")
    module = root / "spiders" / f"{name}.py"
    if module.exists():
        raise ConfigError(f"{module} exists already")
    values = {
        "name": name,
        "cls": "".join(p.capitalize() for p in name.split("_")) + "Spider",
        "title": host,
        "domain": host,
        "listing": listing,
        "feeds": f'"{feed}",' if feed else "",
    }
    text = Template((_TEMPLATES / "spider.py.tmpl").read_text(encoding="utf-8"))
    module.write_text(text.substitute(values), encoding="utf-8")
    fixtures = root / "tests" / "fixtures" / name
    fixtures.mkdir(parents=True, exist_ok=True)
    readme = fixtures / "README.md"
    if not readme.exists():
        tmpl = Template((_TEMPLATES / "fixture_readme.md.tmpl").read_text(encoding="utf-8"))
        readme.write_text(tmpl.substitute(values), encoding="utf-8")
    return GeneratedSpider(module=module, fixtures=fixtures, listing=listing)
