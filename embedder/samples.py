"""Real Vietnamese text for the benchmark and the parity check.

Passages come from the shared development corpus when it is there (``../shared/corpus``),
else from a built-in paragraph of a 2022 Quảng Ninh bulletin, so both commands run anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from config import PROJECT_ROOT

SHARED_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"

# Thông báo 508-TB/TU (Quảng Ninh, 09/02/2022), the project's seed bulletin.
BUILTIN = (
    "Ngày 07/02/2022, Thường trực Tỉnh ủy, Ban Chỉ đạo phòng chống dịch COVID-19 cấp tỉnh họp nghe "
    "báo cáo công tác phòng, chống dịch COVID-19 trong tuần và tình hình tổ chức Tết Nguyên đán Nhâm "
    "Dần 2022 theo Giấy mời số 409-GM/TU ngày 28/01/2022. Trên cơ sở báo cáo của UBND tỉnh và ý kiến "
    "thảo luận tại hội nghị, Thường trực Tỉnh ủy có ý kiến chỉ đạo như sau. Thực hiện Chỉ thị số "
    "11-CT/TW ngày 08/12/2021 của Ban Bí thư, Chỉ thị số 35/CT-TTg ngày 31/12/2021 của Thủ tướng "
    "Chính phủ, Ban Thường vụ Tỉnh ủy đã kịp thời ban hành Chỉ thị số 20-CT/TU ngày 16/12/2021 về "
    "việc tổ chức Tết Nguyên đán Nhâm Dần năm 2022. Với sự lãnh đạo, chỉ đạo đồng bộ, quyết liệt, "
    "kiểm tra, giám sát, đôn đốc sát sao, kịp thời, cùng sự phối hợp triển khai chặt chẽ, hiệu quả "
    "giữa Tỉnh ủy, HĐND, UBND, Uỷ ban MTTQ tỉnh và các tổ chức chính trị - xã hội, tỉnh Quảng Ninh đã "
    "tổ chức Tết Nguyên đán Nhâm Dần 2022 vui tươi, đầm ấm, lành mạnh, an toàn, tiết kiệm. Đẩy nhanh "
    "tiến độ tiêm vắc xin trong tháng 02/2022. Phấn đấu hoàn thành dứt điểm tiêm mũi 1 đối với những "
    "người từ đủ 12 tuổi trở lên; tiêm mũi 3 cho người từ 18 tuổi trở lên đủ điều kiện. Sở Y tế chủ "
    "trì, phối hợp với các địa phương rà soát, lập danh sách, không để sót đối tượng. Các sở, ngành, "
    "địa phương tiếp tục thực hiện nghiêm thông điệp 5K, tăng cường kiểm tra, xử lý nghiêm các trường "
    "hợp vi phạm quy định phòng, chống dịch; bảo đảm an toàn cho học sinh khi trở lại trường học."
)


def corpus_text(folder: Path | None = None, limit: int = 400_000) -> str:
    """Text of the bulletins (and other .txt/.md files) in ``folder``, else the built-in paragraph."""
    folder = folder or SHARED_CORPUS / "bulletins"
    parts: list[str] = []
    if folder.is_dir():
        for path in sorted([*folder.glob("*.txt"), *folder.glob("*.md")]):
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
            if sum(map(len, parts)) > limit:
                break
    return "\n\n".join(parts) if parts else BUILTIN


def paragraphs(text: str, min_chars: int = 20) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if len(p.strip()) >= min_chars]


def passages_of_tokens(text: str, n: int, tokens: int, count: Callable[[list[str]], list[int]]) -> list[str]:
    """``n`` word windows of ``text`` of about ``tokens`` tokens each (as ``count`` counts them)."""
    words = text.split()
    if not words:
        raise ValueError("no text to cut passages from")
    # Vietnamese runs ~1.2 tokens per syllable: start below the target and grow.
    size = max(8, int(tokens / 1.5))
    ring = words * (2 + (size + 100) // len(words))  # windows may wrap around a short text
    out: list[str] = []
    start = 0
    while len(out) < n:
        cand = [" ".join(ring[start : start + size + 8 * k]) for k in range(12)]
        lengths = count(cand)
        pick = next((c for c, m in zip(cand, lengths) if m >= tokens), cand[-1])
        out.append(pick)
        start = (start + len(pick.split())) % len(words)
    return out
