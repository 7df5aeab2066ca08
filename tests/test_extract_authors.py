"""Authors: who the page says wrote it, from JSON-LD, meta tags and the bylines it shows.

The pages are made here; each test names what a reader of the record would check.
"""

from __future__ import annotations

import pytest

from pipeline.extract.metadata import clean_authors, extract_metadata
from pipeline.extract.parse import parse_html


def page(head: str = "", body: str = "") -> str:
    text = "<p>The council met on Thursday evening to discuss the new cycle lanes.</p>"
    return f"<!doctype html><html><head>{head}</head><body>{body}{text}</body></html>"


def ld(json_text: str) -> str:
    return f'<script type="application/ld+json">{json_text}</script>'


def authors(html: str, url: str | None = "https://news.example/story") -> list[str]:
    return extract_metadata(parse_html(html), url).authors


def test_jsonld_author_given_by_reference_to_a_person_in_the_graph() -> None:
    graph = ld(
        '{"@context": "https://schema.org", "@graph": ['
        '{"@type": "Article", "headline": "Tide tables", '
        '"author": {"@id": "https://tides.example/#/person/7"}},'
        '{"@type": "Person", "@id": "https://tides.example/#/person/7", "name": "Signe Holm"}]}'
    )
    assert authors(page(graph)) == ["Signe Holm"]


def test_jsonld_reference_to_nothing_gives_no_name() -> None:
    graph = ld('{"@type": "BlogPosting", "headline": "H", "author": {"@id": "#nobody"}}')
    assert authors(page(graph)) == []


def test_author_in_a_labelled_twitter_card() -> None:
    head = (
        '<meta name="twitter:label1" content="Written by">'
        '<meta name="twitter:data1" content="Kofi Mensah">'
        '<meta name="twitter:label2" content="Est. reading time">'
        '<meta name="twitter:data2" content="4 minutes">'
    )
    assert authors(page(head)) == ["Kofi Mensah"]


def test_reading_time_card_is_not_an_author() -> None:
    head = (
        '<meta name="twitter:label1" content="Est. reading time">'
        '<meta name="twitter:data1" content="4 minutes">'
    )
    assert authors(page(head)) == []


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        # a label in its own element, the name in the next one
        (
            '<div class="meta"><div class="label">Written by</div>'
            '<div class="who">Ilse Brouwer</div></div>',
            ["Ilse Brouwer"],
        ),
        ("<div><h3>Author</h3><p> Tomás Ibarra</p></div>", ["Tomás Ibarra"]),
        ("<section><h2>Article by</h2><div>Priya Raman</div></section>", ["Priya Raman"]),
        ("<p>Written by Hugo Lindqvist</p>", ["Hugo Lindqvist"]),
        ('<div class="name"> Written by <span>Aoife Byrne</span></div>', ["Aoife Byrne"]),
    ],
)
def test_labelled_byline(byline: str, expected: list[str]) -> None:
    assert authors(page(body=byline)) == expected


def test_author_archive_link_names_the_author() -> None:
    body = (
        '<nav><a href="/topics/rail">Rail</a></nav>'
        '<div class="post-meta"><img alt=""><a href="/author/nadia-farouk/">Nadia Farouk</a>'
        " <span>March 3</span></div>"
    )
    assert authors(page(body=body)) == ["Nadia Farouk"]


def test_co_authors_listed_as_archive_links() -> None:
    body = (
        '<div class="credits"><span>Reported by </span><ul>'
        '<li><a href="/authors/lena-moss/">Lena Moss</a></li>'
        '<li><a href="/authors/raj-patel/">Raj Patel</a></li></ul></div>'
    )
    assert authors(page(body=body)) == ["Lena Moss", "Raj Patel"]


def test_author_name_class_of_a_theme() -> None:
    body = '<div class="wp-block-post-author-name"><a href="/?p=4">Greta Lind</a></div>'
    assert authors(page(body=body)) == ["Greta Lind"]


