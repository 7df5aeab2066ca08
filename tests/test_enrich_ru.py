"""Russian enrichment through the public API: chosen by the record's language, the same
record shape as English, the Russian model named in provenance, bounded on any input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from records import bare_article

import pipeline
from models import Enrichment
from pipeline.api import enrich_articles, extract_article
from pipeline.enrich import enrich_text, language_model_label
from pipeline.enrich.ru import enrich_many_ru

TEXT = (
    "Мэр Москвы Сергей Собянин заявил, что в прошлый вторник в городе задержали более "
    "200 человек. «Мы не допустим беспорядков на улицах столицы», – сказал Собянин."
)
PUB = "2020-11-20T10:00:00Z"
NOISE = "Аа Бб «»„“–—.,:;!?0123456789 млнтыс%₽\n-ИвановПетровой"


def test_language_picks_the_russian_pipeline() -> None:
    ru = enrich_text(TEXT, published_at=PUB, language="ru")
    assert [p.name for p in ru.people] == ["Сергей Собянин"]
    assert ru.people[0].mentions == 2
    assert ru.people[0].role == "Мэр Москвы"
    assert [(d.text, d.value) for d in ru.dates] == [("в прошлый вторник", "2020-11-17")]
    assert [(f.value, f.qualifier, f.noun) for f in ru.figures] == [(200, "more_than", "человек")]
    assert [q.speaker for q in ru.quotes] == ["Сергей Собянин"]
    assert enrich_text(TEXT, published_at=PUB, language="ru-RU") == ru
    assert pipeline.enrich_text(TEXT, published_at=PUB, language="ru") == ru


def test_russian_model_label() -> None:
    label = language_model_label("ru")
    assert label.startswith("ru_slovnet_ner_news_v1-natasha-1.")


def test_batches_match_single_texts_and_blank_texts_are_empty() -> None:
    texts = [(TEXT, PUB), ("", None), ("   \n", PUB), (TEXT, None)]
    batch = enrich_many_ru(texts, batch_size=3)
    assert batch[0] == enrich_text(TEXT, published_at=PUB, language="ru")
    assert batch[1] == batch[2] == Enrichment()
    assert [d.value for d in batch[3].dates] == [None]  # relative, nothing to anchor it


def test_enrich_articles_enriches_a_russian_record() -> None:
    english = bare_article(
        "https://example.org/en",
        site="t",
        title="t",
        text="Amnesty International said 657 people were detained.",
    )
    russian = bare_article("https://example.org/ru", site="t", title="t", text=TEXT)
    russian = russian.model_copy(update={"language": "ru", "published_at": PUB})
    out = list(enrich_articles([english, russian]))
    assert out[0].extraction.ner_model.startswith("en_core_web_sm")
    assert out[1].extraction.ner_model == language_model_label("ru")
    assert [p.name for p in out[1].people] == ["Сергей Собянин"]
    assert not out[1].extraction.warnings


def test_extract_article_on_a_russian_page() -> None:
    html = (
        '<html lang="ru"><head><title>Задержания в Москве</title></head><body><article>'
        f"<h1>Задержания в Москве</h1><p>{TEXT}</p>"
        "<p>Генеральная прокуратура России 3 сентября 2020 года возбудила 12 уголовных дел.</p>"
        "</article></body></html>"
    ).encode("cp1251")
    article = extract_article(
        html, "https://example.org/a/1.html", content_type="text/html; charset=windows-1251"
    )
    assert article.language == "ru"
    assert article.extraction.ner_model == language_model_label("ru")
    assert "Генеральная прокуратура России" in {o.name for o in article.organizations}
    assert "2020-09-03" in {d.value for d in article.dates}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list(NOISE)), max_size=300))
def test_any_text_gives_a_valid_enrichment_with_true_offsets(text: str) -> None:
    result = enrich_text(text, published_at=PUB, language="ru")
    for item in (*result.entities, *result.dates, *result.figures, *result.quotes):
        assert text[item.start : item.end] == item.text
