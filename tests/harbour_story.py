"""A four-paragraph news story in made-up prose, shared by the extraction tests that need
a story beside what they test (byline lines, layout tables)."""

from __future__ import annotations

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
