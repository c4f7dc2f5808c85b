#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter for the project venv.
# Rasa 3.6 supports Python 3.8-3.10 only, so 3.11+ is never accepted.
# Order: python3.10 on PATH, any pyenv 3.10, uv's managed 3.10, then uv's download.
set -uo pipefail
uv_bin=${1:-uv}

works() { [ -n "$1" ] && "$1" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; }

candidate=$(command -v python3.10 2>/dev/null || true)
if works "$candidate"; then echo "$candidate"; exit 0; fi

for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10; do
  if works "$candidate"; then echo "$candidate"; exit 0; fi
done

candidate=$("$uv_bin" python find 3.10 2>/dev/null || true)
if works "$candidate"; then echo "$candidate"; exit 0; fi

if "$uv_bin" python install 3.10 >&2; then
  candidate=$("$uv_bin" python find 3.10 2>/dev/null || true)
  if works "$candidate"; then echo "$candidate"; exit 0; fi
fi

cat >&2 <<'MSG'
error: Python 3.10 was not found, and uv could not download it (no internet?).
Rasa 3.6 runs on Python 3.8-3.10 only. Install Python 3.10 and make `python3.10`
available on PATH, for example:
  - Debian/Ubuntu: sudo apt install python3.10 python3.10-venv (or use the deadsnakes PPA)
  - pyenv:         pyenv install 3.10.13
  - macOS:         brew install python@3.10
MSG
exit 1
