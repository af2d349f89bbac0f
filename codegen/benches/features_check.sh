#!/usr/bin/env bash
# `cargo check` time of the whole Graph v1.0 client against the same crate generated with
# `--features-by-area` and checked with one area (`--no-default-features --features AREA`),
# in the same run and target dir, without incremental compilation (each check recompiles the
# crate and its model crates from scratch after a `touch`). Also the whole crate with its
# models in one crate (`--model-crates 1`), as before the split. Each figure is the median of
# `RUNS` checks (default 3): on a shared 2-core machine one check of an area varies by half
# from run to run. Prints seconds and the share of the whole crate's time; asserts no time (timings vary with the machine), but stops at a
# check that fails to compile.
#
# Usage: codegen/benches/features_check.sh [AREA...]   (default: appcatalogs communications
#        users devicemanagement)
#        codegen/benches/features_check.sh --all          (every feature, areas and sub-areas,
#        then how many check in under 10% of the whole crate's time, and the slowest five)
# Environment:
#   DOCS=dir   the v1.0 reference (default: ../shared/corpus/graph-2021-07/api-reference/v1.0)
#   WORK=dir   where the crates and their target dir go (default: target/features_check)
#   RUNS=n     checks per figure, of which the median is printed (default 3)
#   ONE_CRATE=0  skip the whole crate with its models in one crate (for beta:
#              DOCS=../shared/corpus/graph-2021-07/api-reference/beta ONE_CRATE=0
#              WORK=target/features_check_beta)
set -euo pipefail
# A check that fails stops the script, from inside `$(...)` too.
shopt -s inherit_errexit

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
docs="${DOCS:-$root/../shared/corpus/graph-2021-07/api-reference/v1.0}"
work="${WORK:-$root/target/features_check}"
areas=("$@")
[ ${#areas[@]} -gt 0 ] || areas=(appcatalogs communications users devicemanagement)
mkdir -p "$work"

cargo build -q --release -p docspec-codegen --bin docspec
docspec="${CARGO_TARGET_DIR:-$root/target}/release/docspec"
generate() { # out name [flags]; the names differ, as crates of one name would share a
    # target dir's metadata
    local out="$1" name="$2"; shift 2
    "$docspec" generate --docs "$docs" --out "$out" --crate-name "$name" \
        --runtime "$root/runtime" "$@" 2>/dev/null || true
    grep -q '^\[workspace\]' "$out/Cargo.toml" || printf '\n[workspace]\n' >> "$out/Cargo.toml"
    cp "$root/Cargo.lock" "$out/"
}
generate "$work/whole" graph-v1
# One crate of whole beta takes half an hour and 6 GB: `ONE_CRATE=0` leaves it out.
one_crate="${ONE_CRATE:-1}"
if [ "$one_crate" = 1 ]; then
    generate "$work/one-models-crate" graph-v1-one --model-crates 1
fi
generate "$work/by-area" graph-v1-areas --features-by-area

export CARGO_TARGET_DIR="$work/target" CARGO_INCREMENTAL=0
# Dependencies first, so that no timing below includes them.
(cd "$work/whole" && cargo check -q --offline)
runs="${RUNS:-3}"
check() { # dir [flags]; prints the median seconds of $runs checks
    local dir="$1"; shift
    local start end times=()
    for _ in $(seq "$runs"); do
        touch "$dir/src/lib.rs"
        if [ -d "$dir/parts" ]; then touch "$dir"/parts/*/src/lib.rs; fi
        start=$(date +%s.%N)
        (cd "$dir" && cargo check -q --offline "$@")
        end=$(date +%s.%N)
        times+=("$(echo "$end - $start" | bc)")
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}
whole=$(check "$work/whole")
printf '%-75s %7.1fs\n' "cargo check (whole crate, no features)" "$whole"
if [ "$one_crate" = 1 ]; then
    one=$(check "$work/one-models-crate")
    printf '%-75s %7.1fs %5.1f%%\n' "cargo check (whole crate, --model-crates 1)" "$one" \
        "$(echo "100 * $one / $whole" | bc -l)"
fi
full=$(check "$work/by-area")
printf '%-75s %7.1fs %5.1f%%\n' "cargo check (by area, default features = full)" "$full" \
    "$(echo "100 * $full / $whole" | bc -l)"
if [ "${areas[0]}" = "--all" ]; then
    # Every feature the by-area crate declares but `default`, `full`, `contract` and the
    # internal `_...` ones.
    mapfile -t areas < <(sed -n '/^\[features\]/,/^\[/p' "$work/by-area/Cargo.toml" |
        grep -oE '^[a-z][a-z0-9_]* =' | cut -d' ' -f1 | grep -vxE 'default|full|contract')
fi
results=()
for area in "${areas[@]}"; do
    t=$(check "$work/by-area" --no-default-features --features "$area")
    share=$(echo "100 * $t / $whole" | bc -l)
    results+=("$share $area")
    printf '%-75s %7.1fs %5.1f%%\n' "cargo check --no-default-features --features $area" "$t" \
        "$share"
done
if [ ${#areas[@]} -gt 8 ]; then
    under=$(printf '%s\n' "${results[@]}" | awk '$1 < 10' | wc -l)
    echo "$under of ${#areas[@]} features check in under 10% of the whole crate's time; the slowest:"
    printf '%s\n' "${results[@]}" | sort -rn | head -5 | awk '{printf "  %-60s %5.1f%%\n", $2, $1}'
fi
