"""The page in a real browser: `streamlit run` on 127.0.0.1, driven by headless Chromium.

Screenshots go to artifacts/ (git-ignored); with SAVE_SCREENSHOT=1 the answer screenshot is also
written to docs/screenshot.png for the README.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from apptest_support import APP, APP_INDEX, Q_VI, ROOT, TEST_PASSWORD, ensure_account

from config import Settings

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and DRIVER.exists()), reason="needs /usr/bin/chromium and chromedriver"
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"streamlit did not answer on {url} within {seconds} s")


@pytest.fixture(scope="module")
def server(app_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One `streamlit run` for the module (the model loads once)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CHITHI_DATA": str(app_settings.data_dir), "CHITHI_INDEX_NAME": APP_INDEX}
    log = (tmp_path_factory.mktemp("streamlit") / "streamlit.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", APP, "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        wait_healthy(url, proc, 90)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
        log.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = str(CHROMIUM)
    for arg in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}", "--window-size=1440,1250", "--lang=vi-VN",
    ):  # fmt: skip
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=opts)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def sign_in(browser, data_dir: Path) -> None:
    """Fill the sign-in form (every new browser session starts there)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    name = ensure_account(data_dir, "reader")
    box = WebDriverWait(browser, 120).until(
        EC.element_to_be_clickable((By.CSS_SELECTOR, 'input[aria-label="Tên tài khoản"]'))
    )
    box.send_keys(name)
    password = browser.find_element(By.CSS_SELECTOR, 'input[aria-label="Mật khẩu"]')
    password.send_keys(TEST_PASSWORD, Keys.ENTER)


def test_ask_in_the_browser(server: str, browser, app_settings: Settings) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    browser.get(server)
    sign_in(browser, app_settings.data_dir)
    box = WebDriverWait(browser, 120).until(
        EC.element_to_be_clickable((By.CSS_SELECTOR, 'input[aria-label="Câu hỏi hoặc từ khóa"]'))
    )
    box.send_keys(Q_VI, Keys.ENTER)
    WebDriverWait(browser, 120).until(
        EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".ct-card"), "508-TB/TU")
    )
    card = browser.find_element(By.CSS_SELECTOR, ".ct-card")
    assert card.find_elements(By.CSS_SELECTOR, "mark.ct-mark"), "the answering sentence is highlighted"
    time.sleep(1.0)  # let fonts and the layout settle before the screenshot
    shot = artifacts / "screenshot-ask.png"
    assert browser.save_screenshot(str(shot))
    if os.environ.get("SAVE_SCREENSHOT") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copy2(shot, ROOT / "docs" / "screenshot.png")

    open_buttons = browser.find_elements(By.XPATH, "//button[.//p[normalize-space()='Mở văn bản']]")
    assert open_buttons
    open_buttons[0].click()
    cited = WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.ID, "chithi-cited")))
    WebDriverWait(browser, 10).until(lambda d: in_view(d, cited))
    assert "doc=" in browser.current_url
    time.sleep(1.0)
    assert browser.save_screenshot(str(artifacts / "screenshot-doc.png"))


def in_view(driver, element) -> bool:
    return driver.execute_script(
        "var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;",
        element,
    )


def test_doc_link_scrolls_to_the_cited_passage(server: str, browser, app_settings, real_embedder) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from index.api import get_document, open_index

    doc_id = "2022-02-09-ban-tin-thong-bao-508-TB-TU.txt"
    reader = open_index(app_settings, real_embedder)
    try:
        text = get_document(reader, doc_id).text
    finally:
        reader.close()
    start = int(len(text) * 0.8)  # near the end: far below the first screen
    browser.get(f"{server}/?doc={doc_id}&at={start}-{len(text)}&hl={start}-{start + 40}")
    sign_in(browser, app_settings.data_dir)
    cited = WebDriverWait(browser, 120).until(EC.presence_of_element_located((By.ID, "chithi-cited")))
    WebDriverWait(browser, 15).until(lambda d: in_view(d, cited))
    scrolled = browser.execute_script("return document.querySelector('[data-testid=stMain]').scrollTop")
    assert scrolled > 0
    assert cited.find_elements(By.CSS_SELECTOR, "mark.ct-mark")