def test_company_named_with_an_ampersand_stays_one_name() -> None:
    assert clean_authors(["Morgan & Morgan"]) == ["Morgan & Morgan"]
    assert clean_authors(["Ernst & Young"]) == ["Ernst & Young"]
    assert clean_authors(["Ana Ruiz & Leo Park"]) == ["Ana Ruiz", "Leo Park"]


def test_publication_named_after_the_authors_is_dropped() -> None:
    head = (
        '<meta property="og:site_name" content="The Valley Courier">'
        '<meta name="author" content="Dana Cole and Ray Ono, The Valley Courier">'
    )
    assert authors(page(head)) == ["Dana Cole", "Ray Ono"]


def test_the_site_alone_as_author_is_kept() -> None:
    head = (
        '<meta property="og:site_name" content="Harbor Dental">'
        '<meta name="author" content="Harbor Dental">'
    )
    assert authors(page(head)) == ["Harbor Dental"]


def test_menu_heading_is_not_a_byline() -> None:
    body = (
        '<ul class="sub-menu"><li><h4>By Harbour Hotels Group</h4></li>'
        '<li><a href="/author/desk/">Travel Desk</a></li></ul>'
    )
    assert authors(page(body=body)) == []


def test_footer_credit_is_not_a_byline() -> None:
    body = '<div class="site-footer"><h3>By Lakeside Media Group</h3></div>'
    assert authors(page(body=body)) == []


@pytest.mark.parametrize(
    "tag",
    [
        '<meta property="cXenseParse:author" content="Ola Nordmann">',
        '<meta name="byl" content="By Ola Nordmann">',
        '<meta property="og:article:author" content="Ola Nordmann">',
    ],
)
def test_author_meta_tags_of_other_vendors(tag: str) -> None:
    assert authors(page(tag)) == ["Ola Nordmann"]


def test_sql_in_a_code_block_is_not_a_byline() -> None:
    body = (
        '<pre><code><span class="k">SELECT</span> * <span class="k">ORDER</span> '
        '<span class="k">BY</span> <span class="n">Region</span></code></pre>'
    )
    assert authors(page(body=body)) == []


def test_author_card_link_gives_the_name_not_the_job() -> None:
    body = (
        '<div class="meta"><a href="/author/mira-sol"><div class="card">'
        '<div class="n">Mira Sol</div><div class="job">Growth Lead</div></div></a>'
        '<div class="who">Written by <span>Mira Sol</span></div></div>'
    )
    assert authors(page(body=body)) == ["Mira Sol"]


def test_short_written_dates_are_not_names() -> None:
    assert clean_authors(["Sat, 20 Dec"]) == []
    assert clean_authors(["Mon 3 March"]) == []


def test_credentials_after_the_name_are_not_authors() -> None:
    assert clean_authors(["Rosa Diaz, MS, RD"]) == ["Rosa Diaz"]
    assert clean_authors(["Omar Said, M.D., Ph.D. and Lea Wu, RN"]) == ["Omar Said", "Lea Wu"]
    assert clean_authors(["Ken Ito, AP"]) == ["Ken Ito", "AP"]  # a news agency stays


def test_byline_with_a_bullet_before_its_date() -> None:
    body = '<div class="story-byline-date">By Femi Adeyemi &bull; <span>March 12</span></div>'
    assert authors(page(body=body)) == ["Femi Adeyemi"]


def test_author_name_class_in_camel_case() -> None:
    body = '<div class="authorWrapper"><img alt=""><p class="authorName">Yuki Tanaka</p></div>'
    assert authors(page(body=body)) == ["Yuki Tanaka"]


@pytest.mark.parametrize(
    "byline",
    [
        "<div><strong>Contributors:</strong> Janne Virtanen</div>",
        "<p>Author: Janne Virtanen</p>",
    ],
)
def test_byline_labelled_with_a_colon(byline: str) -> None:
    assert authors(page(body=byline)) == ["Janne Virtanen"]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Ingrid Solberg • 8h", ["Ingrid Solberg"]),
        ("Ingrid Solberg · 3 days ago", ["Ingrid Solberg"]),
        ("Ingrid Solberg | 5 min read", ["Ingrid Solberg"]),
        ("   J    J  ", []),  # the initials of an avatar
        ("Lakeside University © 2024", []),  # a copyright line
    ],
)
def test_reading_times_and_initials_are_not_names(byline: str, expected: list[str]) -> None:
    assert clean_authors([byline]) == expected


