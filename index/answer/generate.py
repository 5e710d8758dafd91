"""Optional generated answer from an OpenAI-compatible endpoint (llama.cpp, vLLM, Ollama).

Off unless ``settings.llm_url`` is set. The model sees only the cited passages and
must cite them as [1], [2]…; any failure leaves the extractive answer as it is.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Sequence

log = logging.getLogger(__name__)

SYSTEM = (
    "Bạn trả lời câu hỏi chỉ dựa trên các đoạn văn bản được đánh số. Trả lời ngắn gọn bằng ngôn ngữ của câu hỏi, "
    "ghi nguồn dạng [1], [2]. Nếu các đoạn không trả lời được, nói rõ là không tìm thấy."
)


def generate_answer(
    url: str, model: str, question: str, passages: Sequence[tuple[str, str]], timeout: float = 60.0
) -> str | None:
    """``passages``: (citation label, text) in citation order. Returns None on any failure."""
    context = "\n\n".join(f"[{i}] {label}\n{text}" for i, (label, text) in enumerate(passages, 1))
    body = {
        "model": model,
        "temperature": 0.1,
        "messages": [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"{context}\n\nCâu hỏi: {question}"},
        ],
    }
    endpoint = url.rstrip("/") + (
        "/chat/completions" if url.rstrip("/").endswith("/v1") else "/v1/chat/completions"
    )
    req = urllib.request.Request(
        endpoint, data=json.dumps(body).encode("utf-8"), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = json.loads(resp.read().decode("utf-8"))
        return str(data["choices"][0]["message"]["content"]).strip() or None
    except (urllib.error.URLError, TimeoutError, KeyError, IndexError, ValueError) as exc:
        log.warning("generated answer skipped: %s (%s)", exc, endpoint)
        return None
