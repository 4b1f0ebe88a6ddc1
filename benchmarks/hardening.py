"""Load with the access policy on (default rate limit, queue bounds), against `reportqa serve` started here
on loopback. Each client connects from its own loopback address (127.0.x.y), so the per-client limit sees
real, distinct peers. Prints JSON:

- api: N concurrent clients each posting /api/ask a few times: errors must be 0;
- ui: M concurrent UI users asking through Gradio's own HTTP API: errors must be 0;
- flood: one client posts 200 UI questions of 500 random characters as fast as it can; meanwhile another
  client asks a normal question: its delay over the same question alone must be <= 5 s.

    python -m benchmarks.hardening [--api-clients 200] [--ui-users 20] [--flood 200] [--out results.json]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from benchmarks import Calls, emit
from devtools.servers import serve_process
from evals.runner import load_cases

Q = "重庆与多少个国家建立了科技合作关系？"


def _client(address: str, timeout: float = 120) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=timeout)


def ui_ask(c: httpx.Client, url: str, question: str) -> tuple[bool, str]:
    """One question through the UI's Gradio API; (answered, detail)."""
    r = c.post(f"{url}/ui/gradio_api/call/respond", json={"data": [question, []]})
    if r.status_code != 200:
        return False, f"HTTP {r.status_code}"
    event = None
    with c.stream("GET", f"{url}/ui/gradio_api/call/respond/{r.json()['event_id']}") as stream:
        for line in stream.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
                if event in ("complete", "error"):
                    return event == "complete", event
    return False, f"stream ended after {event}"


def api_load(url: str, clients: int, per_client: int, questions: list[str]) -> dict:
    calls = Calls()

    def client(i: int) -> None:
        with _client(f"127.0.1.{i % 250 + 1}" if i < 250 else f"127.0.3.{i % 250 + 1}") as c:
            for n in range(per_client):
                q = questions[(i * per_client + n) % len(questions)]
                t0 = time.perf_counter()
                try:
                    r = c.post(f"{url}/api/ask", json={"question": q})
                    ok = r.status_code == 200 and r.json()["question"] == q
                    detail = r.status_code
                except (httpx.HTTPError, ValueError, KeyError) as exc:
                    ok, detail = False, repr(exc)
                calls.add(t0, ok, detail)

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return {"clients": clients, **calls.figures()}


def ui_load(url: str, users: int, per_user: int, questions: list[str]) -> dict:
    calls = Calls()

    def user(i: int) -> None:
        with _client(f"127.0.4.{i + 1}") as c:
            for n in range(per_user):
                t0 = time.perf_counter()
                try:
                    ok, detail = ui_ask(c, url, questions[(i * per_user + n) % len(questions)])
                except httpx.HTTPError as exc:
                    ok, detail = False, repr(exc)
                calls.add(t0, ok, detail)

    with ThreadPoolExecutor(users) as pool:
        list(pool.map(user, range(users)))
    return {"users": users, **calls.figures()}  # a request here is one question through the UI


def flood(url: str, n: int) -> dict:
    rng = random.Random(13)
    junk = ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(500)) for _ in range(n)]
    with _client("127.0.5.2") as victim:
        t0 = time.perf_counter()
        assert ui_ask(victim, url, Q)[0]
        alone = time.perf_counter() - t0
    statuses: list[int] = []

    def flooder() -> None:
        with _client("127.0.5.1", timeout=30) as c, ThreadPoolExecutor(20) as pool:
            posts = pool.map(lambda q: c.post(f"{url}/ui/gradio_api/call/respond", json={"data": [q, []]}), junk)
            statuses.extend(r.status_code for r in posts)

    thread = threading.Thread(target=flooder)
    thread.start()
    time.sleep(0.5)  # the flood is under way
    with _client("127.0.5.2") as victim:
        t0 = time.perf_counter()
        answered = ui_ask(victim, url, Q)[0]
        during = time.perf_counter() - t0
    thread.join()
    return {
        "flood_questions": n,
        "flood_accepted": statuses.count(200),
        "flood_rate_limited_429": statuses.count(429),
        "flood_other": len(statuses) - statuses.count(200) - statuses.count(429),
        "other_client_answered": answered,
        "other_client_alone_s": round(alone, 2),
        "other_client_during_flood_s": round(during, 2),
        "delay_s": round(during - alone, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api-clients", type=int, default=200)
    parser.add_argument("--per-client", type=int, default=3)
    parser.add_argument("--ui-users", type=int, default=20)
    parser.add_argument("--flood", type=int, default=200)
    parser.add_argument("--out")
    args = parser.parse_args()
    questions = [c.question for c in load_cases() if not c.history]
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        env = {"REPORTQA_SERVER__LOG_DB": str(Path(tmp) / "log.db")}  # default limits and policy
        try:
            url, _ = stack.enter_context(serve_process(env))
        except RuntimeError:
            raise SystemExit("reportqa serve did not start (is the index built? make index)") from None
        result = {
            "api": api_load(url, args.api_clients, args.per_client, questions),
            "ui": ui_load(url, args.ui_users, 3, questions),
            "flood": flood(url, args.flood),
        }
    emit(result, args.out)


if __name__ == "__main__":
    main()
