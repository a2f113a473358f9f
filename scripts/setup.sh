#!/usr/bin/env bash
# Install everything docproc needs on a fresh Debian machine, idempotently:
# system packages (Tesseract with eng/chi_sim/osd, a CJK font, poppler) via apt when missing,
# a virtual environment in .venv, and the package with its dev extras.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-osd
              fonts-wqy-zenhei poppler-utils
              chromium
              dovecot-imapd)  # the real IMAP server of the mail-intake tests
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Extra system packages for the browser tests and mail intake, when asked for.
if [[ -n "${DOCPROC_EXTRA_APT:-}" ]]; then
  for p in ${DOCPROC_EXTRA_APT}; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$PY" -m venv .venv
  .venv/bin/pip install -q --upgrade pip
fi
.venv/bin/pip install -q -e ".[dev]"
echo "setup: ok ($(.venv/bin/python --version), $(tesseract --version 2>&1 | head -1))" >&2
