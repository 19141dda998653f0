#!/usr/bin/env bash
# npm run e2e: the extension's end-to-end suite in a real VS Code workbench (code-server 4.100.3) driven
# by playwright-core and Debian chromium. See e2e/README.md.
#
#   1. install.sh: code-server + playwright-core into the cache (reused when the lock file is unchanged)
#   2. npm run package: the production .vsix (sg-lint-<version>.vsix in the repo root)
#   3. code-server --install-extension into a fresh temp extensions dir
#   4. code-server on 127.0.0.1:<free port>, every folder of it under one temp dir; wait for /healthz
#   5. driver/main.mjs: chromium + the scenarios; screenshots and logs in e2e/.artifacts/
#   6. always (trap): stop chromium and code-server by pid, keep their logs, delete the temp dir
#
# Environment: SG_LINT_E2E_CACHE (cache folder), SG_LINT_E2E_ONLY (comma-separated scenario ids or
# name parts, e.g. "a,d"), SG_LINT_E2E_KEEP_TMP=1 (keep the temp dir for debugging),
# SG_LINT_E2E_DRIVER_TIMEOUT (seconds, default 600: the driver is killed after that).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_DIR"

t_total=$(now_s)
ARTIFACTS="$E2E_DIR/.artifacts"
rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS/logs"

phase_times=()
phase() { phase_times+=("$(printf '%-40s %6s s' "$1" "$(since "$2")")"); }

# --- 1. toolchain --------------------------------------------------------------------------------
t=$(now_s)
echo "== e2e: install.sh"
if ! bash "$E2E_DIR/install.sh"; then
  cp "$E2E_CACHE_ROOT/install.log" "$ARTIFACTS/logs/" 2>/dev/null || true
  exit 1
fi
phase "install.sh (cached after the first run)" "$t"
CODE_SERVER="$E2E_CACHE_DIR/node_modules/.bin/code-server"

# --- 2. the .vsix ---------------------------------------------------------------------------------
t=$(now_s)
echo "== e2e: npm run package"
if [ ! -d "$REPO_DIR/node_modules" ]; then
  echo "e2e: the repo's node_modules is missing: run npm ci first." >&2
  exit 1
fi
if ! npm run package >"$ARTIFACTS/logs/package.log" 2>&1; then
  echo "e2e: npm run package failed; last lines of e2e/.artifacts/logs/package.log:" >&2
  tail -n 30 "$ARTIFACTS/logs/package.log" >&2
  exit 1
fi
VERSION="$(node -p "require('./package.json').version")"
VSIX="$REPO_DIR/sg-lint-$VERSION.vsix"
[ -f "$VSIX" ] || { echo "e2e: $VSIX was not written" >&2; exit 1; }
echo "  ok  $(basename "$VSIX") ($(du -h "$VSIX" | cut -f1))"
node "$E2E_DIR/check-vsix.mjs" "$VSIX"
phase "npm run package" "$t"