def test_person_in_the_byline_beats_the_site_declared_as_author() -> None:
    head = '<meta property="og:site_name" content="Northwind Clinic">' + ld(
        '{"@type": "BlogPosting", "headline": "Sleep and the heart",'
        ' "author": {"@type": "Organization", "name": "Northwind Clinic"}}'
    )
    body = '<p class="meta">Written by Alma Reyes</p>'
    assert authors(page(head, body)) == ["Alma Reyes"]
    assert authors(page(head)) == ["Northwind Clinic"]  # no byline: the site it is


def test_byline_naming_the_site_with_others_keeps_the_site() -> None:
    head = '<meta property="og:site_name" content="Eurowire">' + ld(
        '{"@type": "NewsArticle", "headline": "Ports reopen",'
        ' "author": {"@type": "Person", "name": "Eurowire"}}'
    )
    body = '<div class="byline">Eurowire with Agencies</div>'
    assert authors(page(head, body)) == ["Eurowire"]


def test_blog_named_after_its_author_keeps_the_author() -> None:
    head = '<meta property="og:site_name" content="Haruto Sato">' + ld(
        '{"@type": "BlogPosting", "headline": "Notes on Rust", "author": "Haruto Sato"}'
    )
    body = '<div class="byline">By Haruto Sato</div><div class="author">Haruto Sato Blog</div>'
    assert authors(page(head, body)) == ["Haruto Sato"]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ('<ul class="meta"><li>by <a href="#">Field Notes</a></li></ul>', ["Field Notes"]),
        ('<div class="meta"> by <span>Wren Abara</span> on April 2, 2024</div>', ["Wren Abara"]),
        ("<p>by Wren Abara</p>", ["Wren Abara"]),
        # prose that starts with "by" is not a byline
        ("<p>by then the river had risen two metres along the whole valley floor.</p>", []),
    ],
)
def test_lower_case_byline(byline: str, expected: list[str]) -> None:
    assert authors(page(body=byline)) == expected


def test_scholarly_citation_authors_one_tag_each() -> None:
    head = (
        '<meta name="citation_author" content="Okafor, Chidi">'
        '<meta name="citation_author" content="Lund, Berit A.">'
        '<meta name="citation_author" content="Mei Chen">'
        '<meta name="DC.creator" content="Okafor, Chidi">'
    )
    assert authors(page(head)) == ["Chidi Okafor", "Berit A. Lund", "Mei Chen"]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Noor Haddad, Co-Founder", ["Noor Haddad"]),
        ("Noor Haddad, Head of Growth", ["Noor Haddad"]),
        ("Noor Haddad - Marketing Director", ["Noor Haddad"]),
        ("Noor Haddad, Security Expert", ["Noor Haddad"]),
        ("Noor Haddad, CEO", ["Noor Haddad"]),
    ],
)
def test_job_titles_after_the_name_are_dropped(byline: str, expected: list[str]) -> None:
    assert clean_authors([byline]) == expected


@pytest.mark.parametrize(
    "box",
    [
        '<div class="card__author">Sven Olsen</div><div class="card__date">May 2</div>',
        '<div class="elementor-author-box__text"><h4 class="elementor-author-box__name">'
        " Sven Olsen </h4></div>",
    ],
)
def test_author_element_of_a_block_named_by_its_class(box: str) -> None:
    assert authors(page(body=box)) == ["Sven Olsen"]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        (
            "Par Claire Dubois (avec Marc Petit et Lina Haddad)",
            ["Claire Dubois", "Marc Petit", "Lina Haddad"],
        ),
        ("Von Jonas Weber und Eva Roth", ["Jonas Weber", "Eva Roth"]),
        ("Sam Reed with Ola Bakare", ["Sam Reed", "Ola Bakare"]),
    ],
)
def test_co_authors_joined_in_other_words_and_languages(byline: str, expected: list[str]) -> None:
    assert clean_authors([byline]) == expected


