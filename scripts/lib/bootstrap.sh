# Shared by scripts/run and scripts/test: system packages and the virtual environment.
# Sourced, not run. Idempotent: a second run installs nothing new.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.venv"
PYTHON="${PYTHON:-python3}"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

_apt_updated=0
apt_install() {
  # Installs the Debian packages named, skipping those already installed.
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  echo "==> apt-get install ${missing[*]}"
  if [ "$_apt_updated" -eq 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    _apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

make_venv() {
  # $1: the pip extras to install, e.g. "" or "[dev]".
  if [ ! -x "$VENV/bin/python" ]; then
    # Debian's python3 ships without venv/ensurepip until python3-venv is installed.
    "$PYTHON" -m venv "$VENV" 2>/dev/null || { apt_install python3-venv && "$PYTHON" -m venv "$VENV"; }
  fi
  echo "==> pip install -e .$1"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT$1" 2>&1 \
    | { grep -v "is ignored: it is neither a file nor a directory" || true; }
}
