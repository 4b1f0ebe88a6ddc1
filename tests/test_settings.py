"""Settings: validated at the entry point, traceable in every answer."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.settings import Settings


@pytest.mark.parametrize(
    "group, field, value",
    [("answer", "top_k", 0), ("answer", "bm25_weight", -1), ("index", "chunk_size", 5), ("server", "port", 70000)],
)
def test_out_of_range_settings_are_rejected(group, field, value):
    with pytest.raises(ValidationError):
        Settings(**{group: {field: value}})


def test_a_nested_environment_variable_is_read(monkeypatch):
    monkeypatch.setenv("REPORTQA_ANSWER__TOP_K", "9")
    monkeypatch.setenv("REPORTQA_SERVER__FRAME_ANCESTORS", '["\'self\'", "https://portal.example.gov.cn"]')
    s = Settings()
    assert s.answer.top_k == 9 and s.server.frame_ancestors == ["'self'", "https://portal.example.gov.cn"]
    assert s.index.chunk_size == 300  # the other fields keep their defaults


def test_an_out_of_range_environment_variable_names_the_setting_and_its_limit(monkeypatch):
    monkeypatch.setenv("REPORTQA_ANSWER__TOP_K", "99")
    with pytest.raises(ValidationError) as error:
        Settings()
    assert "answer.top_k" in str(error.value) and "less than or equal to 50" in str(error.value)


@pytest.mark.parametrize("line", ["REPORTQA_ANSWER__TOPK=3", "REPORTQA_TOP_K=3", "REPORTQA_ANSWERS__TOP_K=3"])
def test_a_misspelt_setting_in_dotenv_is_an_error(tmp_path, monkeypatch, line):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        Settings()
    assert "Extra inputs are not permitted" in str(error.value)


@pytest.mark.parametrize("name", ["REPORTQA_API_KEY", "REPORTQA_SERVER__APIKEY", "REPORTQA_SEVRER__API_KEY"])
def test_a_misspelt_or_old_flat_environment_variable_is_an_error_that_hides_its_value(monkeypatch, name):
    monkeypatch.setenv(name, "s3cret")
    with pytest.raises(ValidationError) as error:
        Settings()
    assert "Extra inputs are not permitted" in str(error.value) and "s3cret" not in str(error.value)


def test_updated_changes_only_the_named_fields():
    base = Settings()
    s = base.updated(llm={"backend": "fake", "condense": False}, server={"port": 9000})
    assert (s.llm.backend, s.llm.condense, s.llm.model, s.server.port) == ("fake", False, base.llm.model, 9000)
    assert (base.llm.backend, base.server.port) == ("none", 8000)  # the original is left alone


def test_fingerprint_follows_what_shapes_answers_only():
    base = Settings()
    assert base.fingerprint() == Settings().fingerprint() and len(base.fingerprint()) == 12
    assert base.fingerprint() == "5b14a80a983c"  # the defaults' hash from before the groups: still comparable
    assert Settings(answer={"top_k": 7}).fingerprint() != base.fingerprint()
    assert Settings(llm={"model": "other"}).fingerprint() != base.fingerprint()
    assert Settings(server={"api_key": "secret", "port": 9000}).fingerprint() == base.fingerprint()


def test_every_answer_records_the_settings_fingerprint(assistant, settings):
    assert assistant.ask("重庆与多少个国家建立了科技合作关系？").config == settings.fingerprint()
