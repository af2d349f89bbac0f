#!/usr/bin/env bash
# Times `cargo check` of a scratch crate whose only code is `docspec_macros::api!` over the
# corpus' whole Graph v1.0 reference, against the same crate selecting one endpoint, and
# prints the ratio. A benchmark, not a test: it prints figures and asserts nothing.
#
#   macros/benches/check_time.sh [ENDPOINT]      (default: user-get)
#
# The scratch crate shares the workspace's Cargo.lock and target dir, so dependencies built
# once are reused; only the crate using the macro is checked in the timed runs, three times
# each (the median is printed). It follows
# the README's advice for large docs folders, `[profile.dev.build-override] opt-level = 3`
# (proc macros and what they use, pulldown-cmark included, optimized), so that the macro does
# not read 3,900 pages unoptimized; `MACRO_OPT=0` leaves it as cargo's default profile does.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${DOCSPEC_CORPUS:-$root/../shared/corpus/graph-2021-07/api-reference/v1.0}
endpoint=${1:-user-get}
if [ ! -d "$corpus" ]; then
    echo "corpus not found at $corpus; nothing to time"
    [ "${DOCSPEC_REQUIRE_CORPUS:-}" = 1 ] && exit 1
    exit 0
fi
corpus=$(cd "$corpus" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src"
cp "$root/Cargo.lock" "$tmp/"
cat > "$tmp/Cargo.toml" <<TOML
[package]
name = "docspec-check-time"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
docspec-macros = { path = "$root/macros" }
docspec-runtime = { path = "$root/runtime" }

[workspace]

[profile.dev.package."*"]
debug = false

[profile.dev]
debug = "line-tables-only"

[profile.dev.build-override]
opt-level = ${MACRO_OPT:-3}
TOML

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
# Every timed check does all the work: with incremental compilation, a repeated check of the
# same code would replay the previous one.
export CARGO_INCREMENTAL=0

lib() { # $1: extra api! arguments, or "none" for a crate without the macro
    if [ "$1" = none ]; then
        echo 'pub fn nothing() {}' > "$tmp/src/lib.rs"
    else
        # `allow_errors`: a few hundred v1.0 pages have errors (invalid example JSON and the
        # like), which would otherwise fail the whole crate.
        printf '#![allow(clippy::all)]\npub mod graph {\n    docspec_macros::api! { docs = "%s", allow_errors = true%s }\n}\n' \
            "$corpus" "$1" > "$tmp/src/lib.rs"
    fi
}

timed_check() { # prints seconds of one `cargo check` of the scratch crate
    touch "$tmp/src/lib.rs"
    local start end
    start=$(date +%s.%N)
    if ! cargo check --quiet --manifest-path "$tmp/Cargo.toml" 2> "$tmp/stderr"; then
        echo "cargo check failed:" >&2
        head -c 4000 "$tmp/stderr" >&2
        exit 1
    fi
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

median3() { # the median of three timed checks of the crate as `lib` last wrote it
    printf '%s\n' "$(timed_check)" "$(timed_check)" "$(timed_check)" | sort -n | sed -n 2p
}

echo "building dependencies once (not timed)..."
lib none
timed_check > /dev/null
baseline=$(median3)

# Each side is the median of three checks, so that neither pays alone for what the first
# expansion warms (the proc macro's library, the 3,900 pages in the page cache).
lib ", endpoints = [\"$endpoint\"]"
one=$(median3)
lib ""
whole=$(median3)

echo "proc macros and their dependencies at opt-level ${MACRO_OPT:-3}"
printf 'cargo check, crate without the macro : %8.2f s (baseline)\n' "$baseline"
printf 'cargo check, api! one endpoint (%s) : %8.2f s\n' "$endpoint" "$one"
printf 'cargo check, api! whole v1.0         : %8.2f s\n' "$whole"
printf 'one endpoint / whole                 : %8.3f (target < 0.05)\n' "$(echo "$one / $whole" | bc -l)"
