"""Byline and date lines at the edges of the story: the author and date steps read them,
the text does not keep them; sentences that name the author or a day stay."""

from __future__ import annotations

import json

import pytest
from harbour_story import STORY

from pipeline.extract import extract_fields


def page(
    top: str = "",
    bottom: str = "",
    authors: tuple[str, ...] = ("Jane Doe",),
    published: str = "2024-02-27T18:10:00+01:00",
) -> str:
    meta = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Harbour channel to be dredged",
        "datePublished": published,
        "author": [{"@type": "Person", "name": a} for a in authors],
    }
    paras = "".join(f"<p>{p}</p>" for p in STORY)
    return (
        "<html><head><title>Harbour channel to be dredged</title>"
        f"<script type='application/ld+json'>{json.dumps(meta)}</script></head>"
        "<body><article><h1>Harbour channel to be dredged</h1>"
        f"<div class='story'>{top}{paras}{bottom}</div></article></body></html>"
    )


def text_of(html: str) -> list[str]:
    return extract_fields(html, "https://harbour.example/news/channel").text.split("\n\n")


@pytest.mark.parametrize(
    "line",
    [
        "<p>By Jane Doe</p>",
        "<p><em>By Jane Doe</em></p>",
        "<p>Written by Jane Doe</p>",
        "<p>By JANE DOE</p>",
        "<p>By Jane Doe | Jan. 3, 2024</p>",
        "<p>By Jane Doe, Harbour Gazette Staff Writer</p>",
        "<p>Jane Doe | February 27, 2024, 6:10 p.m. EST</p>",
        "<p>Von Jane Doe</p>",
        "<p>Par Jane Doe, le 3 janvier 2024</p>",
        "<p>Por Jane Doe</p>",
        "<p>Автор: Jane Doe</p>",
    ],
)
def test_a_byline_line_above_the_story_is_not_text(line: str) -> None:
    assert text_of(page(top=line)) == STORY


def test_a_byline_of_two_authors_and_a_date_line_under_the_story_are_not_text() -> None:
    two = ("Jane Doe", "Omar Hassan")
    assert text_of(page(top="<p>By Jane Doe and Omar Hassan</p>", authors=two)) == STORY
    assert text_of(page(bottom="<p>Published February 27, 2024</p>")) == STORY
    both = "<p>By Jane Doe</p><p>Feb. 27, 2024 6:10 p.m.</p>"
    assert text_of(page(top=both)) == STORY


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("<p>February 27, 2024</p>", "2024-02-27"),
        ("<p>Feb. 27, 2024 6:10 p.m.</p>", "2024-02-27T18:10:00-05:00"),
        ("<p>27.02.2024, 18:10 Uhr</p>", "2024-02-27T18:10:00+01:00"),
        ("<p>Veröffentlicht am 27.02.2024</p>", "2024-02-27"),
        ("<p>Publicado: 27/02/2024 18:10</p>", "2024-02-27"),
        ("<p>Опубликовано: 15.08.2016 13:43</p>", "2016-08-15T13:43:00+03:00"),
        ("<p>15 августа 2016, 13:43</p>", "2016-08-15T13:43:00+03:00"),
    ],
)
def test_a_date_line_above_the_story_is_not_text(line: str, published: str) -> None:
    assert text_of(page(top=line, published=published)) == STORY


@pytest.mark.parametrize(
    "line",
    [
        # sentences that name the author or a day are the story's
        "Jane Doe has covered the harbour for ten years and wrote this report from the quay.",
        "By Tuesday, the commission had received more than 300 letters about the channel.",
        "LONDON, February 27, 2024 — The harbour commission met in an emergency session.",
        "On February 27, 2024, the first ship ran aground in the north channel.",
        # names that are not the authors
        "By Omar Hassan",
        "Omar Hassan | February 27, 2024",
        # a signature, an interview's speaker, the author as the subject
        "— Jane Doe",
        "JANE DOE:",
        "Jane Doe and the West",
        "Por Jane Doe y su familia",
        "Author Jane Doe Wins Booker Prize",
        # a signature dated another day than the page's
        "Jane Doe, February 20, 2024",
        # a date heading of another day than the page's, a year, a month, a date in words
        "Saturday, March 2, 2024",
        "1931",
        "August 1914",
        "The last of May, 2020",
        "2022 – 3,200",
    ],
)
def test_story_lines_that_look_alike_stay(line: str) -> None:
    assert text_of(page(top=f"<p>{line}</p>"))[0] == line


def test_lines_of_a_list_at_the_edges_stay() -> None:
    timeline = ["1931", "Born in Leeds.", "1950", "Moves to London.", "2024", "Dies at home."]
    paras = "".join(f"<p>{p}</p>" for p in timeline)
    html = page().replace("".join(f"<p>{p}</p>" for p in STORY), paras)
    assert text_of(html) == timeline


def test_a_date_inside_the_story_stays() -> None:
    middle = [*STORY[:2], "February 27, 2024", *STORY[2:]]
    paras = "".join(f"<p>{p}</p>" for p in middle)
    html = page().replace("".join(f"<p>{p}</p>" for p in STORY), paras)
    assert text_of(html) == middle