def test_byline_class_in_any_case() -> None:
    body = '<div class="FeatureByline"> By <b>Tove Lund</b><br>March 25</div>'
    assert authors(page(body=body)) == ["Tove Lund"]


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        # two authors joined by the Russian "и" in a meta tag
        (
            '<meta name="author" content="Ольга Кузнецова и Дмитрий Орлов">',
            "",
            ["Ольга Кузнецова", "Дмитрий Орлов"],
        ),
        # a labelled byline line: "Автор:" / "Текст:" then the name
        ("", '<div class="author">Автор: Сергей Волков</div>', ["Сергей Волков"]),
        ("", '<p class="byline">Текст: Наталья Белова</p>', ["Наталья Белова"]),
        (
            "",
            '<div class="author">Авторы: Ирина Лебедева, Павел Соколов</div>',
            ["Ирина Лебедева", "Павел Соколов"],
        ),
    ],
    ids=["meta-i", "avtor-label", "tekst-label", "avtory-list"],
)
def test_russian_bylines_are_read_like_english_ones(
    head: str, body: str, expected: list[str]
) -> None:
    """newsmill serves Russian reports: its bylines split on "и" and their "Автор:"/"Текст:"
    labels are not part of the name."""
    assert authors(page(head, body)) == expected


@pytest.mark.parametrize("label", ["Author:", "Autor:", "Auteur :", "Автор:"])
def test_label_inside_an_author_element_is_not_part_of_the_name(label: str) -> None:
    body = f'<span class="author-name">{label} Lena Brandt</span>'
    assert authors(page("", body)) == ["Lena Brandt"]


def test_spanish_compound_surname_with_y_stays_one_name() -> None:
    head = '<meta name="author" content="José Ortega y Gasset">'
    assert authors(page(head)) == ["José Ortega y Gasset"]


def test_plural_citation_authors_tag_holds_several_last_first_names() -> None:
    head = '<meta name="citation_authors" content="Okafor, Ngozi; Lindqvist, Per">'
    assert authors(page(head)) == ["Ngozi Okafor", "Per Lindqvist"]


def test_site_name_inside_a_reporters_name_is_not_the_site() -> None:
    """A byline agrees with a site-as-author only when it names the site as a word: "Vice"
    is not in "Janice Vicente"."""
    head = '<meta property="og:site_name" content="Vice"><meta name="author" content="Vice">'
    body = '<div class="byline">By Janice Vicente</div>'
    assert authors(page(head, body)) == ["Janice Vicente"]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By Priya Nair AND Tomas Berg", ["Priya Nair", "Tomas Berg"]),
        ("BY PRIYA NAIR AND TOMAS BERG", ["PRIYA NAIR", "TOMAS BERG"]),
        ("Von Jonas Weber UND Eva Roth", ["Jonas Weber", "Eva Roth"]),
        ("Sam Reed With Ola Bakare", ["Sam Reed", "Ola Bakare"]),
    ],
)
def test_co_authors_joined_by_a_capitalized_word(byline: str, expected: list[str]) -> None:
    assert clean_authors([byline]) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        # a co-author whose surname is a job word is a person, not a job title
        ("Ana Ruiz and Tom Owner", ["Ana Ruiz", "Tom Owner"]),
        ("Ana Ruiz & Kim Director", ["Ana Ruiz", "Kim Director"]),
        ("Von Lea Berg und Max Designer", ["Lea Berg", "Max Designer"]),
        # still a job title after a comma or a dash
        ("Ana Ruiz, Owner", ["Ana Ruiz"]),
        ("Ana Ruiz - Senior Editor", ["Ana Ruiz"]),
    ],
)
def test_a_co_author_named_like_a_job_is_kept(byline: str, expected: list[str]) -> None:
    assert clean_authors([byline]) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Noor Haddad, Health and Science Editor", ["Noor Haddad"]),
        ("Noor Haddad, Research & Development Director", ["Noor Haddad"]),
        # names before the joining word: a co-author list
        ("Ana Ruiz, Li Wei and Tom Owner", ["Ana Ruiz", "Li Wei", "Tom Owner"]),
    ],
)
def test_a_job_title_joining_two_words_is_one_title(byline: str, expected: list[str]) -> None:
    assert clean_authors([byline]) == expected


