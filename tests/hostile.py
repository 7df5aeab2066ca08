"""Hostile pages, made by the tests: one bad page must cost one record, on every path.

Each page is built in a few milliseconds (string repetition, no parsing). The good pages
are ordinary articles; every run mixes them with the hostile ones and checks that every
good page is written and every hostile one is either written repaired (its repair counted)
or refused with a one-line reason.
"""

from __future__ import annotations

from dataclasses import dataclass

HTML_UTF8 = "text/html; charset=utf-8"


@dataclass(frozen=True)
class HostilePage:
    name: str
    body: bytes
    content_type: str = HTML_UTF8
    #: None: written (possibly repaired); else a word of the one-line reason it is refused.
    refused: str | None = None


def article(title: str, paragraphs: list[str], *, head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"{head}</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def prose(n: int, seed: str = "") -> list[str]:
    """``n`` different, plain paragraphs of about 130 characters each."""
    return [
        f"On day {i} of the inquiry{seed}, the district council reviewed {i * 7 + 3} complaints"
        f" from residents of ward {i % 97}, and officials promised a reply by the next session."
        for i in range(n)
    ]


def good_page(n: int) -> HostilePage:
    return HostilePage(f"good{n}", article(f"Ordinary report {n}", prose(6, f" {n}")).encode())


def long_article(chars: int = 1_200_000) -> HostilePage:
    paragraphs = prose(chars // 150 + 1, " (long)")
    return HostilePage("long", article("A very long report", paragraphs).encode())


def nesting_bomb(levels: int = 1_000_000) -> HostilePage:
    body = "<div>" * levels + "<p>deep</p>"  # 5 MB: under the 10 MB body cap
    html = f"<html><head><title>Bomb</title></head><body>{body}</body></html>"
    return HostilePage("bomb", html.encode(), refused="nested more than")


def misnesting_bomb(count: int = 20_000) -> HostilePage:
    """Tags whose ends the parser ignores (300 kB): an ``<option>`` closed only at the top,
    a ``</span>`` with a ``<div>`` open above it. Lexbor nests 40,000 levels, and the walks
    after parsing take minutes."""
    body = "<option><div>word " * (count // 2) + "<span><div>word</span>" * (count // 2)
    html = f"<html><head><title>Misnested</title></head><body>{body}</body></html>"
    return HostilePage("misnested", html.encode(), refused="nested more than")


def attribute_bomb(count: int = 300_000) -> HostilePage:
    """One element with 300,000 distinct attributes (3 MB): minutes of the parser's time."""
    attributes = " ".join(f"a{i}" for i in range(count))
    html = article("Bomb", prose(5, " (attributes)"))
    html = html.replace("<article>", f"<article {attributes}>")
    return HostilePage("attributes", html.encode(), refused="attributes")


def svg_attribute_bomb(count: int = 300_000) -> HostilePage:
    """The same bomb inside an inline icon's ``<style>``: in ``<svg>`` a style holds markup,
    not text, so the element is built (minutes), though a ``<style>`` in HTML would hide it."""
    attributes = " ".join(f"s{i}" for i in range(count))
    icon = f"<svg viewBox='0 0 24 24'><style><g {attributes}></g></style><path d='M0 0h24'/></svg>"
    html = article("Icon", prose(5, " (icon)")).replace("<h1>", f"{icon}<h1>")
    return HostilePage("icon", html.encode(), refused="attributes")


def huge_title(chars: int = 6_000_000) -> HostilePage:
    html = article("A report", prose(5, " (title)")).replace("A report", "T" * chars, 1)
    return HostilePage("title", html.encode())


def nul_byte() -> HostilePage:
    html = article("A page with a NUL byte", prose(5, " (nul)")).encode()
    return HostilePage("nul", html.replace(b"district council", b"district\x00 council", 1))


def utf16_without_bom() -> HostilePage:
    html = article("Zürich report, in UTF-16", prose(5, " (utf16)")).replace(
        "<meta charset='utf-8'>", ""
    )
    return HostilePage("utf16", html.encode("utf-16-le"), "text/html; charset=utf-16")


def php_source() -> HostilePage:
    return HostilePage(
        "php", b"<?php\necho 'hello';\n$x = $_GET['id'];\n?>\n", refused="not an HTML"
    )


def bad_urls() -> HostilePage:
    """Every URL the page names is malformed: brackets without an IPv6 address, a port out
    of range, a host IDNA refuses; the page itself is fine."""
    jsonld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "url": '
        '"http://example.com:99999999/a", "mainEntityOfPage": "http://\u2100.com/",'
        ' "author": {"name": "Dana Ortiz", "url": "http://[oops]/"}}</script>'
    )
    head = (
        '<link rel="canonical" href="http://[::1"><meta property="og:url" content="//[">'
        f'<base href="http://[broken">{jsonld}'
    )
    page = article("Council delays the vote", prose(5, " (urls)"), head=head)
    page = page.replace("</article>", '<a href="http://[::1/next">next</a></article>')
    return HostilePage("badurls", page.encode())


def spaced_headline(spaces: int = 100_000) -> HostilePage:
    """A JSON-LD headline with a run of 100,000 spaces inside it, and an ``<h1>`` that is
    only a section's name (so the headline is the title, its separators looked for): they
    must be found in one pass over the run, not one from each of its positions (quadratic:
    14 s for 30,000 spaces, minutes for these)."""
    headline = "Council" + " " * spaces + "votes on the harbour budget"
    jsonld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        f'"headline": "{headline}"}}</script>'
    )
    page = article("The harbour", prose(5, " (spaces)"), head=jsonld).replace(
        "<title>The harbour</title>", "<title>Council votes on the harbour budget</title>"
    )
    return HostilePage("spaces", page.encode())


def hostile_pages() -> list[HostilePage]:
    """Good and hostile pages interleaved, a good one first and last."""
    return [
        good_page(1),
        long_article(),
        nesting_bomb(),
        misnesting_bomb(),
        good_page(2),
        attribute_bomb(),
        svg_attribute_bomb(),
        huge_title(),
        nul_byte(),
        utf16_without_bom(),
        php_source(),
        bad_urls(),
        spaced_headline(),
        good_page(3),
    ]
