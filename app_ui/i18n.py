"""Page strings in Vietnamese (default) and English, and dd/mm/yyyy dates."""

from __future__ import annotations

from datetime import date, datetime

LANGS = ("vi", "en")

STRINGS: dict[str, tuple[str, str]] = {
    "title": ("Chỉ Thị Search", "Chỉ Thị Search"),
    "subtitle": (
        "Tra cứu ngữ nghĩa và hỏi đáp có trích dẫn trên chỉ thị, thông báo, kế hoạch của cơ quan nhà nước.",
        "Semantic search and cited answers over Vietnamese government directives, bulletins and plans.",
    ),
    "english": ("English", "English"),
    "status": ("Chỉ mục", "Index"),
    "documents": ("Văn bản", "Documents"),
    "chunks": ("Đoạn", "Passages"),
    "model": ("Mô hình", "Model"),
    "built_at": ("Cập nhật", "Built"),
    "skipped_n": ("{n} tệp bị bỏ qua", "{n} files skipped"),
    "filters": ("Bộ lọc", "Filters"),
    "f_type": ("Loại văn bản", "Document type"),
    "f_issuer": ("Cơ quan ban hành", "Issuer"),
    "f_from": ("Ban hành từ ngày", "Issued from"),
    "f_to": ("Đến ngày", "Issued until"),
    "f_number": ("Số hiệu văn bản", "Document number"),
    "f_number_ph": ("VD: 508-TB/TU", "e.g. 508-TB/TU"),
    "f_any": ("Tất cả", "All"),
    "f_clear": ("Xóa bộ lọc", "Clear filters"),
    "tab_ask": (":material/search: Hỏi đáp", ":material/search: Ask"),
    "tab_index": (":material/upload_file: Cập nhật chỉ mục", ":material/upload_file: Update the index"),
    "q_label": ("Câu hỏi hoặc từ khóa", "Question or keywords"),
    "q_ph": (
        "VD: Mục tiêu tiêm vắc xin trong tháng 2/2022 là gì?",
        "e.g. What are the vaccine targets for February 2022?",
    ),
    "ask_btn": ("Hỏi", "Ask"),
    "searching": ("Đang tìm…", "Searching…"),
    "loading": ("Đang mở chỉ mục và tải mô hình…", "Opening the index and loading the model…"),
    "examples": ("Gợi ý", "Try"),
    "answer": ("Trả lời", "Answer"),
    "answer_note": (
        "Trích nguyên văn từ văn bản gốc; câu trả lời được tô sáng.",
        "Verbatim passages from the documents; the answering sentences are highlighted.",
    ),
    "no_answer": ("Không tìm thấy câu trả lời", "No answer found"),
    "no_answer_hint": (
        "Hãy thử diễn đạt khác, dùng từ ngữ có trong văn bản, hoặc bỏ bớt bộ lọc.",
        "Try other words, terms the documents use, or fewer filters.",
    ),
    "results": ("Kết quả xếp hạng", "Ranked results"),
    "n_results": ("{n} đoạn phù hợp", "{n} matching passages"),
    "open_doc": ("Mở văn bản", "Open document"),
    "elapsed": ("{ms} ms", "{ms} ms"),
    "cites": ("Trích dẫn", "Cites"),
    "cited_by": ("Được trích dẫn bởi", "Cited by"),
    "not_in_archive": ("không có trong kho", "not in the archive"),
    "none": ("Không có", "None"),
    "back": ("Quay lại", "Back"),
    "m_type": ("Loại", "Type"),
    "m_number": ("Số hiệu", "Number"),
    "m_issuer": ("Cơ quan ban hành", "Issuer"),
    "m_date": ("Ngày ban hành", "Issue date"),
    "m_place": ("Nơi ban hành", "Place"),
    "m_signer": ("Người ký", "Signed by"),
    "m_file": ("Tệp", "File"),
    "m_duplicate": ("Trùng với", "Duplicate of"),
    "download": ("Tải tệp gốc", "Download the original"),
    "file_missing": ("Tệp gốc không còn ở {path}.", "The original file is no longer at {path}."),
    "doc_missing": ("Không tìm thấy văn bản «{doc}» trong chỉ mục.", "No document «{doc}» in the index."),
    "full_text": ("Toàn văn", "Full text"),
    "cited_passage": ("Đoạn được trích dẫn", "Cited passage"),
    "first_title": ("Chưa có chỉ mục tìm kiếm", "No search index yet"),
    "first_body": (
        "Thư mục dữ liệu `{data}` chưa có chỉ mục. Tạo chỉ mục từ kho văn bản mẫu đi kèm bằng lệnh sau "
        "(chạy trong thư mục dự án), rồi tải lại trang:",
        "The data folder `{data}` has no index yet. Build one from the bundled sample archive with this "
        "command (run it in the project folder), then reload the page:",
    ),
    "first_own": (
        "Với kho văn bản của bạn, thay `sample_archive` bằng đường dẫn thư mục chứa văn bản "
        "(PDF, DOCX, TXT, MD, HTML). Thư mục dữ liệu đặt bằng biến môi trường `CHITHI_DATA`.",
        "For your own archive, replace `sample_archive` with the folder that holds your documents "
        "(PDF, DOCX, TXT, MD, HTML). The data folder is set with the environment variable `CHITHI_DATA`.",
    ),
    "first_or": ("Hoặc tạo ngay từ trang này:", "Or build it right here:"),
    "first_button": ("Tạo chỉ mục từ kho mẫu", "Build the sample archive"),
    "index_error": ("Không mở được chỉ mục", "The index cannot be opened"),
    "archive": ("Kho văn bản", "Archive folder"),
    "upload_title": ("Thêm văn bản", "Add documents"),
    "upload_label": (
        "Chọn tệp PDF, DOCX, TXT, MD hoặc HTML (tối đa {mb} MB mỗi tệp)",
        "Choose PDF, DOCX, TXT, MD or HTML files (up to {mb} MB each)",
    ),
    "upload_btn": ("Lưu và cập nhật chỉ mục", "Save and index"),
    "upload_where": ("Tệp được lưu vào `{dir}`.", "Files are saved in `{dir}`."),
    "rescan_title": ("Quét lại kho", "Rescan the archive"),
    "rescan_help": (
        "Thêm tệp mới, cập nhật tệp đã sửa và gỡ tệp đã xóa khỏi chỉ mục.",
        "Adds new files, updates changed ones and removes deleted ones from the index.",
    ),
    "rescan_btn": ("Quét lại kho văn bản", "Rescan the archive"),
    "job_running": ("Đang cập nhật chỉ mục…", "Updating the index…"),
    "job_model": ("Đang tải mô hình…", "Loading the model…"),
    "per_file": ("Chi tiết theo tệp ({n})", "Per file ({n})"),
    "job_file": ("{status}: {doc}", "{status}: {doc}"),
    "job_busy": (
        "Đang có một lần cập nhật chạy; vui lòng đợi.",
        "An update is already running; please wait.",
    ),
    "job_done": ("Đã cập nhật chỉ mục ({s} giây).", "Index updated ({s} s)."),
    "job_failed": ("Cập nhật thất bại: {error}", "The update failed: {error}"),
    "st_added": ("thêm mới", "added"),
    "st_updated": ("cập nhật", "updated"),
    "st_removed": ("đã gỡ", "removed"),
    "st_unchanged": ("không đổi", "unchanged"),
    "st_skipped": ("bỏ qua", "skipped"),
    "st_duplicates": ("trùng lặp", "duplicates"),
    "summary": ("Kết quả lần cập nhật gần nhất", "Last update"),
    "saved": ("Đã lưu {n} tệp.", "Saved {n} file(s)."),
    "rejected": ("Không nhận «{name}»: {reason}", "Rejected «{name}»: {reason}"),
    "nothing_saved": ("Không có tệp hợp lệ để cập nhật.", "No valid file to index."),
    "r_bad_name": ("tên tệp không hợp lệ", "the file name is not usable"),
    "r_bad_ext": (
        "chỉ nhận PDF, DOCX, TXT, MD, HTML",
        "only PDF, DOCX, TXT, MD and HTML files are accepted",
    ),
    "r_empty": ("tệp rỗng", "the file is empty"),
    "r_too_big": ("tệp lớn hơn {mb} MB", "the file is larger than {mb} MB"),
    "r_not_pdf": ("nội dung không phải PDF", "the content is not a PDF"),
    "r_not_docx": ("nội dung không phải DOCX (Word)", "the content is not a DOCX (Word) file"),
    "r_not_text": ("không đọc được thành văn bản", "the content is not readable text"),
    "sec": ("mục {s}", "section {s}"),
    "targets": ("Mục tiêu, chỉ tiêu và thời hạn", "Targets and deadlines"),
    "targets_note": (
        "Trích tự động từ các đoạn được dẫn bên dưới; bấm «Xem câu» để đọc câu gốc.",
        "Extracted from the cited passages below; “Sentence” opens the sentence in its document.",
    ),
    "t_value": ("Chỉ tiêu", "Target"),
    "t_measure": ("Nội dung", "Measure"),
    "t_population": ("Đối tượng", "For whom"),
    "t_deadline": ("Thời hạn", "Deadline"),
    "t_body": ("Cơ quan", "Responsible"),
    "t_source": ("Văn bản", "Document"),
    "open_sentence": ("Xem câu", "Sentence"),
    "page": ("trang {p}", "page {p}"),
    # Scans read by OCR (corpus/ocr.py)
    "scanned": ("văn bản quét — nhận dạng tự động", "scanned document — text recognised automatically"),
    "m_ocr": ("Nhận dạng (OCR)", "Recognised (OCR)"),
    "ocr_conf": ("độ tin cậy {c} %", "confidence {c} %"),
    "scan_page": ("Xem trang {p} của bản quét", "See page {p} of the scan"),
    "scan_check": (
        "Đối chiếu số liệu với bản quét: văn bản bên cạnh do máy nhận dạng.",
        "Check figures against the scan: the text beside it was recognised by machine.",
    ),
    "scan_no_image": ("Không hiển thị được trang: {why}", "The page cannot be shown: {why}"),
    "r_write": ("không ghi được tệp ({detail})", "the file could not be written ({detail})"),
    # Sign-in, roles, administration
    "si_title": ("Đăng nhập", "Sign in"),
    "si_name": ("Tên tài khoản", "Account name"),
    "si_password": ("Mật khẩu", "Password"),
    "si_button": ("Đăng nhập", "Sign in"),
    "si_wrong": ("Sai tên tài khoản hoặc mật khẩu.", "Wrong account name or password."),
    "si_locked": (
        "Tài khoản đã bị khóa sau {n} lần nhập sai mật khẩu liên tiếp: nhờ quản trị viên mở khóa.",
        "The account is locked after {n} wrong passwords in a row: ask an admin to unlock it.",
    ),
    "si_help": (
        "Chưa có tài khoản? Quản trị viên tạo bằng lệnh `python -m index users add TÊN --role reader`. "
        "Tài khoản quản trị đầu tiên được tạo khi chạy `scripts/quickstart.sh` "
        "(hoặc `python -m index users init`).",
        "No account? An admin makes one with `python -m index users add NAME --role reader`. "
        "The first admin account is made by `scripts/quickstart.sh` (or `python -m index users init`).",
    ),
    "si_proxy_failed": ("Không đăng nhập được qua cổng đăng nhập một lần", "Single sign-on failed"),
    "si_as": ("Đăng nhập: **{name}** ({role})", "Signed in as **{name}** ({role})"),
    "si_out": ("Đăng xuất", "Sign out"),
    "role_reader": ("người đọc", "reader"),
    "role_archivist": ("văn thư lưu trữ", "archivist"),
    "role_admin": ("quản trị", "admin"),
    "not_allowed": ("Bạn không có quyền làm việc này.", "You may not do this."),
    "first_ask": (
        "Nhờ người có vai trò văn thư lưu trữ hoặc quản trị tạo chỉ mục.",
        "Ask an archivist or an admin to build the index.",
    ),
    "archive_missing": ("Không tìm thấy kho văn bản", "The archive folder is missing"),
    "file_refused": ("Không phục vụ tệp gốc: {why}", "The original is not served: {why}"),
    "tab_admin": (
        ":material/admin_panel_settings: Quản trị",
        ":material/admin_panel_settings: Administration",
    ),
    "ad_accounts": ("Tài khoản", "Accounts"),
    "ad_add": ("Thêm tài khoản", "Add an account"),
    "ad_role": ("Vai trò", "Role"),
    "ad_add_btn": ("Thêm", "Add"),
    "ad_change": ("Sửa tài khoản", "Change an account"),
    "ad_account": ("Tài khoản", "Account"),
    "ad_action": ("Việc cần làm", "Action"),
    "ad_new_password": ("Mật khẩu mới (khi đặt lại mật khẩu)", "New password (when resetting it)"),
    "ad_apply": ("Thực hiện", "Apply"),
    "ad_done": ("Đã xong: {what}", "Done: {what}"),
    "ad_a_unlock": ("Mở khóa", "Unlock"),
    "ad_a_passwd": ("Đặt lại mật khẩu", "Reset the password"),
    "ad_a_role": ("Đổi vai trò", "Change the role"),
    "ad_a_remove": ("Xóa tài khoản", "Remove the account"),
    "ad_audit": ("Nhật ký kiểm tra", "Audit log"),
    "ad_since": ("Từ ngày", "Since"),
    "ad_csv": ("Tải CSV", "Download CSV"),
    "ad_events": ("{n} sự kiện", "{n} events"),
    "tab_timeline": (":material/timeline: Dòng thời gian", ":material/timeline: Timeline"),
    "tl_label": ("Chủ đề", "Subject"),
    "tl_ph": ("VD: tiêm vắc xin", "e.g. tiêm vắc xin"),
    "tl_hint": (
        "Nhập một chủ đề: các văn bản về chủ đề đó theo thứ tự ngày ban hành, câu nói về chủ đề và quan hệ "
        "giữa các văn bản (thay thế, sửa đổi, bãi bỏ, triển khai…).",
        "Type a subject: its documents in issue-date order, what each said on it and how they relate "
        "(replaces, amends, repeals, carries out…).",
    ),
    "tl_none": (
        "Không có văn bản nào trong kho về chủ đề này.",
        "No document in the archive on this subject.",
    ),
    "tl_n": ("{n} văn bản, theo ngày ban hành", "{n} documents, by issue date"),
    "tl_no_date": ("không rõ ngày", "date unknown"),
    "tl_undated": (
        "{n} văn bản không rõ ngày ban hành được xếp cuối.",
        "{n} documents without an issue date are listed last.",
    ),
    "standing": ("Còn hiệu lực?", "Still in force?"),
    "job_waiting": ("Đang chờ một lần cập nhật khác kết thúc…", "Waiting for another update to finish…"),
}


def t(key: str, lang: str = "vi", **kwargs: object) -> str:
    """The string ``key`` in ``lang`` ("vi" or "en"), formatted with ``kwargs``."""
    vi, en = STRINGS[key]
    text = en if lang == "en" else vi
    return text.format(**kwargs) if kwargs else text


def fmt_date(value: date | None) -> str:
    """dd/mm/yyyy, or an em dash when unknown."""
    return value.strftime("%d/%m/%Y") if value else "—"


def fmt_timestamp(value: str | None) -> str:
    """An ISO timestamp (the manifest's ``built_at``) as local 'dd/mm/yyyy HH:MM'."""
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")
