"""The raw, uncleaned article fields a spider or the generic extractor reads from a page."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class RawArticle:
    """Fields as found on the page, before cleaning and normalization.

    Every field is optional: what a spider leaves as ``None`` (or empty) is filled by the
    generic extractor. ``published``/``modified`` are date strings as the page writes them;
    ``paragraphs`` are the body's text blocks in reading order.
    """

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    published_source: str | None = None  # jsonld, meta, url, time, htmldate, text
    #: the page's own local time or day (ISO 8601), when known better than ``published`` says
    published_local: str | None = None
    modified: str | None = None
    lead: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    canonical_url: str | None = None
    paragraphs: list[str] | None = None
    #: the article text the page declares in its JSON-LD (``articleBody``), as written: the
    #: body stage's cross-check (:func:`pipeline.extract.body.extract_body`)
    article_body: str | None = None

    def merged_over(self, fallback: RawArticle) -> RawArticle:
        """A new RawArticle: this one's set fields, the fallback's for the rest."""
        out = RawArticle()
        for f in fields(self):
            mine = getattr(self, f.name)
            setattr(out, f.name, mine if mine not in (None, [], "") else getattr(fallback, f.name))
        if self.published in (None, ""):
            out.published_source = fallback.published_source
        else:  # the local day belongs to the date it was found with
            out.published_local = self.published_local
        return out
