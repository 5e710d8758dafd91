"""Fixtures for the embedder tests: real directive text and the real default model.

The fp32 model is the session's ``real_embedder`` (tests/conftest.py: built once into the
test data folder, or the one in ``CHITHI_TEST_DATA``); the int8 one is loaded beside it.
"""

from __future__ import annotations

import pytest

from config import Settings

# Passages from Thông báo 508-TB/TU (Quảng Ninh, 09/02/2022) and the 22/10/2021 bulletin on
# Kết luận 20-KL/TW, shortened; one topic each so a question has one right answer.
PASSAGES = {
    "vaccine": (
        "4. Đẩy nhanh tiến độ tiêm vắc xin trong tháng 02/2022. Phấn đấu hoàn thành dứt điểm tiêm mũi 1 "
        "đối với những người từ đủ 12 tuổi trở lên có chỉ định tiêm nhưng chưa tiêm; tiêm mũi 2 đối với "
        "những người mới được tiêm vét mũi 1 và tiêm mũi 3 đối với các trường hợp còn lại chưa tiêm."
    ),
    "omicron": (
        "2. Tiếp tục kiểm soát chặt chẽ người và phương tiện nhập cảnh, đi về từ vùng dịch có nguy cơ mắc "
        "biến thể Omicron vào địa bàn tỉnh; kiên quyết không để biến thể Omicron lây lan, bùng phát trên "
        "diện rộng trong cộng đồng ở Quảng Ninh."
    ),
    "school": (
        "5. Tận dụng thời điểm “vàng” từ nay đến hết ngày 13/02/2022 để đưa học sinh tiếp tục trở lại học "
        "tập trực tiếp trong môi trường an toàn. Tất cả các trường hợp học sinh, giáo viên, nhân viên "
        "trường học có biểu hiện ho, sốt, khó thở không đi đến lớp, tới trường và chủ động tự test nhanh."
    ),
    "forest": (
        "(4) Tập trung trồng cây, trồng rừng nhằm hưởng ứng mạnh mẽ Đề án trồng một tỷ cây xanh của Thủ "
        "tướng Chính phủ; phấn đấu trong năm 2022 trồng mới ít nhất 2.000 ha lim, dổi, lát bản địa ở những "
        "nơi có điều kiện."
    ),
    "deadline": (
        "Ban Thường vụ Tỉnh ủy yêu cầu đảng bộ 13 huyện, thị xã, thành phố phải nghiêm túc quán triệt Kết "
        "luận số 20, Chỉ thị số 18 xong trước ngày 30/10; các đảng ủy trực thuộc quán triệt xong trước ngày "
        "10/11."
    ),
    "budget": (
        "Đồng chí Chủ tịch UBND tỉnh quyết tâm phấn đấu tốc độ tăng trưởng kinh tế năm 2021 đạt hai con số, "
        "thu ngân sách trên 51.000 tỷ đồng và đóng góp vào mục tiêu tăng trưởng chung của cả nước."
    ),
}


@pytest.fixture(scope="session")
def passages() -> dict[str, str]:
    return PASSAGES


@pytest.fixture(scope="session")
def e5(real_embedder):
    return real_embedder


@pytest.fixture(scope="session")
def passage_vectors(e5, passages):
    return dict(zip(passages, e5.embed(list(passages.values()), "passage")))


@pytest.fixture(scope="session")
def e5_int8(real_settings: Settings, e5):
    from embedder import load_embedder

    return load_embedder(real_settings.with_(quantize="int8"))
