"""Byline and date lines at the edges of the story: the author and date steps read them,
the text does not keep them; sentences that name the author or a day stay."""

from __future__ import annotations

import json

import pytest

from pipeline.extract import extract_fields

STORY = [
    "The harbour commission voted on Thursday to dredge the north channel before the "
    "autumn storms, after two cargo ships ran aground there in August.",
    "The work will cost about 2.1 million dollars, most of it paid from the port's reserve, "
    "and will close the channel to larger vessels for six weeks.",
    "Fishermen said the closure would fall in their busiest season, and asked the "
    "commission to let smaller boats through at high tide.",
    "The commission's chair said a decision on the smaller boats would be taken next month, "
    "once the contractor had set out its timetable.",
]


def page(top: str = "", bottom: str = "", authors: tuple[str, ...] = ("Jane Doe",)) -> str:
    meta = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Harbour channel to be dredged",
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
        "<p>Jane Doe | January 3, 2024, 6:10 p.m. EST</p>",
        "<p>Von Jane Doe</p>",
        "<p>Par Jane Doe, le 3 janvier 2024</p>",
        "<p>Por Jane Doe</p>",
        "<p>Автор: Jane Doe</p>",
    ],
)
def test_a_byline_line_above_the_story_is_not_text(line: str) -> None:
    assert text_of(page(top=line)) == STORY


def test_bylines_of_two_authors_and_a_sign_off_under_the_story_are_not_text() -> None:
    two = ("Jane Doe", "Omar Hassan")
    assert text_of(page(top="<p>By Jane Doe and Omar Hassan</p>", authors=two)) == STORY
    assert text_of(page(bottom="<p>— Jane Doe</p>")) == STORY


@pytest.mark.parametrize(
    "line",
    [
        "<p>February 27, 2024</p>",
        "<p>Feb. 27, 2024 6:10 p.m.</p>",
        "<p>Updated: Tuesday, February 27, 2024</p>",
        "<p>27.02.2024, 18:10 Uhr</p>",
        "<p>Veröffentlicht am 27.02.2024</p>",
        "<p>Publicado: 27/02/2024 18:10</p>",
        "<p>Опубликовано: 15.08.2016 13:43</p>",
        "<p>15 августа 2016, 13:43</p>",
    ],
)
def test_a_date_line_above_the_story_is_not_text(line: str) -> None:
    assert text_of(page(top=line)) == STORY


@pytest.mark.parametrize(
    "line",
    [
        # sentences that name the author or a day are the story's
        "Jane Doe has covered the harbour for ten years and wrote this report from the quay.",
        "By Tuesday, the commission had received more than 300 letters about the channel.",
        "LONDON, February 27, 2024 — The harbour commission met in an emergency session.",
        "On February 27, 2024, the first ship ran aground in the north channel.",
        # names that are not the authors'
        "By Omar Hassan",
        "Omar Hassan | February 27, 2024",
    ],
)
def test_story_lines_that_look_alike_stay(line: str) -> None:
    assert text_of(page(top=f"<p>{line}</p>"))[0] == line


def test_a_date_inside_the_story_stays() -> None:
    middle = [*STORY[:2], "February 27, 2024", *STORY[2:]]
    paras = "".join(f"<p>{p}</p>" for p in middle)
    html = page().replace("".join(f"<p>{p}</p>" for p in STORY), paras)
    assert text_of(html) == middle
