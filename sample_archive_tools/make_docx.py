"""Generate the one .docx document of the bundled sample archive.

The sample archive (``sample_archive/``) is indexed as-is, so this generator lives
outside it. Run once from the project root with the project's virtual environment:

    python sample_archive_tools/make_docx.py

It writes ``sample_archive/2022-02-12-huong-dan-215-HD-SGDDT-day-hoc-truc-tiep.docx``
(a fictional Hướng dẫn of Sở Giáo dục và Đào tạo tỉnh Hải Minh, 12/02/2022) with
headings, numbered paragraphs and one table. The output is reproducible: fixed core
properties and zip timestamps, and the parts Word does not need (stylesWithEffects,
thumbnail, customXml) are dropped to keep the file small.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "sample_archive" / "2022-02-12-huong-dan-215-HD-SGDDT-day-hoc-truc-tiep.docx"
ISSUED = dt.datetime(2022, 2, 12, 8, 0, 0)
DROP = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


HEADER_LEFT = ["ỦY BAN NHÂN DÂN TỈNH HẢI MINH", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Số: 215/HD-SGDĐT"]
HEADER_RIGHT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Hải Minh, ngày 12 tháng 02 năm 2022",
]
TITLE = "HƯỚNG DẪN"
SUBTITLE = (
    "Công tác phòng, chống dịch COVID-19 khi tổ chức dạy học trực tiếp "
    "đối với trẻ mầm non, học sinh tiểu học và học sinh lớp 6"
)
INTRO = (
    "Thực hiện Thông báo số 46/TB-UBND ngày 11/02/2022 của Ủy ban nhân dân tỉnh về kết luận "
    "tại cuộc họp về việc tổ chức cho học sinh trở lại trường học trực tiếp, Sở Giáo dục và "
    "Đào tạo hướng dẫn các phòng giáo dục và đào tạo, các cơ sở giáo dục mầm non, tiểu học, "
    "trung học cơ sở thực hiện một số nội dung sau:"
)

# (heading, [numbered paragraphs])
SECTIONS: list[tuple[str, list[str]]] = [
    (
        "I. YÊU CẦU CHUNG",
        [
            "1. Đưa trẻ mầm non, học sinh tiểu học và học sinh lớp 6 trở lại trường học trực tiếp "
            "từ ngày 14/02/2022 bảo đảm an toàn, không để dịch bệnh lây lan trong trường học.",
            "2. Nhà trường chủ động, linh hoạt trong tổ chức dạy học; chuyển đổi hình thức học "
            "trực tiếp, trực tuyến theo từng lớp, không đóng cửa cả trường khi chưa cần thiết.",
        ],
    ),
    (
        "II. ĐIỀU KIỆN TỔ CHỨC DẠY HỌC TRỰC TIẾP",
        [
            "1. Phòng học thông thoáng, mở cửa sổ khi học; hạn chế sử dụng điều hòa. Mỗi khu vực "
            "lớp học có chỗ rửa tay với xà phòng hoặc dung dịch sát khuẩn.",
            "2. Giáo viên, nhân viên đã tiêm đủ liều vắc xin phòng COVID-19; người đã đến lịch "
            "tiêm mũi nhắc lại cần hoàn thành trước ngày 28/02/2022.",
            "3. Mỗi trường bố trí phòng cách ly tạm thời, có nhiệt kế, khẩu trang, thuốc hạ sốt "
            "và sổ theo dõi; có kế hoạch phối hợp với trạm y tế xã, phường, thị trấn được phân công.",
            "4. Giờ vào lớp, ra chơi, tan học của các khối lớp lệch nhau ít nhất 15 phút; hoạt "
            "động chào cờ, sinh hoạt tập thể tổ chức theo từng lớp.",
            "5. Nhà trường hoàn thành tự đánh giá các điều kiện an toàn và gửi Phòng Giáo dục và "
            "Đào tạo trước ngày 13/02/2022.",
        ],
    ),
    (
        "III. THỰC HIỆN TRONG QUÁ TRÌNH DẠY HỌC",
        [
            "1. Học sinh tiểu học và học sinh lớp 6 đeo khẩu trang trong lớp học; không bắt buộc "
            "đối với trẻ mầm non.",
            "2. Phụ huynh theo dõi sức khỏe của con hằng ngày; không cho con đến trường khi có "
            "biểu hiện sốt, ho, đau họng, khó thở và thông báo ngay cho giáo viên chủ nhiệm.",
            "3. Vệ sinh, khử khuẩn bàn ghế, tay nắm cửa, đồ chơi vào cuối mỗi buổi học.",
            "4. Các trường đủ điều kiện được tổ chức bán trú từ ngày 21/02/2022; học sinh ăn "
            "tại lớp hoặc tại nhà ăn có vách ngăn.",
        ],
    ),
    ("IV. XỬ LÝ KHI PHÁT HIỆN TRƯỜNG HỢP MẮC COVID-19", []),
]

TABLE = [
    ("Tình huống", "Biện pháp xử lý"),
    (
        "Học sinh có biểu hiện nghi mắc COVID-19 tại trường",
        "Đưa học sinh đến phòng cách ly tạm thời, báo phụ huynh và trạm y tế; trạm y tế "
        "làm xét nghiệm nhanh kháng nguyên.",
    ),
    (
        "Có 01 hoặc 02 học sinh mắc COVID-19 trong một lớp",
        "Học sinh mắc nghỉ học, điều trị tại nhà; lớp vẫn học trực tiếp; khử khuẩn phòng "
        "học; theo dõi sức khỏe học sinh cùng lớp trong 7 ngày.",
    ),
    (
        "Có từ 03 học sinh mắc COVID-19 trở lên trong một lớp trong vòng 7 ngày",
        "Lớp chuyển sang học trực tuyến 7 ngày; hiệu trưởng báo cáo Phòng Giáo dục và Đào tạo trong ngày.",
    ),
    (
        "Trên 30% số lớp của trường có học sinh mắc COVID-19",
        "Hiệu trưởng báo cáo Ủy ban nhân dân cấp huyện xem xét cho toàn trường học trực "
        "tuyến, tối đa 7 ngày.",
    ),
    (
        "Giáo viên mắc COVID-19",
        "Giáo viên nghỉ điều trị; nhà trường phân công giáo viên dạy thay. Giáo viên không "
        "có triệu chứng có thể dạy trực tuyến từ nhà nếu tự nguyện.",
    ),
]

AFTER_TABLE = [
    "Học sinh, giáo viên mắc COVID-19 được trở lại trường sau khi hết thời gian điều trị "
    "7 ngày và có kết quả xét nghiệm nhanh âm tính.",
]

SECTION_V = (
    "V. TỔ CHỨC THỰC HIỆN",
    [
        "1. Phòng Giáo dục và Đào tạo các huyện, thị xã, thành phố phổ biến Hướng dẫn này "
        "đến các trường, kiểm tra điều kiện an toàn trước ngày 14/02/2022.",
        "2. Hiệu trưởng chịu trách nhiệm trước Ủy ban nhân dân cấp huyện về công tác phòng, "
        "chống dịch tại đơn vị.",
        "3. Các trường báo cáo số học sinh đi học trực tiếp, số học sinh mắc COVID-19 về Phòng "
        "Giáo dục và Đào tạo trước 10 giờ 00 thứ Sáu hằng tuần; Phòng Giáo dục và Đào tạo "
        "tổng hợp, gửi Sở Giáo dục và Đào tạo trước 15 giờ 00 cùng ngày.",
        "Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị phản ánh về Sở Giáo dục và "
        "Đào tạo (qua Phòng Giáo dục Mầm non - Tiểu học) để được hướng dẫn./.",
    ],
)

SIGNATURE = ["GIÁM ĐỐC", "(Đã ký)", "Vũ Thị Ngọc Lan"]


def centered(doc: Document, text: str, bold: bool = False, italic: bool = False) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(nfc(text))
    run.bold = bold
    run.italic = italic


def build() -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    for line in HEADER_LEFT:
        centered(doc, line, bold=not line.startswith("Số"))
    for line in HEADER_RIGHT:
        centered(doc, line, bold=line.isupper(), italic=line.startswith("Hải Minh"))

    doc.add_heading(nfc(TITLE), level=0)
    centered(doc, SUBTITLE, bold=True)
    doc.add_paragraph(nfc(INTRO))

    for heading, paras in SECTIONS:
        doc.add_heading(nfc(heading), level=1)
        for text in paras:
            doc.add_paragraph(nfc(text))

    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for i, (left, right) in enumerate(TABLE):
        cells = table.add_row().cells
        cells[0].text = nfc(left)
        cells[1].text = nfc(right)
        if i == 0:
            for c in cells:
                for r in c.paragraphs[0].runs:
                    r.bold = True
    for text in AFTER_TABLE:
        doc.add_paragraph(nfc(text))

    heading, paras = SECTION_V
    doc.add_heading(nfc(heading), level=1)
    for text in paras:
        doc.add_paragraph(nfc(text))

    doc.add_paragraph(
        nfc("Nơi nhận: UBND tỉnh (b/c); Sở Y tế; Phòng GD&ĐT các huyện, thị xã, thành phố; Lưu: VT, GDMN-TH.")
    )
    for line in SIGNATURE:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = p.add_run(nfc(line))
        run.bold = line != "(Đã ký)"
        run.italic = line == "(Đã ký)"

    cp = doc.core_properties
    cp.title = nfc("Hướng dẫn số 215/HD-SGDĐT ngày 12/02/2022")
    cp.author = nfc("Sở Giáo dục và Đào tạo tỉnh Hải Minh")
    cp.last_modified_by = cp.author
    cp.comments = "Fictional sample document written for Chỉ Thị Search."
    cp.created = ISSUED
    cp.modified = ISSUED
    cp.revision = 1

    buf = io.BytesIO()
    doc.save(buf)
    return slim(buf.getvalue())


def slim(data: bytes) -> bytes:
    """Drop optional parts and their references; fix timestamps for reproducibility."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    dropped = [n for n in src.namelist() if n.startswith(DROP)]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for name in src.namelist():
            if name in dropped:
                continue
            body = src.read(name)
            if name.endswith(".rels") or name == "[Content_Types].xml":
                text = body.decode("utf-8")
                for gone in dropped:
                    base = gone.split("/")[-1] if not gone.startswith("customXml/") else "customXml/"
                    text = re.sub(
                        r"<Relationship [^>]*Target=\"[^\"]*" + re.escape(base) + r"[^\"]*\"[^>]*/>", "", text
                    )
                    text = re.sub(r"<Override [^>]*PartName=\"/" + re.escape(gone) + r"\"[^>]*/>", "", text)
                body = text.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=ISSUED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, body)
    return out.getvalue()


def main() -> int:
    data = build()
    OUT.write_bytes(data)
    check = Document(io.BytesIO(data))  # must reopen cleanly
    chars = sum(len(p.text) for p in check.paragraphs) + sum(
        len(c.text) for t in check.tables for row in t.rows for c in row.cells
    )
    print(f"wrote {OUT.relative_to(ROOT)}: {len(data)} bytes, {chars} characters of text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
