"""The CLI's command handlers: parse nothing, call the library, render what it returns."""

from __future__ import annotations

import sys
import time

from assistant.cli import BUNDLED_CORPUS, make_settings, print_json
from assistant.errors import AssistantError, BadInput


def _progress_bar(total_hint: int):
    from tqdm import tqdm

    bar = tqdm(total=total_hint, unit="paper", desc="ingest", file=sys.stderr, disable=not sys.stderr.isatty())

    def update(done: int, seen: int) -> None:
        if seen:
            bar.total = max(bar.total or 0, bar.n + seen)
            bar.refresh()
        bar.update(done)

    return bar, update


def cmd_ingest(args) -> int:
    from assistant.ingest import ingest

    settings = make_settings(args)
    paths = args.paths or [BUNDLED_CORPUS]
    bar, update = _progress_bar(0)
    t0 = time.perf_counter()
    try:
        report = ingest(settings, paths, progress=update)
    finally:
        bar.close()
    seconds = time.perf_counter() - t0
    if report.orphans_removed or report.vectors_restored:
        print(f"repaired drift between the vectors and the paper table: removed {report.orphans_removed} orphan vectors, "
              f"restored {report.vectors_restored} missing vectors", file=sys.stderr)
    if args.json:
        print_json(report.as_dict())
    else:
        for s in report.skipped:
            where = f"{s.file}:{s.line}" if s.line else s.file
            print(f"skipped {where}: {s.reason}", file=sys.stderr)
        print(
            f"{report.papers} papers, {report.chunks} chunks in {settings.store_dir} "
            f"(added {report.added}, updated {report.updated}, unchanged {report.unchanged}, skipped {len(report.skipped)}) "
            f"in {seconds:.1f}s"
        )
    if report.seen == 0 and report.papers == 0:
        raise BadInput("Nothing could be ingested: " + "; ".join(f"{s.file}: {s.reason}" for s in report.skipped[:5]))
    if report.seen == 0:
        print("error: none of the given inputs held a paper (see skipped above)", file=sys.stderr)
        return 2
    return 0


def _retriever(settings):
    from assistant.retrieval import Retriever

    return Retriever(settings)


def cmd_search(args) -> int:
    settings = make_settings(args)
    if not args.query and not args.batch:
        raise AssistantError("Give a QUERY or --batch FILE.")
    retriever = _retriever(settings)
    if args.batch:
        try:
            queries = [q.strip() for q in args.batch.read_text(encoding="utf-8").splitlines() if q.strip()]
        except (OSError, UnicodeDecodeError) as err:
            raise BadInput(f"Cannot read the batch file {args.batch}: {err}") from err
        for q in queries:
            hits = retriever.search(q, k=args.k, mode=args.mode)
            print_json({"query": q, "hits": [h.as_dict() for h in hits]})
        return 0
    hits = retriever.search(args.query, k=args.k, mode=args.mode)
    if args.json:
        print_json({"query": args.query, "hits": [h.as_dict() for h in hits]})
        return 0
    for h in hits:
        print(f"{h.rank}. [{h.score:.4f}] {h.title}  ({h.paper_id})\n   {h.snippet[:200]}")
    print(f"({retriever.last_ms:.1f} ms)", file=sys.stderr)
    return 0


def cmd_info(args) -> int:
    from assistant.store import Store

    settings = make_settings(args)
    store = Store(settings)
    store.require_nonempty()
    info = {
        "papers": store.count_papers(),
        "chunks": store.count_chunks(),
        "store": str(store.path),
        "chroma": settings.chroma_url or str(store.path / "chroma"),
        "collection": store.collection.name,
        "embedding_model": settings.embedding_model,
        "chunk_tokens": settings.chunk_tokens,
        "chunk_overlap": settings.chunk_overlap,
        "vectors": store.drift(),
    }
    if args.json:
        print_json(info)
    else:
        for k, v in info.items():
            print(f"{k:16} {v}")
    if not info["vectors"]["consistent"]:
        print("warning: the vector collection and the paper table disagree (drift); run `assistant ingest` "
              "with the same --store and --chroma-url to repair it", file=sys.stderr)
    return 0


