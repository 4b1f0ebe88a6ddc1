"""Settings: validated at the entry point, traceable in every answer."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.settings import Settings


@pytest.mark.parametrize("field, value", [("top_k", 0), ("bm25_weight", -1), ("chunk_size", 5), ("port", 70000)])
def test_out_of_range_settings_are_rejected(field, value):
    with pytest.raises(ValidationError):
        Settings(**{field: value})


def test_a_misspelt_setting_in_dotenv_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("REPORTQA_TOPK=3\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        Settings()


def test_fingerprint_follows_what_shapes_answers_only():
    base = Settings()
    assert base.fingerprint() == Settings().fingerprint() and len(base.fingerprint()) == 12
    assert Settings(top_k=7).fingerprint() != base.fingerprint()
    assert Settings(api_key="secret", port=9000).fingerprint() == base.fingerprint()


def test_every_answer_records_the_settings_fingerprint(assistant, settings):
    assert assistant.ask("重庆与多少个国家建立了科技合作关系？").config == settings.fingerprint()
