"""Which model runs: an explicit path, 'bundled', or the default (the 1.5B model when installed)."""

from pathlib import Path

from assistant.llm import bundled_model_path, default_model_path, resolve_model
from assistant.models import QWEN_FILE
from assistant.settings import Settings


def test_default_falls_back_to_bundled_with_a_notice(tmp_path, capsys):
    s = Settings(store_dir=tmp_path / "s", models_dir=tmp_path / "models")
    assert default_model_path(s) == bundled_model_path()
    assert "make qwen" in capsys.readouterr().err


def test_default_is_the_installed_larger_model(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    qwen = models / QWEN_FILE
    with qwen.open("wb") as fh:  # a sparse file of the right size stands in for the 1.1 GB download
        fh.truncate(1_117_320_768)
    assert resolve_model(Settings(store_dir=tmp_path / "s", models_dir=models)) == qwen
    # a truncated copy (an interrupted install) is not taken
    with qwen.open("r+b") as fh:
        fh.truncate(1000)
    assert resolve_model(Settings(store_dir=tmp_path / "s", models_dir=models)) == bundled_model_path()


def test_explicit_choices_win(tmp_path):
    s = Settings(store_dir=tmp_path / "s", model_path=Path("bundled"))
    assert resolve_model(s) == bundled_model_path()
    other = tmp_path / "m.gguf"
    assert resolve_model(Settings(store_dir=tmp_path / "s", model_path=other)) == other