@pytest.mark.parametrize("menu", ["Menu", "Sub-Menu", "NavBar", "Site-Footer"])
def test_menu_heading_is_not_a_byline_whatever_the_class_case(menu: str) -> None:
    body = (
        f'<ul class="{menu}"><li><h4>By Harbour Hotels Group</h4></li>'
        '<li><a href="/author/desk/">Travel Desk</a></li></ul>'
    )
    assert authors(page(body=body)) == []


def test_jsonld_creator_given_by_reference_to_a_person_in_the_graph() -> None:
    graph = ld(
        '{"@context": "https://schema.org", "@graph": ['
        '{"@type": "Article", "headline": "Tide tables", '
        '"creator": {"@id": "https://tides.example/#/person/9"}},'
        '{"@type": "Person", "@id": "https://tides.example/#/person/9", "name": "Aino Virta"}]}'
    )
    assert authors(page(graph)) == ["Aino Virta"]


@pytest.mark.parametrize(
    "name",
    [
        # a firm's registered name: the company that runs the site, not a writer
        "Harbor Dental PC",
        "Bluebird Analytics Inc.",
        "Bluebird Analytics, Inc",
        "Nordlicht Medien GmbH",
        "Kestrel Tools Ltd",
        "Vela Audio Official",
        # a generated user name: letters and digits run together
        "jmarsh7q2kx0",
        "AB1234",
    ],
)
def test_a_firms_registered_name_or_a_generated_user_name_is_not_an_author(name: str) -> None:
    head = f'<meta name="author" content="{name}">'
    assert authors(page(head)) == []
    graph = ld(f'{{"@type": "BlogPosting", "headline": "H", "author": {{"name": "{name}"}}}}')
    assert authors(page(graph)) == []


@pytest.mark.parametrize(
    "name", ["Harbor Dental", "98 Buck Social", "q_admin", "sara.r.peter", "Ana Incera"]
)
def test_site_names_and_plain_user_names_stay_authors(name: str) -> None:
    assert authors(page(f'<meta name="author" content="{name}">')) == [name]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        # a capital Cyrillic initial "И." is a name's, not the joining word "и"
        ("И. Петров", ["И. Петров"]),
        ("Ирина Петрова и И. Сидоров", ["Ирина Петрова", "И. Сидоров"]),
        ("Иванов И.И., Петров П.П.", ["Иванов И.И", "Петров П.П"]),
        # a name that is a joining word elsewhere, first or last in the byline
        ("Mit Patel", ["Mit Patel"]),
        ("Erik With", ["Erik With"]),
        ("Anders And", ["Anders And"]),
        ("Und Lindqvist", ["Und Lindqvist"]),
        # a capitalized joining word between two one-word names: a name's word ("Jan Und Berg")
        ("Jan Und Berg", ["Jan Und Berg"]),
    ],
)
def test_a_name_that_looks_like_a_joining_word_is_kept(byline: str, expected: list[str]) -> None:
    assert [name.rstrip(".") for name in clean_authors([byline])] == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Ольга Кузнецова и Дмитрий Орлов", ["Ольга Кузнецова", "Дмитрий Орлов"]),
        ("Oleg Ivanov and Mit Patel", ["Oleg Ivanov", "Mit Patel"]),
        ("Lise Dahl and Anders And", ["Lise Dahl", "Anders And"]),
        ("Ana Ruiz and Bo Chan and Li Wei", ["Ana Ruiz", "Bo Chan", "Li Wei"]),
    ],
)
def test_joining_words_between_names_still_split(byline: str, expected: list[str]) -> None:
    assert clean_authors([byline]) == expected


def test_jsonld_creator_given_by_reference_to_the_organization_is_not_an_author() -> None:
    graph = ld(
        '{"@context": "https://schema.org", "@graph": ['
        '{"@type": "NewsArticle", "headline": "Ferry fares rise", '
        '"author": {"@type": "Person", "name": "Maren Solberg"}, '
        '"creator": {"@id": "https://harbor.example/#organization"}},'
        '{"@type": "NewsMediaOrganization", "@id": "https://harbor.example/#organization", '
        '"name": "Harbor Media Group"}]}'
    )
    site = '<meta property="og:site_name" content="The Harbor Daily">'
    assert authors(page(site + graph)) == ["Maren Solberg"]


