"""Parsing of the three listing layouts, JSONL, de-duplication and bad input."""

import json
from pathlib import Path

from assistant.corpus import merge_papers, normalise_title, parse_corpus, parse_file
from assistant.settings import BUNDLED_CORPUS

FIX = Path(__file__).parent / "fixtures"


def test_daily_layout_with_authors_and_dates():
    papers, skipped = parse_file(FIX / "layout_daily.txt")
    assert skipped == []
    assert [p.title for p in papers] == [
        "Backward-Compatible Aligned Representations via an Orthogonal Transformation Layer",
        "BT^2: Backward-compatible Training with Basis Transformation",
    ]
    assert papers[0].n_authors == 4 and papers[0].published == "2024-08-16"  # "Aug 16, 2024 2": 2 is an upvote count
    assert papers[1].n_authors == 7 and papers[1].published == "2022-11-07"
    assert papers[1].abstract.startswith("Modern retrieval system")
    assert all("Subscribe" not in p.abstract and "authors" not in p.abstract for p in papers)


def test_blank_separated_layout():
    papers, skipped = parse_file(FIX / "layout_blank.txt")
    assert [p.title for p in papers][:2] == [
        "HaT5: Hate Language Identification using Text-to-Text Transfer Transformer",
        "Eliminating Oversaturation and Artifacts of High Guidance Scales in Diffusion Models",
    ]
    assert papers[0].sources == ["layout_blank.txt"]


def test_dense_layout_strips_glued_subscribe_and_reports_dangling_title():
    papers, skipped = parse_file(FIX / "layout_dense.txt")
    assert papers[0].title.startswith("Rare Tokens Degenerate All Tokens")
    assert len(papers) == 3
    assert len(skipped) == 1 and skipped[0].line == 9 and "without an abstract" in skipped[0].reason


def test_code_links_found_in_abstract(tmp_path):
    papers, _ = parse_corpus([BUNDLED_CORPUS])
    light = next(p for p in papers if p.title.startswith("LightGNN"))
    assert light.code_links == ["https://github.com/HKUDS/LightGNN"]


def test_bundled_corpus_deduplicates_to_392_and_keeps_sources():
    papers, skipped = parse_corpus([BUNDLED_CORPUS])
    assert skipped == []
    assert len(papers) == 392
    assert len({normalise_title(p.title) for p in papers}) == 392
    multi = [p for p in papers if len(p.sources) > 1]
    assert multi, "the seeds list some papers in several files"
    assert sum(len(p.sources) for p in papers) == 416


def test_merge_keeps_every_source():
    a, _ = parse_file(FIX / "layout_daily.txt")
    b, _ = parse_file(FIX / "layout_daily.txt")
    b[0].sources = ["other.txt"]
    merged = merge_papers([a, b])
    assert len(merged) == 2
    assert merged[0].sources == ["layout_daily.txt", "other.txt"]


def test_arxiv_and_minimal_jsonl(tmp_path):
    f = tmp_path / "papers.jsonl"
    rows = [
        {"id": "2401.00001", "title": "A  Test Paper", "abstract": "We propose X.\nIt works.", "authors": "A. One, B. Two and C. Three",
         "categories": "cs.LG", "update_date": "2024-01-02"},
        {"title": "Minimal", "abstract": "Only a title and an abstract."},
    ]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    papers, skipped = parse_file(f)
    assert skipped == []
    assert papers[0].title == "A Test Paper" and papers[0].arxiv_id == "2401.00001"
    assert papers[0].n_authors == 3 and papers[0].published == "2024-01-02" and papers[0].categories == "cs.LG"
    assert papers[1].title == "Minimal"


def test_bad_inputs_are_named_and_counted(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "notes.pdf").write_text("not supported")
    (tmp_path / "bad.jsonl").write_text('{"title": "Good", "abstract": "Fine abstract."}\n{not json\n{"title": "No abstract"}\n[1, 2]\n')
    papers, skipped = parse_corpus([tmp_path, tmp_path / "missing.txt", tmp_path / "notes.pdf"])
    assert [p.title for p in papers] == ["Good"]
    reasons = {(Path(s.file).name, s.line): s.reason for s in skipped}
    assert "empty" in reasons[("empty.txt", None)]
    assert "binary" in reasons[("blob.txt", None)]
    assert "malformed JSON" in reasons[("bad.jsonl", 2)]
    assert "abstract" in reasons[("bad.jsonl", 3)]
    assert "not a JSON object" in reasons[("bad.jsonl", 4)]
    assert "no such file" in reasons[("missing.txt", None)]
    assert "unsupported file type" in reasons[("notes.pdf", None)]
