"""kg.authorities: names as the Ombudsman writes them resolve to councils of the registry, or are left unlinked.

The corpus below is our own list of name forms: official names, the short forms (``Hackney LB``, ``Bury MBC``),
names with a decision reference after them, councils abolished since, names that two councils have had (told
apart by the decision date), and bodies that are not councils (care providers, NHS bodies, schools' appeal
panels, …), which are typed and never linked.  Names of no council stay unresolved: nothing is guessed.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from kg.authorities import (
    BODY_KINDS,
    REGISTER_RECORDS,
    STATISTICAL_GEOGRAPHY,
    TYPE_KEYS,
    Authority,
    AuthorityTable,
    body_kind,
    default_table,
    name_key,
    resolve,
)
from kg.resources import data_dir, reference_file
from kg.vocab import AUTHORITY_TYPES

C, F, N, U, A = "council", "former-council", "not-a-council", "unresolved", "ambiguous"

#: (name as written, decision date or None, status, registry code or body type or candidates)
CORPUS: list[tuple[str, date | None, str, str | None]] = [
    # official names, as most title lines give them
    ("Wiltshire Council", None, C, "WIL"),
    ("Cornwall Council", None, C, "CON"),
    ("London Borough of Hackney", None, C, "HCK"),
    ("Royal Borough of Greenwich", None, C, "GRE"),
    ("Royal Borough of Kingston upon Thames", None, C, "KTT"),
    ("Kent County Council", None, C, "KEN"),
    ("Durham County Council", None, C, "DUR"),
    ("Leeds City Council", None, C, "LDS"),
    ("Bristol City Council", None, C, "BST"),
    ("Bury Metropolitan Borough Council", None, C, "BUR"),
    ("Epping Forest District Council", None, C, "EPP"),
    ("Newark & Sherwood District Council", None, C, "NEA"),
    ("Bournemouth, Christchurch and Poole Council", None, C, "BPC"),
    ("North Yorkshire Council", None, C, "NYE"),
    ("Somerset Council", None, C, "SMT"),
    ("West Northamptonshire Council", None, C, "WNT"),
    ("City of London Corporation", None, C, "LND"),
    ("Council of the Isles of Scilly", None, C, "IOS"),
    ("Greater Manchester Combined Authority", None, C, "GMCA"),
    ("Greater London Authority", None, C, "GLA"),
    # with the decision reference after the name, or "The" before it
    ("Cornwall Council (24 001 411a)", None, C, "CON"),
    ("Wiltshire Council (20 007 812)", None, C, "WIL"),
    ("Leicestershire County Council (25 001 653)", None, C, "LEC"),
    ("The London Borough of Hackney", None, C, "HCK"),
    # short forms and other spellings
    ("Hackney LB", None, C, "HCK"),
    ("LB Hackney", None, C, "HCK"),
    ("Hackney London Borough Council", None, C, "HCK"),
    ("Hackney Council", None, C, "HCK"),
    ("Hackney", None, C, "HCK"),
    ("Bury MBC", None, C, "BUR"),
    ("Bradford MDC", None, C, "BRD"),
    ("Bradford Metropolitan District Council", None, C, "BRD"),
    ("Tendring DC", None, C, "TEN"),
    ("Ashford BC", None, C, "ASF"),
    ("Kent CC", None, C, "KEN"),
    ("Lancaster City Council", None, C, "LAC"),
    ("Greenwich RB", None, C, "GRE"),
    ("Kingston-upon-Thames Royal Borough Council", None, C, "KTT"),
    ("St. Helens MBC", None, C, "SHN"),
    ("Saint Helens Council", None, C, "SHN"),
    ("Milton Keynes City Council", None, C, "MIK"),
    ("Newcastle upon Tyne City Council", None, C, "NET"),
    ("City of York Council", None, C, "YOR"),
    ("York Council", None, C, "YOR"),
    ("Brighton & Hove City Council", None, C, "BNH"),
    ("WILTSHIRE COUNCIL", None, C, "WIL"),
    ("Wiltshire UA", None, C, "WIL"),
    ("Kingston upon Hull City Council", None, C, "KHL"),
    ("Hull City Council", None, C, "KHL"),
    ("Shepway District Council", None, C, "SHE"),  # renamed Folkestone and Hythe in 2018: the same council
    # councils abolished since: resolved to themselves, their successors on record
    ("Taunton Deane Borough Council", None, F, "TAU"),
    ("Aylesbury Vale District Council", None, F, "AYL"),
    ("Northamptonshire County Council", None, F, "NTH"),
    ("Harrogate Borough Council", None, F, "HAG"),
    ("Cumbria County Council", None, F, "CMA"),
    ("Borough of Poole", None, F, "POL"),
    ("Bournemouth Borough Council", None, F, "BMH"),
    ("Somerset County Council", date(2024, 6, 1), F, "SOM"),  # the name says so, whatever the date
    ("North Yorkshire County Council", None, F, "NYK"),
    ("Waveney DC", None, F, "WAV"),
    # one name, two councils: the decision date tells them apart, or nothing does
    ("Somerset", date(2020, 1, 1), F, "SOM"),
    ("Somerset", date(2024, 1, 1), C, "SMT"),
    ("Somerset", None, A, "SMT SOM"),
    ("Somerset CC", date(2021, 7, 1), F, "SOM"),
    ("North Yorkshire", date(2022, 3, 1), F, "NYK"),
    ("North Yorkshire", date(2023, 6, 1), C, "NYE"),
    # bodies that are not councils: typed by what their names say, never linked
    ("Sunnyfield Care Homes Ltd", None, N, "care-provider"),
    ("Meadowbank Care Ltd (t/a Meadowbank House)", None, N, "care-provider"),
    ("Harbour View Homecare Limited", None, N, "care-provider"),
    ("Larchfield House Care Home", None, N, "care-provider"),
    ("Oakridge Support Services Ltd", None, N, "care-provider"),
    ("Elmwood Nursing Home", None, N, "care-provider"),
    ("Brindlecombe NHS Foundation Trust", None, N, "nhs-body"),
    ("Waltham Forest Clinical Commissioning Group", None, N, "nhs-body"),
    ("Gloucester Health & Care NHS Foundation Trust", None, N, "nhs-body"),
    ("NHS Somerset Integrated Care Board", None, N, "nhs-body"),
    ("Wiltshire CCG", None, N, "nhs-body"),
    ("Hollins Park Academy Admission Appeal Panel", None, N, "school-appeal-panel"),
    ("Kent County Council Independent Appeal Panel", None, N, "school-appeal-panel"),
    ("Governing Body of St Mary's Primary School", None, N, "school"),
    ("Fenmarsh Internal Drainage Board", None, N, "other-public-body"),
    ("Dorset & Wiltshire Fire and Rescue Authority", None, N, "other-public-body"),
    ("Peak District National Park Authority", None, N, "other-public-body"),
    ("Transport for London", None, N, "other-public-body"),
    ("Kidlington Parish Council", None, N, "parish-council"),
    ("Frome Town Council", None, N, "parish-council"),
    # names of no council in the registry: never guessed
    ("Wiltshire District Council", None, U, None),  # Wiltshire's council is a unitary authority
    ("Kent Borough Council", None, U, None),
    ("Newcastle Council", None, U, None),  # Newcastle upon Tyne, or Newcastle-under-Lyme?
    ("Ashgrove Borough Council", None, U, None),
    ("Calderwick Metropolitan District Council", None, U, None),
    ("Cardiff Council", None, U, None),  # Wales: outside the table (and the Ombudsman's remit)
    ("Glasgow City Council", None, U, None),
    ("JCOSS", None, U, None),  # a school, but its name does not say so
    ("Salisbury District Council", None, U, None),  # abolished in 2009, before the registry's records
    ("", None, U, None),
]


def test_the_corpus_is_large_and_of_every_shape():
    assert len(CORPUS) >= 80
    statuses = {status for _, _, status, _ in CORPUS}
    assert statuses == {C, F, N, U, A}
    assert {key for _, _, s, key in CORPUS if s == N} == set(dict(BODY_KINDS))


@pytest.mark.parametrize(
    ("name", "on", "status", "expected"), CORPUS, ids=[f"{n or '(empty)'}@{d}" for n, d, *_ in CORPUS]
)
def test_name_forms_resolve_as_expected(name, on, status, expected):
    found = resolve(name, on)
    assert found.status == status, found
    if status in (C, F):
        assert found.authority is not None and found.authority.code == expected, found
        assert found.body_type == found.authority.type_key
        assert (found.authority.end is not None) == (status == F)
    elif status == N:
        assert found.authority is None and found.body_type == expected
    elif status == A:
        assert found.authority is None and " ".join(found.candidates) == expected
    else:
        assert found.authority is None and found.body_type is None and not found.candidates


def test_nothing_that_is_no_council_of_the_table_is_ever_linked():
    """Close misspellings stay unresolved: resolution is by exact name, never by likeness."""
    for name in ("Wiltshre Council", "Wiltshire Councill", "London Borough of Hackny", "Kentt CC", "Hackney LBB"):
        assert resolve(name).status == U, name
    assert resolve("Kent County").authority.code == "KEN"  # "county" is a word of kind, not a misspelling


# --- the seeds and the demo data --------------------------------------------------------------------------------


def _title_names(folder: Path) -> list[str]:
    """The authority of each decision text in ``folder``: its title line, without the reference."""
    names = []
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines()[:8]:
            m = re.fullmatch(r"\s*(.+?)\s*\(\d{2} \d{3} \d{3}[a-z]?\)\s*", line)
            if m:
                names.append(m[1])
                break
    return names


def test_every_council_of_the_seeds_and_the_demo_resolves():
    names = _title_names(data_dir() / "decisions")
    assert names == ["Wiltshire Council", "Wiltshire Council"]
    for name in names:
        assert resolve(name, date(2021, 5, 17)).authority.code == "WIL"


def test_every_council_the_synthetic_corpus_names_resolves():
    """The synthetic corpus (kg synth; the benchmarks' demo data) names real councils: each resolves."""
    from kg.synth.setting import AUTHORITIES, PROVIDERS

    for name in AUTHORITIES:
        assert resolve(name, date(2022, 1, 1)).status in (C, F), name
    for name in PROVIDERS:
        assert resolve(name).body_type == "care-provider", name


def test_the_fictional_councils_of_the_test_corpus_stay_unresolved():
    names = _title_names(Path(__file__).parent / "corpus")
    councils = [n for n in names if re.search(r"Council$", n)]
    assert len(councils) > 30
    assert [n for n in councils if resolve(n).status != U] == []


# --- the table ------------------------------------------------------------------------------------------------

#: the GSS code prefix of each registry type (ONS: E06 unitary, E07 non-metropolitan district, …)
GSS_PREFIX = {
    "UA": "E06",
    "NMD": "E07",
    "MD": "E08",
    "LBO": "E09",
    "CC": "E09",
    "CTY": "E10",
    "COMB": "E47",
    "SRA": "E61",
}


def test_the_table_holds_england_with_codes_that_fit_their_types():
    table = default_table()
    assert 370 <= len(table) <= 420
    for a in table:
        assert a.gss[:3] == GSS_PREFIX[a.type], a
        assert re.fullmatch(r"E\d{8}", a.gss) and re.fullmatch(r"[A-Z]{3,4}", a.code), a
        assert a.area_iri == STATISTICAL_GEOGRAPHY + a.gss
        assert a.register_iri in (None, REGISTER_RECORDS + a.code)
        assert a.population is None or 2_000 < a.population < 10_000_000, a
    assert sum(a.end is not None for a in table) >= 40
    assert table.by_code["WIL"].population == 504070 and table.by_code["WIL"].register_iri.endswith("/records/WIL")
    assert table.by_code["NYE"].register_iri is None  # a code given after the register closed


def test_every_authority_resolves_by_its_own_names():
    table = default_table()
    for a in table:
        for name in (a.official_name, a.nice_name, *a.variants):
            found = table.resolve(name, a.start or a.end)
            assert found.authority == a or a.code in found.candidates, (name, found)


def test_successors_exist_and_lead_to_councils_of_today():
    table = default_table()
    for a in table:
        chain = table.successors(a)
        assert [s.code for s in chain[: len(a.replaced_by)]] == list(a.replaced_by)
        if a.end is not None:
            assert chain and chain[-1].end is None, a
    assert [s.code for s in table.successors(table.by_code["TAU"])] == ["SWT", "SMT"]


def test_types_and_kinds_are_concepts_of_the_vocabulary():
    assert set(TYPE_KEYS.values()) | set(dict(BODY_KINDS)) == set(AUTHORITY_TYPES)
    assert set(TYPE_KEYS.values()).isdisjoint(dict(BODY_KINDS))


def test_the_table_file_round_trips_byte_for_byte():
    text = reference_file("authorities.csv").read_text(encoding="utf-8")
    assert AuthorityTable.from_csv(text).to_csv() == text


def test_the_attribution_travels_with_the_table():
    note = reference_file("ATTRIBUTION.md").read_text(encoding="utf-8")
    for words in ("mySociety", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/", "derive_authorities.py"):
        assert words in note


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([Authority("WIL", "Wiltshire Council", "Wiltshire", "UA", "E06000054")] * 2, "twice"),
        ([Authority("WIL", "Wiltshire Council", "Wiltshire", "XX", "E06000054")], "unknown registry type"),
        ([Authority("WIL", "Wiltshire Council", "Wiltshire", "UA", "E06000054", replaced_by=("NOP",))], "NOP"),
    ],
)
def test_a_broken_table_is_refused(rows, message):
    with pytest.raises(ValueError, match=message):
        AuthorityTable(rows)


def test_a_table_of_other_columns_is_refused():
    with pytest.raises(ValueError, match="columns"):
        AuthorityTable.from_csv("code,name\nWIL,Wiltshire Council\n")


def test_a_table_can_be_handed_in():
    own = AuthorityTable([Authority("ABC", "Abbotsford Council", "Abbotsford", "UA", "E06999999")])
    assert resolve("Abbotsford Council", table=own).authority.code == "ABC"
    assert resolve("Wiltshire Council", table=own).status == U


def test_name_key_and_body_kind():
    assert name_key("  The  Borough of  Poole ") == "borough of poole"
    assert name_key("Bournemouth, Christchurch & Poole Council (23 004 961)") == (
        "bournemouth christchurch and poole council"
    )
    assert body_kind("Wiltshire Council") is None
    assert body_kind("Somerset NHS Foundation Trust Hospital School") == "nhs-body"  # the first kind named wins
