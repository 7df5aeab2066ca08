"""The title: the article's visible headline, without site prefixes or suffixes, chosen by
agreement between the candidates (``<h1>``, og:title, JSON-LD headline, ``<title>``) — #14.

Every page here is made up for the test (no corpus page is copied)."""

from __future__ import annotations

import pytest

from pipeline.extract.metadata import extract_metadata
from pipeline.extract.parse import parse_html
from pipeline.extract.title import strip_site_suffix


def page(head: str = "", body: str = "", lang: str = "en") -> str:
    story = "<p>The council met on Tuesday evening and voted after a long debate.</p>"
    return (
        f'<!doctype html><html lang="{lang}"><head>{head}</head>'
        f"<body>{body}<article>{story}</article></body></html>"
    )


def tt(title: str) -> str:
    return f"<title>{title}</title>"


def og(title: str) -> str:
    return f'<meta property="og:title" content="{title}">'


def site(name: str) -> str:
    return f'<meta property="og:site_name" content="{name}">'


def ld_headline(headline: str, publisher: str | None = None) -> str:
    pub = f', "publisher": {{"@type": "Organization", "name": "{publisher}"}}' if publisher else ""
    return (
        '<script type="application/ld+json">'
        f'{{"@type": "NewsArticle", "headline": "{headline}"{pub}}}</script>'
    )


def title_of(html: str, url: str | None = None) -> str | None:
    return extract_metadata(parse_html(html), url).title


