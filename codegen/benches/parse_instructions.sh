#!/usr/bin/env bash
# The parse benchmark's pair counted in instructions instead of timed: `docspec_codegen::load`
# of the whole graph-2021-07 corpus against the bare single-threaded pulldown-cmark walk, each
# in a process of its own (the `parse` bench binary's `--child load` and `--child floor`),
# run under valgrind's callgrind. Instructions do not drift with the machine's load as times
# do, so a change of 1% to the load shows here where `cargo bench --bench parse` cannot tell
# it from noise. Prints both counts and their ratio; asserts nothing. The time ratio target
# (1.2, on two cores) needs this ratio near 2.2 or below: the load runs on every core, the
# walk on one, and the load also pays for its memory in the kernel, which this does not count.
#
# Usage: codegen/benches/parse_instructions.sh [callgrind_annotate options]
#   With options (for instance `--inclusive=yes`), also prints callgrind_annotate's profile of
#   the load, which is kept in target/parse_instructions/load.out.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if ! command -v valgrind >/dev/null; then
    echo "installing valgrind..." >&2
    apt-get install -y valgrind >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y valgrind >/dev/null; }
fi
# The bench binary, built as `cargo bench` builds it; its path is the JSON line that names it.
bin=$(cargo bench -q -p docspec-codegen --bench parse --no-run --message-format=json 2>/dev/null |
    grep '"target":{[^}]*"name":"parse"' | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
[ -x "$bin" ] || { echo "could not build the parse bench" >&2; exit 1; }
out="${CARGO_TARGET_DIR:-$root/target}/parse_instructions"
mkdir -p "$out"
count() { # side
    valgrind --tool=callgrind --callgrind-out-file="$out/$1.out" "$bin" --child "$1" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
floor=$(count floor)
load=$(count load)
printf 'floor (read + pulldown-cmark walk, 1 thread): %15d instructions\n' "$floor"
printf 'docspec load (read + parse + resolve):        %15d instructions\n' "$load"
printf 'ratio load / floor: %.3f\n' "$(echo "$load / $floor" | bc -l)"
if [ $# -gt 0 ]; then
    callgrind_annotate "$@" "$out/load.out" | head -80
fi
