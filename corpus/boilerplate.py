"""Website chrome that scrapers leave around a document: find it and cut it.

The patterns come from reading the development archive: 280 of the 512
``govdocs`` pages carry the thuvienphapluat.vn banner (a copyright notice and
"Đang tải văn bản..." before the document, the site's own metadata table, and
after the signature a generated title, "Văn bản liên quan", a login notice and
the company footer); the provincial bulletins end with the portal's sidebar
("Tìm kiếm theo chuyên mục…", "Thống kê truy cập", "Hôm nay: 51"). None of it is
part of the document, and it would otherwise turn up in search results.

Every function takes and returns a list of lines so the cleaner can chain them.
"""

from __future__ import annotations

import re

# --- thuvienphapluat.vn banner -------------------------------------------------

_LOADING = re.compile(r"Đang tải văn bản")
# The site's metadata table ends with "Tình trạng:" and its value ("Đã biết").
_STATUS_LABEL = re.compile(r"^\**\s*Tình trạng\s*:?\s*\**$")
_PIPE_OR_BLANK = re.compile(r"^[\s|]*$")
# Where the trailing chrome starts.
_TAIL_MARKERS = re.compile(
    r"^(?:#+\s*)?(?:Văn bản liên quan|Văn bản này chưa cập nhật nội dung Tiếng Anh)\s*$"
)
# The generated title just before the tail: "Công văn 5348/CT-CS năm 2025 … ban hành",
# "Circular No. 110/2025/TT-BTC dated …": a short type name, then a number with a slash.
_SITE_TITLE = re.compile(r"^[A-ZĐ][^\W\d_]*(?:\s+[^\W\d_]+){0,3}\s+(?:No\.\s*)?\d[\w.\-]*/\S+")
# Bilingual pages repeat the generated title between the Vietnamese text and the translation.
_ENGLISH_HEADER = re.compile(
    r"MINISTRY OF|SOCIALIST\s+REPUBLIC|THE GOVERNMENT|PEOPLE'S COMMITTEE|STATE BANK OF"
)
_SKIPPABLE = re.compile(r"^[\s|*_-]*$")
# Inline teaser in English translations behind the paywall.
_PAYWALL = re.compile(
    r"(?:\.\.\.\s*)*Hãy đăng nhập hoặc đăng ký Thành viên Pro tại đây để xem toàn bộ văn bản tiếng Anh\.?\s*"
)

# --- portal sidebars, captions, prompts ----------------------------------------

_FOOTER_LINE = re.compile(
    r"^(?:Tìm kiếm theo chuyên mục.*|Tin nóng|Tin tiêu điểm|Tin liên quan|Tin mới|Lịch công tác.*"
    r"|Website liên kết|Liên kết website|Thống kê truy cập|Hôm nay\s*:\s*[\d.,]*|Hôm qua\s*:\s*[\d.,]*"
    r"|Đã truy cập\s*:\s*[\d.,]*|Tổng (?:số )?lượt truy cập\s*:?\s*[\d.,]*|Đang (?:online|truy cập)\s*:?\s*[\d.,]*"
    r"|Ý kiến\s*\(\d*\)|Bình luận\s*\(\d*\)|Chia sẻ|In bài viết|Gửi bài viết|Về đầu trang|Quay lại"
    r"|Quý khách cần hỏi thêm thông tin .*tại đây\.?)$",
    re.IGNORECASE,
)
# Lines dropped wherever they are: image captions, table-of-contents stubs, ads.
_NOISE_LINE = re.compile(
    r"^(?:\**\s*)?(?:.*\(Hình từ Internet\)\s*\**|#{1,6}\s*Nội dung chính|#{1,6}\s*Mua bán (?:Căn hộ|Nhà|Đất).*)$"
)
_WIKI_EDIT = re.compile(r"\[\s*sửa\s*\|\s*sửa mã nguồn\s*\]")


def strip_site_banner(lines: list[str]) -> list[str]:
    """Drop the thuvienphapluat.vn header (through its metadata table) and trailer."""
    start = 0
    for i, line in enumerate(lines[:80]):
        if _LOADING.search(line):
            start = i + 1
            for j in range(i + 1, min(len(lines), i + 80)):
                if _STATUS_LABEL.match(lines[j].strip()):
                    k = j + 1
                    while k < len(lines) and _PIPE_OR_BLANK.match(lines[k]):
                        k += 1
                    start = k + 1  # past the status value
                    break
            break
    lines = lines[start:]
    for i, line in enumerate(lines):
        if _TAIL_MARKERS.match(line.strip()):
            end = i
            # The generated document title (one or two lines) sits just above.
            while end > 0 and i - end < 2 and _SITE_TITLE.match(lines[end - 1].strip()):
                end -= 1
            lines = lines[:end]
            break
    return [_PAYWALL.sub("", line) for i, line in enumerate(lines) if not _title_before_translation(lines, i)]


def _title_before_translation(lines: list[str], i: int) -> bool:
    if not _SITE_TITLE.match(lines[i].strip()):
        return False
    following = [line for line in lines[i + 1 : i + 8] if not _SKIPPABLE.match(line)]
    return bool(following) and bool(_ENGLISH_HEADER.search(following[0]))


def strip_site_footer(lines: list[str]) -> list[str]:
    """Drop a trailing run of portal sidebar lines (and blanks between them)."""
    end = len(lines)
    cut = end
    while end > 0:
        text = lines[end - 1].strip()
        if not text or text == "|":
            end -= 1
            continue
        if _FOOTER_LINE.match(text):
            end -= 1
            cut = end
            continue
        break
    return lines[:cut]


def drop_noise_lines(lines: list[str]) -> list[str]:
    """Drop captions and site stubs anywhere, and wiki "[sửa | sửa mã nguồn]" links."""
    out = []
    for line in lines:
        if _NOISE_LINE.match(line.strip()):
            continue
        out.append(_WIKI_EDIT.sub("", line) if "sửa mã nguồn" in line else line)
    return out


def remove_boilerplate(lines: list[str]) -> list[str]:
    return drop_noise_lines(strip_site_footer(strip_site_banner(lines)))