def build_assistant(settings):
    from assistant.answer import Assistant
    from assistant.llm import load_llm

    retriever = _retriever(settings)
    return Assistant(settings, retriever, load_llm(settings))


def _print_sources(answer) -> None:
    if answer.refused:
        if answer.retrieved:
            print("\nClosest papers in the collection:")
            for h in answer.retrieved:
                print(f"  - {h.title}")
        return
    print("\nSources:")
    for c in answer.citations:
        flag = "" if c.supported else "  (some claims unsupported)"
        print(f"  [{c.n}] {c.title}{flag}")
        for e in c.evidence:
            print(f"      \"{e}\"")


def cmd_ask(args) -> int:
    from assistant.answer import Answer

    overrides = {"drop_unsupported": True} if args.drop_unsupported else {}
    settings = make_settings(args, **overrides)
    assistant = build_assistant(settings)
    answer = None
    streamed = ""
    for piece in assistant.ask_stream(args.question, k=args.k):
        if isinstance(piece, Answer):
            answer = piece
        elif not args.json:
            streamed += piece
            print(piece, end="", flush=True)
    if args.json:
        print_json(answer.as_dict())
        return 0
    if answer.text.strip() != streamed.strip():  # the checked answer (markers, table) after the raw stream
        print("\n\n" + answer.text, end="")
    print()
    _print_sources(answer)
    t = answer.timings
    print(f"\n({answer.model}: retrieval {t.retrieval_ms:.0f} ms, first token {t.ttft_ms:.0f} ms, {t.tokens_per_s:.0f} tok/s)", file=sys.stderr)
    return 0


def cmd_chat(args) -> int:
    from assistant.answer import Answer

    settings = make_settings(args)
    assistant = build_assistant(settings)
    history = []
    last = None
    print("Ask about the papers. Commands: /sources, /reset, /quit")
    while True:
        try:
            line = input("\n> ").strip()
        except EOFError:
            return 0
        if not line:
            continue
        if line in {"/quit", "/exit"}:
            return 0
        if line == "/reset":
            history, last = [], None
            print("(conversation cleared)")
            continue
        if line == "/sources":
            if last is None:
                print("(no answer yet)")
            else:
                _print_sources(last)
            continue
        try:
            for piece in assistant.ask_stream(line, history, k=args.k):
                if isinstance(piece, Answer):
                    last = piece
                else:
                    print(piece, end="", flush=True)
        except AssistantError as err:
            print(f"error: {err}")
            continue
        print("\n\n" + last.text)
        history.append(last.turn())


def cmd_ui(args) -> int:
    from ui.app import launch

    settings = make_settings(args)
    return launch(settings, host=args.host, port=args.port, auth=args.auth)


def cmd_eval(args) -> int:
    from evals.harness import run_eval_cli

    settings = make_settings(args)
    return run_eval_cli(settings, args)


def cmd_serve(args) -> int:
    from assistant.server import serve

    settings = make_settings(args)
    return serve(settings, host=args.host, port=args.port, token=args.token)


def cmd_install_model(args) -> int:
    from assistant.model_speed import FIRST_TOKEN_BUDGET_S, first_token_seconds
    from assistant.models import install_qwen

    settings = make_settings(args)
    folder = args.dest or settings.models_dir
    path = install_qwen(folder)
    print(f"installed {path}")
    seconds = first_token_seconds(folder, path, settings.threads, settings.n_ctx)
    fits = seconds <= FIRST_TOKEN_BUDGET_S
    print(f"first token of a typical question on this machine: {seconds:.2f} s (budget {FIRST_TOKEN_BUDGET_S:.0f} s): "
          + ("it is the default model" if fits else "the default stays the bundled SmolLM2-135M; use --model qwen for it"))
    return 0


