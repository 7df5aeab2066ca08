"""A site's own spellings of names, with their label and canonical name (a spider hook).

Some sites write a name their own way: VOA's translations from its Russian service write
"Voices of America" (in «» quotes, which the model reads as a WORK_OF_ART). Such variants
are site data, not language data, so they are not in the shared gazetteer: a spider lists
them in ``Spider.entity_aliases`` (``{"Voices of America": ("ORG", "Voice of America")}``)
and :func:`apply_aliases` rewrites the enrichment of that site's articles — each mention
of the variant gets the label, the canonical name and source "rule", and the organizations,
people and places are counted again from the mentions.
"""

from __future__ import annotations

from collections.abc import Mapping

from models import Enrichment, EntityMention, NamedEntity

__all__ = ["apply_aliases"]

_GROUPS = {
    "ORG": "organizations",
    "PERSON": "people",
    "GPE": "places",
    "LOC": "places",
    "FAC": "places",
}


def apply_aliases(enrichment: Enrichment, aliases: Mapping[str, tuple[str, str]]) -> Enrichment:
    """``enrichment`` with every mention written as an alias key relabelled and renamed."""
    entities: list[EntityMention] = []
    changed = False
    for mention in enrichment.entities:
        alias = aliases.get(mention.text)
        if alias and (mention.label, mention.canonical) != alias:
            label, canonical = alias
            mention = mention.model_copy(
                update={"label": label, "canonical": canonical, "source": "rule"}
            )
            changed = True
        entities.append(mention)
    if not changed:
        return enrichment
    roles = {p.name: p.role for p in enrichment.people}
    groups: dict[str, dict[str, NamedEntity]] = {g: {} for g in set(_GROUPS.values())}
    for mention in entities:
        group = _GROUPS.get(mention.label)
        if group is None:
            continue
        entry = groups[group].get(mention.canonical)
        mentions = entry.mentions + 1 if entry else 1
        groups[group][mention.canonical] = NamedEntity(
            name=mention.canonical, mentions=mentions, role=roles.get(mention.canonical)
        )
    return enrichment.model_copy(
        update={"entities": entities, **{g: list(v.values()) for g, v in groups.items()}}
    )
