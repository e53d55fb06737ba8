"""tools/derive_authorities.py: the shipped table is rebuilt, byte for byte, from mySociety's files.

A small source in mySociety's format, written here, checks what is kept and dropped; the real download, when it
is beside the checkout (``../shared/reference/uk-local-authorities``), must give exactly ``kg/data/``.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from kg.authorities import AuthorityTable
from kg.resources import reference_file

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "derive_authorities.py"
REFERENCE = ROOT.parent / "shared" / "reference" / "uk-local-authorities"

COLUMNS = (
    "local-authority-code,official-name,nice-name,gss-code,start-date,end-date,replaced-by,nation,"
    "local-authority-type,pop-2020,old-register-and-code"
).split(",")
ROWS = [
    [
        "AAA",
        "Abbotsford  District Council",
        "Abbotsford",
        "E07000901",
        "",
        "2023-04-01",
        "BBB",
        "England",
        "NMD",
        "90000.0",
        "local-authority-eng:AAA",
    ],
    ["BBB", "Brackenshire Council", "Brackenshire", "E06000901", "2023-04-01", "", "", "England", "UA", "", ""],
    ["CCC", "Carrick Council", "Carrick", "S12000901", "", "", "", "Scotland", "SCO", "1000.0", ""],
    ["DDD", "Dunmore Parish", "Dunmore", "E04000901", "", "", "", "England", "PAR", "", ""],
]
NAMES = [
    ("Abbotsford District Council", "AAA"),
    ("abbotsford", "AAA"),
    ("Abbotsford DC", "AAA"),
    ("Old Abbotsford", "AAA"),
    ("Brackenshire UA", "BBB"),
    ("Carrick", "CCC"),
]


def _source(folder: Path, names=NAMES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "uk_local_authorities_current.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows(ROWS)
    with (folder / "lookup_name_to_registry.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["la-name", "local-authority-code"])
        w.writerows(names)
    return folder


def _derive(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True, check=False)


def test_a_small_source_gives_a_compact_english_table(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    done = _derive(_source(tmp_path / "src"), "--out", out)
    assert done.returncode == 0, done.stderr
    assert "2 authorities; 1 of 5 spellings kept" in done.stdout
    assert (out / "authorities.csv").read_text() == (
        "code,official_name,nice_name,type,gss,start_date,end_date,replaced_by,population,register,variants\n"
        "AAA,Abbotsford District Council,Abbotsford,NMD,E07000901,,2023-04-01,BBB,90000,local-authority-eng,"
        "Old Abbotsford\n"
        "BBB,Brackenshire Council,Brackenshire,UA,E06000901,2023-04-01,,,,,\n"
    )
    table = AuthorityTable.from_csv((out / "authorities.csv").read_text())
    assert table.resolve("Old Abbotsford").authority.code == "AAA"
    attribution = (out / "ATTRIBUTION.md").read_text()
    assert "mySociety" in attribution and "CC BY 4.0" in attribution and "version" not in attribution.split("\n")[2]
    assert _derive(tmp_path / "src", "--out", out, "--check").returncode == 0
    (out / "authorities.csv").write_text("stale\n")
    stale = _derive(tmp_path / "src", "--out", out, "--check")
    assert stale.returncode == 1 and "out of date: authorities.csv" in stale.stdout


def test_an_out_folder_not_there_yet_is_made(tmp_path):
    out = tmp_path / "new" / "table"
    done = _derive(_source(tmp_path / "src"), "--out", out)
    assert done.returncode == 0, done.stderr
    assert f"wrote {out / 'authorities.csv'}" in done.stdout
    assert AuthorityTable.from_csv((out / "authorities.csv").read_text()).resolve("Old Abbotsford").authority


def test_a_missing_file_is_named_with_where_to_get_it(tmp_path):
    src = _source(tmp_path / "src")
    (src / "lookup_name_to_registry.csv").unlink()
    done = _derive(src, "--out", tmp_path)
    assert done.returncode == 2
    assert "lookup_name_to_registry.csv is missing" in done.stderr and "pages.mysociety.org" in done.stderr


def test_a_file_of_another_shape_is_refused(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "uk_local_authorities_current.csv").write_text("code,name\nWIL,Wiltshire Council\n")
    (src / "lookup_name_to_registry.csv").write_text("la-name,local-authority-code\n")
    done = _derive(src, "--out", tmp_path)
    assert done.returncode == 2 and "is it the mySociety file?" in done.stderr


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="mySociety's download is not beside this checkout")
def test_the_shipped_table_is_what_the_download_gives(tmp_path):
    done = _derive(REFERENCE, "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    for name in ("authorities.csv", "ATTRIBUTION.md"):
        assert (tmp_path / name).read_text() == reference_file(name).read_text(), f"{name}: run {TOOL.name} again"