# --- temp dir, and the trap that always cleans up ------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/sg-lint-e2e.XXXXXX")"
CS_PID=""
cleanup() {
  local code=$?
  set +e
  # Chromium: the driver closes it; if the driver died first, its pid (a process group, playwright
  # starts it detached) is in $TMP/chromium.pid.
  if [ -s "$TMP/chromium.pid" ]; then
    local cpid
    cpid="$(cat "$TMP/chromium.pid")"
    if kill -0 "$cpid" 2>/dev/null; then kill -TERM -- "-$cpid" 2>/dev/null || kill -TERM "$cpid"; fi
  fi
  # code-server was started with setsid: its pid is its process group (server, extension host,
  # language server, file watcher).
  if [ -n "$CS_PID" ] && kill -0 "$CS_PID" 2>/dev/null; then
    kill -TERM -- "-$CS_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$CS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$CS_PID" 2>/dev/null
  fi
  # Keep the logs as artifacts: code-server's, and VS Code's (extension host, "SG Lint" output).
  [ -f "$TMP/code-server.log" ] && cp "$TMP/code-server.log" "$ARTIFACTS/logs/"
  [ -d "$TMP/user-data/logs" ] && cp -r "$TMP/user-data/logs" "$ARTIFACTS/logs/vscode"
  if [ "${SG_LINT_E2E_KEEP_TMP:-}" = 1 ]; then
    echo "e2e: kept $TMP"
  else
    rm -rf "$TMP"
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export XDG_CONFIG_HOME="$TMP/xdg-config" XDG_DATA_HOME="$TMP/xdg-data" XDG_CACHE_HOME="$TMP/xdg-cache"
CS_ARGS=(--config "$TMP/code-server.yaml" --user-data-dir "$TMP/user-data" --extensions-dir "$TMP/extensions")
: >"$TMP/code-server.yaml"

# SG_LINT_E2E_EXTENSION_TESTS=1: the @vscode/test-electron suite (test/electron/suite) runs in
# code-server's extension host instead, with this repository as the extension under development (the
# production bundles `npm run package` just built, and the suite compiled into out/).
EXTENSION_TESTS="${SG_LINT_E2E_EXTENSION_TESTS:-}"
DRIVER="$E2E_DIR/driver/main.mjs"
[ -n "$EXTENSION_TESTS" ] && DRIVER="$E2E_DIR/electron/code-server-driver.mjs"
if [ -n "$EXTENSION_TESTS" ]; then
  echo "== e2e: compile the extension-host suite (tsc)"
  npx tsc -p . >"$ARTIFACTS/logs/tsc.log" 2>&1 || { tail -n 30 "$ARTIFACTS/logs/tsc.log" >&2; exit 1; }
fi

# --- 3. install the .vsix -----------------------------------------------------------------------
t=$(now_s)
if [ -n "$EXTENSION_TESTS" ]; then
  echo "== e2e: no --install-extension (the repository is the extension under development)"
else
echo "== e2e: code-server --install-extension"
if ! "$CODE_SERVER" "${CS_ARGS[@]}" --install-extension "$VSIX" >"$ARTIFACTS/logs/install-extension.log" 2>&1; then
  echo "e2e: --install-extension failed:" >&2
  tail -n 30 "$ARTIFACTS/logs/install-extension.log" >&2
  exit 1
fi
grep -q "was successfully installed" "$ARTIFACTS/logs/install-extension.log" ||
  { echo "e2e: --install-extension did not report success:" >&2; cat "$ARTIFACTS/logs/install-extension.log" >&2; exit 1; }
echo "  ok  $(grep "was successfully installed" "$ARTIFACTS/logs/install-extension.log")"
phase "code-server --install-extension" "$t"
fi

# User settings: no trust prompt, welcome page, update or gallery checks, nothing that pops up.
mkdir -p "$TMP/user-data/User"
cp "$E2E_DIR/settings.json" "$TMP/user-data/User/settings.json"

# --- 4. start code-server ------------------------------------------------------------------------
t=$(now_s)
PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
echo "== e2e: code-server on 127.0.0.1:$PORT"
SG_LINT_TEST_RESULT="$TMP/extension-tests.json" setsid "$CODE_SERVER" "${CS_ARGS[@]}" --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --ignore-last-opened >"$TMP/code-server.log" 2>&1 &
CS_PID=$!
if ! node "$E2E_DIR/driver/wait-healthz.mjs" "http://127.0.0.1:$PORT/healthz" 60000 "$CS_PID"; then
  echo "e2e: code-server did not answer /healthz; its log:" >&2
  tail -n 40 "$TMP/code-server.log" >&2
  exit 1
fi
phase "code-server start (/healthz)" "$t"

# --- 5. the scenarios ---------------------------------------------------------------------------
t=$(now_s)
echo "== e2e: scenarios"
driver_code=0
SG_LINT_E2E_URL="http://127.0.0.1:$PORT/" \
  SG_LINT_E2E_TMP="$TMP" \
  SG_LINT_E2E_MODULES="$E2E_CACHE_DIR/node_modules" \
  SG_LINT_E2E_ARTIFACTS="$ARTIFACTS" \
  SG_LINT_E2E_CODE_SERVER_LOG="$TMP/code-server.log" \
  SG_LINT_E2E_VSCODE_LOGS="$TMP/user-data/logs" \
  SG_LINT_TEST_RESULT="$TMP/extension-tests.json" \
  timeout --kill-after=10 "${SG_LINT_E2E_DRIVER_TIMEOUT:-600}" \
  node "$DRIVER" || driver_code=$?
if [ "$driver_code" -eq 124 ]; then
  echo "e2e: the driver did not finish in ${SG_LINT_E2E_DRIVER_TIMEOUT:-600} s"
  tail -n 30 "$TMP/code-server.log"
fi
phase "scenarios (driver)" "$t"

echo "== e2e: timings"
for line in "${phase_times[@]}"; do echo "  $line"; done
printf '  %-40s %6s s\n' "total" "$(since "$t_total")"
echo "  artifacts: e2e/.artifacts/ (screenshots, logs/)"
if [ "$driver_code" -ne 0 ]; then
  echo "== e2e FAILED"
  exit "$driver_code"
fi
echo "== e2e passed"
