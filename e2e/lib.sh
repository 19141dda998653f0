# Shared by install.sh and run.sh (sourced, not run).
#
# The e2e toolchain (code-server 4.100.3 + playwright-core) lives in a cache folder outside the repo:
#   ${SG_LINT_E2E_CACHE:-$HOME/.cache/sg-lint-e2e}/<key>/node_modules/...
# <key> is a hash of e2e/package-lock.json, the Node ABI (native modules are built for it) and
# E2E_RECIPE (bump it when install.sh changes how the tree is built), so a changed lock file or Node
# gets a fresh install and an unchanged one reuses the cache.

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$E2E_DIR/.." && pwd)"
E2E_RECIPE=1
E2E_CACHE_ROOT="${SG_LINT_E2E_CACHE:-$HOME/.cache/sg-lint-e2e}"

e2e_cache_key() {
  {
    cat "$E2E_DIR/package-lock.json"
    echo "node-abi=$(node -p process.versions.modules) arch=$(uname -m) recipe=$E2E_RECIPE"
  } | sha256sum | cut -c1-16
}

E2E_CACHE_DIR="$E2E_CACHE_ROOT/cs-$(e2e_cache_key)"
# Written last by install.sh: a folder without it is a partial install and is redone.
E2E_CACHE_MARKER="$E2E_CACHE_DIR/.sg-lint-e2e-complete"

now_s() { date +%s.%N; }
# Seconds since $1 (from now_s), one decimal.
since() { awk -v a="$1" -v b="$(now_s)" 'BEGIN { printf "%.1f", b - a }'; }
