# Sourced, not run. Functions a suite calls to get the tools it needs on a fresh machine:
# each installs what is missing when it may (root with apt-get for Debian packages; pip,
# cargo and npm always), or prints the exact command to run and returns 1.
#
#   need_apt PACKAGE...          Debian packages
#   need_pip MODULE=REQUIREMENT  a module python3 can import, installed from PyPI
#   need_cargo BINARY CRATE      a cargo subcommand or tool, by cargo install --locked
#                                (CRATE may be NAME@VERSION)

# cargo-c, the C build and install of the library. Its newest releases need a newer Rust than
# this machine's 1.95; this is the last that builds with it.
NOVA_CARGO_C=cargo-c@0.10.24+cargo-0.98.0

need_apt() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "missing Debian packages; run: sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "installing Debian packages: ${missing[*]}"
  # One update per run of the test command: the package lists are fresh after it.
  if [ -z "${NOVA_APT_UPDATED:-}" ]; then
    apt-get update -qq || return 1
    export NOVA_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

need_pip() {
  local entry module requirement
  for entry in "$@"; do
    module=${entry%%=*} requirement=${entry#*=}
    python3 -c "import $module" 2>/dev/null && continue
    echo "installing $requirement for python3"
    python3 -m pip install --quiet --disable-pip-version-check "$requirement" || {
      echo "could not install $requirement; run: python3 -m pip install '$requirement'" >&2
      return 1
    }
  done
}

need_cargo() {
  local binary=$1 crate=$2
  command -v "$binary" >/dev/null 2>&1 && return 0
  echo "installing $crate with cargo install"
  cargo install --locked --quiet "$crate" || {
    echo "could not install $crate; run: cargo install --locked $crate" >&2
    return 1
  }
}