CASES = [
    # 1. the visible <h1> beats a shorter alternative headline written for sharing
    ("h1-over-shorter-og",
     og("Orchard rescued") + tt("Volunteers rescue a village orchard from felling | Valley Echo"),
     "<h1>Volunteers rescue a village orchard from felling</h1>",
     None, "Volunteers rescue a village orchard from felling"),
    # 2. … and a shorter JSON-LD headline
    ("h1-over-shorter-jsonld",
     ld_headline("Night buses return") + tt("Night buses return to the ring road after two years"),
     "<h1>Night buses return to the ring road after two years</h1>",
     None, "Night buses return to the ring road after two years"),
    # 3-15. a site suffix behind any common separator, named by og:site_name, no <h1>
    *[
        (f"suffix-{name}",
         site("Harbour Post") + tt(f"Ferry fares rise for the third time{sep}Harbour Post"),
         "", None, "Ferry fares rise for the third time")
        for name, sep in [("pipe", " | "), ("hyphen", " - "), ("en-dash", " – "),
                          ("em-dash", " — "), ("colon", ": "), ("guillemet", " » "),
                          ("middle-dot", " · "), ("single-guillemet", " › "),
                          ("left-single-guillemet", " ‹ "), ("tilde", " ~ "),
                          ("slash", " / "), ("double-slash", " // "), ("angle", " > ")]
    ],
    # 16. a site prefix
    ("prefix",
     site("Harbour Post") + tt("Harbour Post | Ferry fares rise for the third time"),
     "", None, "Ferry fares rise for the third time"),
    # 17. the site's name from the JSON-LD publisher, after the visible headline too
    ("publisher-suffix",
     ld_headline("Library opens on Sundays – Northgate Courier", "Northgate Courier")
     + tt("Library opens on Sundays – Northgate Courier"),
     "<h1>Library opens on Sundays – Northgate Courier</h1>",
     None, "Library opens on Sundays"),
    # 18. the site's name spelled by the URL's host (no metadata names it)
    ("host-suffix",
     tt("Tram line extension approved » Kestrelford Gazette"),
     "", "https://www.kestrelfordgazette.example/news/tram", "Tram line extension approved"),
    # 19. an <h1> that is the host's name is a masthead, not the headline
    ("host-masthead",
     tt("Kestrelford Gazette – Tram line extension approved"),
     '<h1><a href="/">Kestrelford Gazette</a></h1>',
     "https://kestrelfordgazette.example/2026/tram", "Tram line extension approved"),
    # 20. a <title> that is only the site's name is no title
    ("title-only-site",
     site("Harbour Post") + tt("Harbour Post"),
     "<h1>Ferry fares rise</h1>", None, "Ferry fares rise"),
    # 21. several <h1>s: a masthead first, then the headline, then teasers
    ("several-h1",
     site("Valley Echo") + tt("Bridge repairs finish early | Valley Echo"),
     "<h1>Valley Echo</h1><h1>Bridge repairs finish early</h1><h1>Most read</h1>",
     None, "Bridge repairs finish early"),
    # 22. several <h1>s, none confirmed by metadata: the first one a sentence long
    ("several-h1-unconfirmed",
     og("Where to swim this summer") + tt("Where to swim this summer"),
     "<h1>The quiet lakes and river beaches we keep going back to</h1>"
     "<h1>Sign up to our weekly newsletter</h1>",
     None, "The quiet lakes and river beaches we keep going back to"),
    # 23. an <h1> holding only the site's logo
    ("logo-h1",
     og("Ferry fares rise for the third time") + site("Harbour Post"),
     '<h1><a href="/"><img src="/logo.svg" alt=""></a></h1>',
     None, "Ferry fares rise for the third time"),
    # 24. a truncated og:title does not beat the full JSON-LD headline
    ("truncated-og",
     ld_headline("Mountain rescue team marks fifty years of call-outs")
     + og("Mountain rescue team marks fifty years of…"),
     "", None, "Mountain rescue team marks fifty years of call-outs"),
    # 25. a headline with its own dash and colon is not cut
    ("dash-colon-in-headline",
     tt("North - South rail link: five things to know"),
     "<h1>North - South rail link: five things to know</h1>",
     None, "North - South rail link: five things to know"),
    # 26. German, the site after a dash
    ("german",
     site("Rheinbote") + tt("Stadtrat beschließt neue Radwege am Ufer – Rheinbote"),
     "<h1>Stadtrat beschließt neue Radwege am Ufer</h1>",
     None, "Stadtrat beschließt neue Radwege am Ufer"),
    # 27. French, a shorter og:title
    ("french",
     og("Le marché rouvre") + tt("Le marché couvert rouvre après deux ans de travaux - Écho"),
     "<h1>Le marché couvert rouvre après deux ans de travaux</h1>",
     None, "Le marché couvert rouvre après deux ans de travaux"),
    # 28. Russian, the site after an em dash
    ("russian",
     site("Северный вестник") + tt("В городе открыли новый мост через реку — Северный вестник"),
     "<h1>В городе открыли новый мост через реку</h1>",
     None, "В городе открыли новый мост через реку"),
    # 29. Japanese, the site after a pipe
    ("japanese",
     site("港町新聞") + tt("港町で新しい図書館が来月開館へ | 港町新聞"),
     "<h1>港町で新しい図書館が来月開館へ</h1>",
     None, "港町で新しい図書館が来月開館へ"),
    # 30. a short lone <h1> no declared title agrees with (a section name) is not the title
    ("section-h1",
     og("Ferry fares rise for the third time") + site("Harbour Post"),
     "<h1>Travel</h1>", None, "Ferry fares rise for the third time"),
    # 31. the site's domain before the title, no separator between (a blog's <title>)
    ("domain-prefix",
     tt("kestrelfordgazette.example Tram line extension approved"),
     '<h1><a href="/">kestrelfordgazette.example</a></h1>',
     "https://kestrelfordgazette.example/2026/tram", "Tram line extension approved"),
    # 32. … but after the title the domain is often the sentence's own last word
    ("domain-ends-sentence",
     tt("The town's best bakeries, as voted by the readers of kestrelfordgazette.example"), "",
     "https://www.kestrelfordgazette.example/2026/bakeries",
     "The town's best bakeries, as voted by the readers of kestrelfordgazette.example"),
    # 33. another site's domain, or the site's brand without one, is part of the headline
    ("other-domain",
     tt("Why example.org still answers after thirty years"), "",
     "https://kestrelfordgazette.example/2026/dns",
     "Why example.org still answers after thirty years"),
    ("brand-word",
     tt("Kestrelford council approves the tram line"), "",
     "https://kestrelford.example/2026/tram", "Kestrelford council approves the tram line"),
    # 34. the domain as the visible <h1>'s first word is the headline's own (a site naming
    # its weekly issue): the <h1> is never cut, with or without a <title> repeating it
    ("domain-in-h1",
     tt("Fernbrook.example Weekly Edition for March 3, 2026"),
     "<h1>Fernbrook.example Weekly Edition for March 3, 2026</h1>",
     "https://fernbrook.example/Articles/1042/",
     "Fernbrook.example Weekly Edition for March 3, 2026"),
    ("domain-in-lone-h1",
     "", "<h1>Fernbrook.example Weekly Edition for March 3, 2026</h1>",
     "https://fernbrook.example/Articles/1042/",
     "Fernbrook.example Weekly Edition for March 3, 2026"),
    # 35. … and a declared title keeps it when a visible heading shows it with more words
    ("domain-in-short-h1",
     og("Fernbrook.example Weekly: the kernel, the budget and the ferry"),
     "<h1>Fernbrook.example Weekly</h1>",
     "https://www.fernbrook.example/weekly/12",
     "Fernbrook.example Weekly: the kernel, the budget and the ferry"),
    # 36. … or when what follows starts lower-case (the domain is the sentence's subject)
    ("domain-as-subject",
     tt("Lakeside.example announces record first-quarter results"), "",
     "https://www.lakeside.example/news/q1",
     "Lakeside.example announces record first-quarter results"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "head", "body", "url", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_title(name: str, head: str, body: str, url: str | None, expected: str) -> None:
    assert title_of(page(head, body), url) == expected


def test_no_candidate_gives_no_title() -> None:
    assert title_of(page()) is None


@pytest.mark.parametrize(
    ("title", "site_name", "expected"),
    [
        ("Ferry fares rise | Harbour Post", "Harbour Post", "Ferry fares rise"),
        ("Ferry fares rise » Harbour Post", "harbour post", "Ferry fares rise"),
        ("Ferry fares rise for the third time | Harbour Post", None,
         "Ferry fares rise for the third time"),
        ("Harbour Post", "Harbour Post", "Harbour Post"),  # nothing else to keep
        (
            "Swedish police to investigate leaks | Euronews",
            "euronews",
            "Swedish police to investigate leaks",
        ),
        (
            "The campaigns brace for a sprint | AP News",
            "AP NEWS",
            "The campaigns brace for a sprint",
        ),
        ("Floods hit the north - BBC News", "BBC News", "Floods hit the north"),
        ("Daily Planet | Floods hit the north", "Daily Planet", "Floods hit the north"),
        ("Floods hit the north | Daily Planet", None, "Floods hit the north"),
        ("Floods hit the north | World | Daily Planet", None, "Floods hit the north"),
        (
            "Spider-Man - the movie review that nobody asked for",
            None,
            "Spider-Man - the movie review that nobody asked for",
        ),
        ("Clinton - Trump debate: five takeaways", None, "Clinton - Trump debate: five takeaways"),
    ],
)  # fmt: skip
def test_strip_site_suffix(title: str, site_name: str | None, expected: str) -> None:
    assert strip_site_suffix(title, site_name) == expected
