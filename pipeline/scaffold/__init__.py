"""Scaffolding for maintainers: ``newsmill genspider`` and ``newsmill fixture record``.

The templates (``*.tmpl``, :class:`string.Template` syntax) live beside this module; the code
that fills them is in :mod:`.genspider` and :mod:`.fixture`.
"""

from pipeline.scaffold.fixture import RecordedFixture, record_fixture, update_fixtures
from pipeline.scaffold.genspider import GeneratedSpider, generate_spider

__all__ = [
    "GeneratedSpider",
    "RecordedFixture",
    "generate_spider",
    "record_fixture",
    "update_fixtures",
]