def test_jsonld_creator_reference_to_an_untyped_node_or_a_list_of_people() -> None:
    graph = ld(
        '{"@context": "https://schema.org", "@graph": ['
        '{"@type": "Article", "headline": "Lake ice", '
        '"creator": [{"@id": "#p1"}, {"@id": "#p2"}, {"@id": "#org"}]},'
        '{"@id": "#p1", "name": "Tuuli Saar"},'
        '{"@type": ["Person"], "@id": "#p2", "name": "Ott Kask"},'
        '{"@type": "Organization", "@id": "#org", "name": "Lakeside Press Group"}]}'
    )
    site = '<meta property="og:site_name" content="Lakeside Weekly">'
    assert authors(page(site + graph)) == ["Tuuli Saar", "Ott Kask"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # a surname that is also a legal form's abbreviation (Hungarian, Polish "Sas")
        ("Miklós Sas", ["Miklós Sas"]),
        ("Agata Sas and Piotr Nowak", ["Agata Sas", "Piotr Nowak"]),
        ("AGATA SAS", ["AGATA SAS"]),
        # a professional corporation after a person's name, as a credential is
        ("Tom Roe, PC", ["Tom Roe"]),
        ("Dana Whitfield, Esq., P.C.", ["Dana Whitfield"]),
    ],
)
def test_a_person_whose_name_ends_like_a_legal_form_stays_an_author(
    name: str, expected: list[str]
) -> None:
    assert authors(page(f'<meta name="author" content="{name}">')) == expected


@pytest.mark.parametrize(
    "name", ["Lumière Conseil SAS", "Granite Peak Legal, LLC", "Orchard Dental P.C."]
)
def test_a_firm_with_a_clear_legal_form_is_still_not_an_author(name: str) -> None:
    assert authors(page(f'<meta name="author" content="{name}">')) == []


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        # a job title after the joining word is the first name's title, not a co-author
        ("Jane Doe and Contributing Editor", ["Jane Doe"]),
        ("Ana Ruiz and Senior Reporter", ["Ana Ruiz"]),
        ("Jane Doe and Science Editor", ["Jane Doe"]),
        ("Olu Bello and Head of Design", ["Olu Bello"]),
        # a co-author with a title after the name, or a surname that is a job word
        ("Jane Doe and Tom Roe Staff Writer", ["Jane Doe", "Tom Roe"]),
        ("Ana Ruiz and Tom Owner", ["Ana Ruiz", "Tom Owner"]),
    ],
)
def test_a_job_title_after_a_joining_word_is_not_a_co_author(
    byline: str, expected: list[str]
) -> None:
    assert clean_authors([byline]) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        # a serial comma before the joining word, a byline cut after it
        ("Ana Ruiz, Li Wei, and Tom Owner", ["Ana Ruiz", "Li Wei", "Tom Owner"]),
        ("By Jane Doe and", ["Jane Doe"]),
        # an all-capitals Russian byline: its "И" between two names joins them
        ("ИРИНА ПЕТРОВА И ИВАН СИДОРОВ", ["ИРИНА ПЕТРОВА", "ИВАН СИДОРОВ"]),
    ],
)
def test_a_lower_case_joining_word_at_an_edge_or_in_a_capitals_byline(
    byline: str, expected: list[str]
) -> None:
    assert clean_authors([byline]) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        # a title written before the co-author's name: the name is kept without it
        ("Maya Lind and Director Oskar Berg", ["Maya Lind", "Oskar Berg"]),
        ("Maya Lind and Professor Oskar Berg", ["Maya Lind", "Oskar Berg"]),
        ("Maya Lind and Founder Oskar Berg", ["Maya Lind", "Oskar Berg"]),
        ("Maya Lind and Head of Design Oskar Berg", ["Maya Lind", "Oskar Berg"]),
        ("Maya Lind and Staff Writer Oskar Berg", ["Maya Lind", "Oskar Berg"]),
        ("Rui Costa & Senior Correspondent Ines Vaz", ["Rui Costa", "Ines Vaz"]),
        # a co-author whose surname is a newsroom job word
        ("Maya Lind and Amy Writer", ["Maya Lind", "Amy Writer"]),
        # title words only after the joining word: the first name's title
        ("Maya Lind and Contributing Editor", ["Maya Lind"]),
        ("Maya Lind and Health Reporter", ["Maya Lind"]),
        ("Maya Lind and Director of Photography", ["Maya Lind"]),
    ],
)
def test_a_title_before_a_co_authors_name_keeps_the_name(byline: str, expected: list[str]) -> None:
    assert clean_authors([byline]) == expected


