"""Which model runs: an explicit path, 'bundled', 'qwen', or the default (the 1.5B model when installed and fast
enough on this machine)."""

from pathlib import Path

import pytest

from assistant.errors import ModelMissing
from assistant.llm import FakeLLM, bundled_model_path, default_model_path, resolve_model
from assistant.model_speed import (FIRST_TOKEN_BUDGET_S, SAMPLE_QUESTION, SPEED_FILE, machine_key, measure_first_token,
                                   record_first_token, recorded_first_token)
from assistant.models import QWEN_FILE
from assistant.settings import Settings


def fake_qwen(models: Path) -> Path:
    models.mkdir(exist_ok=True)
    qwen = models / QWEN_FILE
    with qwen.open("wb") as fh:  # a sparse file of the right size stands in for the 1.1 GB download
        fh.truncate(1_117_320_768)
    return qwen


def test_default_falls_back_to_bundled_with_a_notice(tmp_path, capsys):
    s = Settings(store_dir=tmp_path / "s", models_dir=tmp_path / "models")
    assert default_model_path(s) == bundled_model_path()
    assert "make qwen" in capsys.readouterr().err


def test_default_is_the_installed_larger_model_when_this_machine_reads_fast_enough(tmp_path):
    models = tmp_path / "models"
    qwen = fake_qwen(models)
    record_first_token(models, qwen, FIRST_TOKEN_BUDGET_S - 1)
    assert resolve_model(Settings(store_dir=tmp_path / "s", models_dir=models)) == qwen
    # a truncated copy (an interrupted install) is not taken
    with qwen.open("r+b") as fh:
        fh.truncate(1000)
    assert resolve_model(Settings(store_dir=tmp_path / "s", models_dir=models)) == bundled_model_path()


def test_a_machine_too_slow_for_the_larger_model_defaults_to_the_bundled_one(tmp_path, capsys):
    models = tmp_path / "models"
    qwen = fake_qwen(models)
    record_first_token(models, qwen, FIRST_TOKEN_BUDGET_S + 2.5)
    s = Settings(store_dir=tmp_path / "s", models_dir=models)
    assert resolve_model(s) == bundled_model_path()
    err = capsys.readouterr().err
    assert "5.5 s" in err and "--model qwen" in err
    # asked for by name, it runs whatever the machine's speed
    assert resolve_model(Settings(store_dir=tmp_path / "s", models_dir=models, model_path=Path("qwen"))) == qwen


def test_an_installed_model_that_cannot_load_falls_back_with_the_reason(tmp_path, capsys):
    models = tmp_path / "models"
    fake_qwen(models)  # right size, not a GGUF: measuring it fails
    assert resolve_model(Settings(store_dir=tmp_path / "s", models_dir=models)) == bundled_model_path()
    assert "not a GGUF" in capsys.readouterr().err
    assert recorded_first_token(models, models / QWEN_FILE) is None  # nothing recorded for a model that did not run


def test_speed_is_kept_per_machine_and_a_broken_file_is_measured_again(tmp_path):
    models = tmp_path / "models"
    qwen = fake_qwen(models)
    (models / SPEED_FILE).write_text('{"another-machine": {"%s": {"first_token_s": 1.0}}}' % QWEN_FILE)
    assert recorded_first_token(models, qwen) is None  # measured elsewhere: not this machine's figure
    record_first_token(models, qwen, 4.25)
    assert recorded_first_token(models, qwen) == 4.25
    assert "another-machine" in (models / SPEED_FILE).read_text() and machine_key() in (models / SPEED_FILE).read_text()
    (models / SPEED_FILE).write_text("{not json")
    assert recorded_first_token(models, qwen) is None


def test_the_measurement_times_the_sample_question_after_the_system_prompt():
    llm = FakeLLM(reply_fn=lambda messages: "ok")
    seconds = measure_first_token(llm, "SYSTEM", runs=2)
    assert 0 <= seconds < 1
    asked = [m[1]["content"] for m in llm.prompts]
    assert asked.count(SAMPLE_QUESTION) == 3 and asked.count("Hello") == 3  # a warm-up run, then two timed ones
    assert all(m[0]["content"] == "SYSTEM" for m in llm.prompts)


def test_explicit_choices_win(tmp_path):
    s = Settings(store_dir=tmp_path / "s", model_path=Path("bundled"))
    assert resolve_model(s) == bundled_model_path()
    other = tmp_path / "m.gguf"
    assert resolve_model(Settings(store_dir=tmp_path / "s", model_path=other)) == other
    with pytest.raises(ModelMissing, match="make qwen"):
        resolve_model(Settings(store_dir=tmp_path / "s", models_dir=tmp_path / "none", model_path=Path("qwen")))
