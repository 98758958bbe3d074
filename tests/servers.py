"""Real servers for the server-mode tests, on free loopback ports: subprocesses and in-process uvicorn."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(**extra: str) -> dict:
    """The environment without ASSISTANT_* variables, so a developer's own settings never leak into a test."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env["ASSISTANT_MODEL"] = "bundled"  # the tests use SmolLM2 even where the larger default model is installed
    env.update(extra)
    return env


def wait_for(url: str, proc: subprocess.Popen | None = None, timeout: float = 180) -> float:
    """Seconds until `url` answers 200; fails early, with the log, when the process exits."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return time.perf_counter() - t0
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f}s")


@contextmanager
def running_process(cmd: list[str], ready_url: str, log: Path, *, env: dict | None = None, timeout: float = 180):
    """Start a server process, wait until it answers, stop it at the end (its output goes to `log`)."""
    with log.open("w") as out:
        proc = subprocess.Popen([str(c) for c in cmd], stdout=out, stderr=subprocess.STDOUT, env=env or clean_env())
        try:
            try:
                wait_for(ready_url, proc, timeout)
            except (RuntimeError, TimeoutError) as err:
                raise AssertionError(f"{err}\n--- {log} ---\n{log.read_text()[-3000:]}") from err
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=30)


@contextmanager
def running_app(app):
    """An ASGI app served by uvicorn in a thread of this process; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    t0 = time.perf_counter()
    while not server.started:
        if not thread.is_alive() or time.perf_counter() - t0 > 30:
            raise AssertionError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