def test_a_title_naming_an_employer_after_a_joining_word_is_no_co_author() -> None:
    byline = "Pia Holm, Senior Analyst at Northwind, and General Manager of the Northwind Lab"
    assert clean_authors([byline]) == ["Pia Holm"]
    assert clean_authors(["Pia Holm and Senior Editor at Harbor Press"]) == ["Pia Holm"]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        # a capitalized joining word after a full name, before a wire service or a desk
        ("Lena Brandt With AP", ["Lena Brandt", "AP"]),
        ("LENA BRANDT WITH AFP", ["LENA BRANDT", "AFP"]),
        ("Lena Brandt AND Reuters", ["Lena Brandt", "Reuters"]),
        ("Staff And Wire Reports", ["Wire Reports"]),
        # co-authors in brackets, the word capitalized or alone
        ("Lena Brandt (With Ravi Menon and Ola Sund)", ["Lena Brandt", "Ravi Menon", "Ola Sund"]),
        ("Lena Brandt (Avec Chloé Martin)", ["Lena Brandt", "Chloé Martin"]),
        ("Ravi Menon (with)", ["Ravi Menon"]),
        # a joining word alone is no one
        ("with", []),
        ("With", []),
        ("Lena Brandt and Mit", ["Lena Brandt"]),
        # names that hold a joining word stay whole
        ("Mit Patel", ["Mit Patel"]),
        ("Erik With", ["Erik With"]),
        ("Anders And", ["Anders And"]),
        ("Jan Und Berg", ["Jan Und Berg"]),
        ("И. Петров", ["И. Петров"]),
    ],
)
def test_a_capitalized_joining_word_or_aside_still_splits(byline: str, expected: list[str]) -> None:
    assert clean_authors([byline]) == expected


@pytest.mark.parametrize(
    "byline",
    [
        'By <a href="/author/ines-moreau/">Ines Moreau</a>',
        "<span>Written by</span> <span>Ines Moreau</span>",
    ],
)
def test_a_byline_inside_a_nav_left_unclosed_is_read(byline: str) -> None:
    """A template that closes its ``<nav>`` with ``</div>`` leaves it open: the parser puts
    the article, byline included, inside it. The nav holds the page's ``<main>``: it is no
    menu, and its byline is the article's."""
    body = (
        '<nav class="main-navigation"><ul><li><a href="/">Home</a></li>'
        '<li><a href="/sport/">Sport</a></li></ul></div>'
        f"<main><h1>Tide gauge records a new high</h1><p class='meta'>{byline}</p>"
        "<p>The harbour's tide gauge recorded its highest reading since records began.</p>"
        "</main>"
    )
    assert parse_html(page(body=body)).css_first("nav main") is not None
    assert authors(page(body=body)) == ["Ines Moreau"]


def test_a_menu_heading_in_a_closed_nav_stays_no_byline() -> None:
    body = (
        '<nav class="main-navigation"><ul><li><h4>By Harbour Hotels Group</h4></li>'
        '<li><a href="/author/desk/">Travel Desk</a></li></ul></nav>'
        "<main><h1>Tide gauge records a new high</h1>"
        "<p>The harbour's tide gauge recorded its highest reading since records began.</p>"
        "</main>"
    )
    assert authors(page(body=body)) == []
