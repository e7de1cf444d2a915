"""Authors' names as citations need them: kept as written on the page, and
parsed for citations by a clear rule (``citations/model.Author.parse``)."""

from __future__ import annotations

import pytest

from bindery.sphinxext.citations.model import Author


@pytest.mark.parametrize(
    ("written", "demoted"),
    [
        ("Ludwig van Beethoven", "Beethoven, Ludwig van"),
        ("Jan van der Berg Jr.", "Berg, Jan van der, Jr."),
        ("Jean de La Fontaine", "La Fontaine, Jean de"),
        ("Martin Luther King Jr.", "King, Martin Luther, Jr."),
        ("习近平", "习近平"),
    ],
)
def test_chicago_sorts_a_particle_after_the_given_names(written, demoted):
    """As citeproc-js prints Zotero's Chicago style (``test_zotero.py`` checks it)."""
    assert Author.parse(written).demoted() == demoted


@pytest.mark.parametrize(
    ("written", "family", "given", "suffix", "inverted"),
    [
        ("Ben Hammersley", "Hammersley", "Ben", "", "Hammersley, Ben"),
        # "Family, Given" as given, never "Ben, Hammersley,"
        ("Hammersley, Ben", "Hammersley", "Ben", "", "Hammersley, Ben"),
        # a suffix is a suffix, never the family name ("Jr., Martin Luther King")
        ("Martin Luther King Jr.", "King", "Martin Luther", "Jr.", "King, Martin Luther, Jr."),
        ("King, Martin Luther, Jr.", "King", "Martin Luther", "Jr.", "King, Martin Luther, Jr."),
        ("John Smith III", "Smith", "John", "III", "Smith, John, III"),
        # particles go with the family name
        ("Ludwig van Beethoven", "van Beethoven", "Ludwig", "", "van Beethoven, Ludwig"),
        ("Jean de La Fontaine", "de La Fontaine", "Jean", "", "de La Fontaine, Jean"),
        # a title is no part of the name a citation gives
        ("Dr. Jane Smith", "Smith", "Jane", "", "Smith, Jane"),
        # white space as written is one space
        ("Ben \u00a0 Hammersley", "Hammersley", "Ben", "", "Hammersley, Ben"),
        # one word, and a name of CJK characters: one field, never split
        ("Bystander", "Bystander", "", "", "Bystander"),
        ("习近平", "习近平", "", "", "习近平"),
        ("村上春樹", "村上春樹", "", "", "村上春樹"),
        ("김영하", "김영하", "", "", "김영하"),
    ],
)
def test_a_name_is_parsed_by_a_clear_rule(written, family, given, suffix, inverted):
    author = Author.parse(written)
    assert (author.family, author.given, author.suffix) == (family, given, suffix)
    assert author.inverted() == inverted
    assert author.person


def test_a_name_declared_family_first_is_split_after_its_first_word():
    """Romanised East Asian names are written family name first; nameparser
    would take "Xi" for a given name, so the book may declare them."""
    assert (Author.parse("Xi Jinping").family, Author.parse("Xi Jinping").given) == ("Jinping", "Xi")
    declared = Author.parse("Xi Jinping", family_first=["xi jinping", "Mao Zedong"])
    assert (declared.family, declared.given, declared.inverted()) == ("Xi", "Jinping", "Xi, Jinping")
    assert Author.parse("Mao Zedong", family_first=["Mao Zedong"]).family == "Mao"


def test_an_organisation_is_one_field():
    blog = Author.organisation("China Bystander")
    assert (blog.whole, blog.inverted(), blog.person) == (True, "China Bystander", False)
