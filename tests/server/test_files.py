"""GET /documents/{id}/file serves the original bytes, and nothing through a symbolic link,
outside the archive folder or by a path that climbs out of it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from server_support import BULLETIN, BULLETIN_ID, Served, assert_error

from index.server.files import Refused, open_original

SECRET = "mật khẩu của máy chủ"


def test_the_original_file_as_it_is(served: Served) -> None:
    response = served.client.get(f"/documents/{BULLETIN_ID}/file", headers=served.auth("reader"))
    assert response.status_code == 200
    assert response.content == (served.archive / BULLETIN_ID).read_bytes()
    assert response.headers["content-type"].startswith("text/plain")
    assert BULLETIN in response.headers["content-disposition"]
    docx = next(p.name for p in served.archive.glob("*.docx"))
    binary = served.client.get(f"/documents/{docx}/file", headers=served.auth("reader"))
    assert binary.content == (served.archive / docx).read_bytes()
    assert binary.headers["content-type"].startswith("application/vnd.openxmlformats")


def test_a_file_replaced_by_a_symlink_is_refused(served: Served, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    target = served.archive / BULLETIN_ID
    target.unlink()
    target.symlink_to(secret)
    response = served.client.get(f"/documents/{BULLETIN_ID}/file", headers=served.auth("reader"))
    assert "symbolic link" in assert_error(response, 403)
    assert SECRET not in response.text


def test_a_symlinked_folder_is_refused(served: Served, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / BULLETIN).write_text(SECRET, encoding="utf-8")
    shutil.rmtree(served.archive / "govdocs")
    (served.archive / "govdocs").symlink_to(outside, target_is_directory=True)
    response = served.client.get(f"/documents/{BULLETIN_ID}/file", headers=served.auth("reader"))
    assert_error(response, 403)
    assert SECRET not in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/documents/..%2F..%2Fsecret.txt/file",
        "/documents/%2E%2E/%2E%2E/secret.txt/file",
        "/documents/govdocs/..%2F..%2F..%2Fsecret.txt/file",
        "/documents/%2Fetc%2Fpasswd/file",
    ],
)
def test_paths_climbing_out_are_not_documents(served: Served, tmp_path: Path, path: str) -> None:
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    response = served.client.get(path, headers=served.auth("reader"))
    assert response.status_code in (403, 404)
    assert_error(response, response.status_code)
    assert SECRET not in response.text and "root:" not in response.text


def test_open_original_checks_the_path_itself(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    (archive / "a").mkdir(parents=True)
    (archive / "a" / "x.md").write_text("x", encoding="utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    fh, size = open_original(archive, "a/x.md")
    with fh:
        assert fh.read() == b"x" and size == 1
    for bad in ("../secret.txt", "a/../../secret.txt", "/etc/passwd", "a/./x.md", "", "a//x.md"):
        with pytest.raises(Refused):
            open_original(archive, bad)
    os.symlink(tmp_path / "secret.txt", archive / "a" / "link.md")
    with pytest.raises(Refused, match="symbolic link"):
        open_original(archive, "a/link.md")
    with pytest.raises(Refused, match="regular file"):
        open_original(archive, "a")
    with pytest.raises(FileNotFoundError):
        open_original(archive, "a/gone.md")


def test_a_file_gone_since_the_build_is_404(served: Served) -> None:
    (served.archive / BULLETIN_ID).unlink()
    response = served.client.get(f"/documents/{BULLETIN_ID}/file", headers=served.auth("reader"))
    assert "reindex" in assert_error(response, 404)
