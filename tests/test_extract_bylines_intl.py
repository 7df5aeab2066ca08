"""Bylines as pages in other languages write them, without class words: the label ("Von",
"Par", "Автор:") on pages declared in their language, a "Posted by", a job after the name;
prose that begins with those prepositions names no one."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_fields

PROSE = {
    "de": "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke zu schließen, weil die "
    "Reparatur zu teuer ist und auch nicht schnell gehen würde.",
    "fr": "Le conseil municipal a décidé mardi de fermer le vieux pont, car la réparation "
    "coûterait trop cher et prendrait beaucoup trop de temps.",
    "es": "El ayuntamiento decidió el martes cerrar el puente viejo, porque la reparación "
    "sería demasiado cara y tardaría mucho tiempo en terminarse.",
    "it": "Il consiglio comunale ha deciso martedì di chiudere il vecchio ponte, perché la "
    "riparazione costerebbe troppo e richiederebbe troppo tempo.",
    "nl": "De gemeenteraad heeft dinsdag besloten de oude brug te sluiten, omdat de reparatie "
    "te duur is en ook niet snel zou gaan.",
    "sv": "Kommunfullmäktige beslutade på tisdagen att stänga den gamla bron, eftersom "
    "reparationen skulle bli för dyr och ta för lång tid.",
    "ru": "Городской совет во вторник решил закрыть старый мост, так как ремонт слишком "
    "дорогой и занял бы слишком много времени.",
    "en": "The council voted on Tuesday to close the old bridge, because the repairs would be "
    "too expensive and would take far too long to finish.",
}


def page(lang: str, byline: str, extra: str = "") -> str:
    paras = "".join(f"<p>{PROSE[lang]}</p>" for _ in range(3))
    return (
        f"<html lang='{lang}'><head><title>Brücke</title></head><body><article>"
        f"<h1>Die alte Brücke</h1><p>{byline}</p>{paras}{extra}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("lang", "byline", "authors"),
    [
        ("de", "Von Hans Müller", ["Hans Müller"]),
        ("fr", "Par Jean Dupont", ["Jean Dupont"]),
        ("es", "Por Lucía Fernández", ["Lucía Fernández"]),
        ("it", "Di Giulia Bianchi", ["Giulia Bianchi"]),
        ("nl", "Door Jan de Vries", ["Jan de Vries"]),
        ("sv", "Av Lars Nilsson", ["Lars Nilsson"]),
        ("ru", "Автор: Иван Петров", ["Иван Петров"]),
        ("ru", "Текст: Полина Громова", ["Полина Громова"]),
        ("es", "Texto: Ana Ruiz", ["Ana Ruiz"]),
        ("es", "Redacción: Ana Ruiz", ["Ana Ruiz"]),
        ("en", "Posted by Tom Walsh", ["Tom Walsh"]),
        ("en", "Published by Jane Doe", ["Jane Doe"]),
        ("ru", "Автор: Иван Петров, корреспондент", ["Иван Петров"]),
        ("de", "Von Hans Müller, Korrespondent", ["Hans Müller"]),
    ],
)
def test_a_byline_line_in_the_pages_language(lang: str, byline: str, authors: list[str]) -> None:
    assert extract_fields(page(lang, byline)).authors == authors


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("de", "Von Berlin aus fuhr der Zug am Morgen nach Hamburg weiter."),
        ("it", "Di notte la città si svuota e il ponte resta chiuso."),
        ("fr", "Par ailleurs, la mairie a promis un nouveau pont."),
        ("es", "Por ahora, el puente seguirá cerrado al tráfico."),
        # a preposition before a proper noun, in prose or a short line
        ("it", "Di Maio, intanto, tace."),
        ("fr", "Par Air France, le trajet dure deux heures."),
        ("es", "Por Navidad, más viajeros en tren."),
        ("sv", "Av Stockholm, Göteborg och Malmö växer bara huvudstaden."),
        ("es", "Por Fecha"),
        ("en", "Von Miller Fine Arts"),
    ],
)
def test_a_sentence_that_starts_like_a_byline_names_no_author(lang: str, line: str) -> None:
    assert extract_fields(page(lang, line)).authors == []


@pytest.mark.parametrize(
    "name",
    ["Manoel Ferreira e Silva Neto", "José Ortega y Gasset", "Juan Pérez y de la Cruz"],
)
def test_a_name_that_holds_y_or_e_is_one_author(name: str) -> None:
    meta = f'<meta name="author" content="{name}">'
    html = page("es", "").replace("<head>", f"<head>{meta}")
    assert extract_fields(html).authors == [name]


def test_authors_of_related_cards_are_not_the_articles() -> None:
    card = (
        "<div class='card'><h3><a href='/other-{n}'>Another story about the town's roads and "
        "its plans for the next ten years</a></h3><span class='author-name'>{name}</span>"
        "<p>A summary of another story that runs to a few lines of text, as teasers do.</p>"
        "</div>"
    )
    cards = "".join(card.format(n=n, name=name) for n, name in enumerate(["Ann Lee", "Bo Chan"]))
    byline = "<span class='author-name'>Jane Doe</span>"
    html = page("en", "").replace("<p></p>", byline) + ""
    html = html.replace("</article>", f"</article><aside>{cards}</aside>")
    assert extract_fields(html).authors == ["Jane Doe"]
