"""The LLM path against a real local server (llama-cpp-python's OpenAI-compatible server with the 270M GGUF
model from PyPI, started here): time to first token, our overhead per question (prompt building and
post-processing, model time excluded), and multi-turn: the share of the eval set's follow-up cases whose
standalone question retrieves a gold report, with the rule-based resolver and with the model's rewrite.

    python -m benchmarks.llm [--questions 20] [--out results.json]
"""

from __future__ import annotations

import argparse

from assistant.llm import load_chat_model
from assistant.service import Assistant
from assistant.settings import Settings
from benchmarks import emit
from devtools.servers import llama_llm_settings, llama_server
from evals.runner import load_cases, percentile
from index.store import open_index


def follow_up_hits(assistant: Assistant, cases) -> float:
    found = 0
    for c in cases:
        answer = assistant.ask(c.question, c.history)
        found += bool(set(answer.retrieved_sources) & set(c.sources))  # the chunks read for its standalone question
    return round(found / len(cases), 4)


def overhead_with_scripted_model(index, settings, cases) -> dict:
    """Our own cost per question on the LLM path with no model time at all: a scripted model that cites
    passage [1] at once. Prompt building + post-processing, over every eval question."""

    class CitesPassageOne:
        name = "cites-passage-one"

        def stream(self, messages):
            yield "根据报道，相关情况如下[1]。"

    model = CitesPassageOne()
    assistant = Assistant(index, settings.updated(llm={"backend": "fake", "condense": False}), model)
    values = [t for c in cases if (t := assistant.ask(c.question, c.history).timings_ms.llm_overhead) is not None]
    return {
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "max": round(max(values), 2),
        "n": len(values),
    }


def run(n: int) -> dict:
    settings = Settings()
    index = open_index(settings.index.index_dir)
    cases = load_cases()
    follow = [c for c in cases if c.history]
    questions = [c for c in cases if c.kind in ("number", "single_fact")][:n]
    extractive = Assistant(index, settings)
    result = {
        "follow_up_cases": len(follow),
        "follow_up_retrieves_gold": {"rule-based": follow_up_hits(extractive, follow)},
        "llm_overhead_ms_scripted_model": overhead_with_scripted_model(index, settings, cases),
    }
    with llama_server() as (url, _):
        s = settings.updated(llm=llama_llm_settings(url))
        llm = Assistant(index, s, load_chat_model(s))
        result["follow_up_retrieves_gold"]["llm rewrite (gemma-3-270m)"] = follow_up_hits(llm, follow)
        ttft, ttft_model, overhead, modes = [], [], [], []
        for c in questions:
            a = llm.ask(c.question)
            modes.append(a.mode)
            t = a.timings_ms
            if t.first_token is not None:
                ttft.append(t.first_token)
                ttft_model.append(t.first_token - t.retrieve - t.condense)
            if t.llm_overhead is not None:
                overhead.append(t.llm_overhead)
    result.update(
        {
            "questions": len(questions),
            "time_to_first_token_ms": {"p50": percentile(ttft, 0.5), "p95": percentile(ttft, 0.95), "n": len(ttft)}
            if ttft
            else None,
            "first_token_after_retrieval_ms_p50": percentile(ttft_model, 0.5) if ttft_model else None,
            "llm_overhead_ms_real_server": {
                "p50": percentile(overhead, 0.5),
                "p95": percentile(overhead, 0.95),
                "max": max(overhead),
            }
            if overhead
            else None,
            "answers_by_mode": {m: modes.count(m) for m in set(modes)},
        }
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--out")
    args = parser.parse_args()
    result = run(args.questions)
    emit(result, args.out)


if __name__ == "__main__":
    main()
