"""The CLI contract other tools rely on: JSON shapes and exit codes, through real subprocesses."""

import json
import subprocess
import sys
from pathlib import Path

FIX = Path(__file__).parent / "fixtures"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "assistant", *map(str, args)], capture_output=True, text=True, timeout=300, cwd=cwd)


def test_ingest_json_contract_and_skips(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "T", "abstract": "An abstract long enough."}\n{oops\n')
    res = run("ingest", FIX / "layout_daily.txt", bad, "--store", tmp_path / "s", "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert set(out) == {"papers", "chunks", "added", "updated", "unchanged", "skipped"}
    assert out["papers"] == 3 and out["added"] == 3
    assert out["skipped"] == [{"file": str(bad), "line": 2, "reason": out["skipped"][0]["reason"]}]
    assert "malformed JSON" in out["skipped"][0]["reason"]


def test_ingest_of_nothing_usable_exits_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    res = run("ingest", empty, "--store", tmp_path / "s")
    assert res.returncode == 2
    assert "empty" in res.stderr and "Traceback" not in res.stderr


def test_missing_store_says_run_ingest(tmp_path):
    for cmd in (["search", "x"], ["info"], ["ask", "What is LightGNN?"]):
        res = run(*cmd, "--store", tmp_path / "none")
        assert res.returncode == 2, cmd
        assert "assistant ingest" in res.stderr and "Traceback" not in res.stderr


def test_search_info_and_batch_contract(corpus_settings, tmp_path):
    store = corpus_settings.store_dir
    res = run("search", "Which paper removes 80% of edges in a GNN recommender?", "--k", 3, "--store", store, "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["query"].startswith("Which paper") and len(out["hits"]) == 3
    assert set(out["hits"][0]) == {"rank", "paper_id", "title", "score", "snippet"}
    assert out["hits"][0]["title"].startswith("LightGNN") and out["hits"][0]["rank"] == 1

    batch = tmp_path / "q.txt"
    batch.write_text("BT^2\n\nCFG++\nN:M sparsity\n")
    res = run("search", "--batch", batch, "--k", 2, "--store", store, "--json")
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["BT^2", "CFG++", "N:M sparsity"]
    assert lines[1]["hits"][0]["title"].startswith("CFG++")

    res = run("info", "--json", "--store", store)
    info = json.loads(res.stdout)
    assert info["papers"] == 392 and info["chunks"] > 392
    assert info["embedding_model"] and info["chunk_tokens"] == 200
