#!/usr/bin/env bash
# Installs the e2e toolchain: code-server 4.100.3 (VS Code 1.100.3 with a real Node extension host) and
# playwright-core, pinned by e2e/package-lock.json, into a cache folder outside the repo (see lib.sh),
# plus Debian's chromium and the packages code-server's native modules need. A second run with the
# same lock file and Node finds the cache and returns at once.
#
# The recipe is the one in /work/shared/E2E.md ("Installing code-server 4.100.3 here"): code-server's
# own postinstall fails on these machines, so it is skipped (--ignore-scripts) and redone by hand:
#   1. root needs npm_config_unsafe_perm=true;
#   2. kerberos needs libkrb5-dev and pkg-config;
#   3. @vscode/ripgrep would download rg from GitHub: Debian's /usr/bin/rg is placed first, so it skips;
#   4. node-pty runs `npx node-gyp`, which the machine's npm config (yes=false) refuses: npm_config_yes=true.
# Nothing is downloaded from anywhere but the npm registry and Debian's archive.
#
# Output: a short summary on stdout; apt and npm output go to $E2E_CACHE_ROOT/install.log.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mkdir -p "$E2E_CACHE_ROOT"
LOG="$E2E_CACHE_ROOT/install.log"

# One install at a time per cache (two checkouts running e2e at once share it).
exec 9>"$E2E_CACHE_ROOT/.lock"
flock 9

t_all=$(now_s)

# Runs "$@" with its output in the log; prints one line with its duration, or the log's tail on failure.
step() {
  local name="$1"
  shift
  local t
  t=$(now_s)
  echo "== $name" >>"$LOG"
  if "$@" >>"$LOG" 2>&1; then
    echo "  ok  $name ($(since "$t") s)"
  else
    local code=$?
    echo "  FAILED  $name (exit $code after $(since "$t") s); last lines of $LOG:"
    tail -n 40 "$LOG" | sed 's/^/    | /'
    exit "$code"
  fi
}

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != 20 ]; then
  echo "e2e: code-server 4.100.3 runs only on Node 20 (this is Node $(node -v))." >&2
  exit 1
fi

echo "e2e install: cache $E2E_CACHE_DIR (log: $LOG)"

# --- Debian packages ----------------------------------------------------------------------------
apt_missing=()
for pkg in libkrb5-dev pkg-config ripgrep chromium; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    apt_missing+=("$pkg")
  fi
done
# The log holds the last install that did something (a cached run leaves it as it was).
if [ "${#apt_missing[@]}" -gt 0 ] || [ ! -f "$E2E_CACHE_MARKER" ]; then
  : >"$LOG"
fi
if [ "${#apt_missing[@]}" -gt 0 ]; then
  SUDO=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then
      SUDO=(sudo)
    else
      echo "e2e: missing Debian packages (${apt_missing[*]}) and not root: install them first." >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  step "apt-get update" "${SUDO[@]}" apt-get update
  step "apt-get install ${apt_missing[*]}" "${SUDO[@]}" apt-get install -y "${apt_missing[@]}"
else
  echo "  ok  Debian packages already installed (libkrb5-dev pkg-config ripgrep chromium)"
fi

# --- code-server and playwright-core (cached) ---------------------------------------------------
if [ -f "$E2E_CACHE_MARKER" ]; then
  echo "  ok  code-server and playwright-core: cached ($(since "$t_all") s in all)"
  exit 0
fi

rm -rf "$E2E_CACHE_DIR"
mkdir -p "$E2E_CACHE_DIR"
cp "$E2E_DIR/package.json" "$E2E_DIR/package-lock.json" "$E2E_CACHE_DIR/"

export npm_config_unsafe_perm=true npm_config_yes=true
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

VSCODE="$E2E_CACHE_DIR/node_modules/code-server/lib/vscode"

cd "$E2E_CACHE_DIR"
step "npm ci --ignore-scripts (code-server, playwright-core from the lock file)" npm ci --ignore-scripts
step "npm rebuild argon2" npm rebuild argon2

cd "$VSCODE"
step "lib/vscode: npm install --omit=dev --ignore-scripts" npm install --omit=dev --ignore-scripts
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
echo "  ok  placed $(command -v rg) at @vscode/ripgrep/bin/rg"
step "lib/vscode: npm rebuild (kerberos, node-pty, spdlog, ...)" npm rebuild
# The symlinks code-server's postinstall.sh makes (symlink_asar, symlink_bin_script).
ln -sfn node_modules node_modules.asar
ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh

cd "$VSCODE/extensions"
step "lib/vscode/extensions: npm install --omit=dev" npm install --omit=dev

# Smoke check: the server starts far enough to print its version (its config and logs go to a temp
# folder, not the home directory).
smoke_home="$(mktemp -d)"
step "code-server --version" env XDG_CONFIG_HOME="$smoke_home/config" XDG_DATA_HOME="$smoke_home/data" \
  XDG_CACHE_HOME="$smoke_home/cache" "$E2E_CACHE_DIR/node_modules/.bin/code-server" --version
rm -rf "$smoke_home"

# Older installs (another lock file or Node) are 300 MB each: drop them.
for old in "$E2E_CACHE_ROOT"/cs-*; do
  if [ -d "$old" ] && [ "$old" != "$E2E_CACHE_DIR" ]; then rm -rf "$old"; fi
done

date -u +%FT%TZ >"$E2E_CACHE_MARKER"
echo "  ok  installed $(du -sh "$E2E_CACHE_DIR" | cut -f1) in $(since "$t_all") s" \
  "(code-server $(node -p "require('$E2E_CACHE_DIR/node_modules/code-server/package.json').version")," \
  "playwright-core $(node -p "require('$E2E_CACHE_DIR/node_modules/playwright-core/package.json').version"))"
