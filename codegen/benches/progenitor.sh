#!/usr/bin/env bash
# docspec's generated client side by side with progenitor's (oxidecomputer's OpenAPI -> Rust
# generator, from crates.io) made from docspec's own OpenAPI 3.0 export of the same docs, in one
# run: generated lines, non-incremental `cargo check` seconds of each generated crate (after its
# dependencies are built; the fastest of RUNS), and the create-participant call in both (in
# v1.0, which has none, invite participants).
# Asserts nothing about timings (they vary with the machine).
#
# Two docs sets: `docs/`, and a slice of the Graph v1.0 reference, the calls and mail paths
# (`docspec openapi --paths` and `docspec generate --paths` with the prefixes of PATHS: whole
# segments, so the same operations and the types they reach on both sides). Where progenitor
# rejects a document, the reason is printed (its error or panic, and each operation it rejects
# when tried alone), and its client is made from the document without those operations (the
# row says how many it kept); where its output does not compile, the compiler's first errors.
#
# Usage: codegen/benches/progenitor.sh
# Environment:
#   DOCS=dir          the v1.0 reference (default: ../shared/corpus/graph-2021-07/api-reference/v1.0)
#   PATHS="/a /b"     the v1.0 slice (default: /communications/calls /me/messages /me/mailFolders)
#   PROGENITOR=x.y.z  the progenitor version, pinned with `=` (default: 0.15.1)
#   RUNS=n            timed checks of each crate, the fastest kept (default: 3)
#   WORK=dir          scratch crates, documents and their target dir (default: target/progenitor)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
v1="${DOCS:-$root/../shared/corpus/graph-2021-07/api-reference/v1.0}"
read -r -a slice <<< "${PATHS:-/communications/calls /me/messages /me/mailFolders}"
version="${PROGENITOR:-0.15.1}"
runs="${RUNS:-3}"
work="${WORK:-$root/target/progenitor}"
mkdir -p "$work"

cargo build -q --release -p docspec-codegen --bin docspec
docspec="${CARGO_TARGET_DIR:-$root/target}/release/docspec"
export CARGO_TARGET_DIR="$work/target"

# The generator: progenitor's build.rs example as a binary (see its doc comment).
gen="$work/progenitor-gen"
mkdir -p "$gen/src"
cat > "$gen/Cargo.toml" <<EOF
[package]
name = "progenitor-gen"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
progenitor = { version = "=$version", default-features = false }
openapiv3 = "2"
serde_json = "1"
serde_path_to_error = "0.1"
syn = { version = "2", features = ["full"] }
prettyplease = "0.2"

[workspace]
EOF
cat > "$gen/src/main.rs" <<'EOF'
//! `progenitor-gen SPEC.json OUT.rs`: progenitor's client for an OpenAPI 3.0 document, made as
//! its build.rs example makes it (`Generator::new(&GenerationSettings::default())`,
//! `generate_tokens`, prettyplease). Written by codegen/benches/progenitor.sh.
//!
//! When progenitor rejects the document (an error or a panic), each operation is tried alone
//! (with every component schema) to name the ones it rejects and why, and the client is made
//! from the document without them. Exit status: 0 the whole document, 3 without the operations
//! listed on stderr as `rejected: METHOD PATH (operationId; success responses): reason`,
//! 1 nothing.
use openapiv3::{OpenAPI, Operation, ReferenceOr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::ExitCode;
use std::sync::Mutex;

static PANIC: Mutex<String> = Mutex::new(String::new());

/// progenitor's client for `spec`, or why not (its error, or its panic's message and place).
fn generate(spec: &OpenAPI) -> Result<String, String> {
    let run = catch_unwind(AssertUnwindSafe(|| {
        let settings = progenitor::GenerationSettings::default();
        progenitor::Generator::new(&settings).generate_tokens(spec)
    }));
    let tokens = match run {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => return Err(format!("error: {e}")),
        Err(_) => return Err(PANIC.lock().map(|m| m.clone()).unwrap_or_default()),
    };
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| format!("output does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

/// `spec` with only the operations `pick(path, method)` accepts.
fn filtered(spec: &OpenAPI, pick: &dyn Fn(&str, &str) -> bool) -> OpenAPI {
    let mut out = spec.clone();
    for (path, item) in out.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else { continue };
        for (method, slot) in [
            ("get", &mut item.get), ("put", &mut item.put), ("post", &mut item.post),
            ("delete", &mut item.delete), ("options", &mut item.options),
            ("head", &mut item.head), ("patch", &mut item.patch), ("trace", &mut item.trace),
        ] {
            if slot.is_some() && !pick(path, method) {
                *slot = None;
            }
        }
    }
    out
}

/// `200 mailFolder, 201 {}, 204 no body`: the 2xx responses of `op` and their JSON schemas.
fn successes(op: &Operation) -> String {
    let mut out = Vec::new();
    for (status, response) in &op.responses.responses {
        let status = status.to_string();
        if !status.starts_with('2') {
            continue;
        }
        let what = match response {
            ReferenceOr::Reference { reference } => reference.clone(),
            ReferenceOr::Item(r) => match r.content.iter().next() {
                None => "no body".to_string(),
                Some((media, content)) => match &content.schema {
                    Some(ReferenceOr::Reference { reference }) => {
                        reference.rsplit('/').next().unwrap_or(reference).to_string()
                    }
                    Some(ReferenceOr::Item(s)) => {
                        let json = serde_json::to_string(s).unwrap_or_default();
                        format!("{media} {}", if json.len() > 40 { "(inline schema)" } else { &json })
                    }
                    None => format!("{media} without schema"),
                },
            },
        };
        out.push(format!("{status} {what}"));
    }
    out.join(", ")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(spec), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: progenitor-gen SPEC.json OUT.rs");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(spec) {
        Ok(t) => t,
        Err(e) => { eprintln!("cannot read {spec}: {e}"); return ExitCode::from(2); }
    };
    let de = &mut serde_json::Deserializer::from_str(&text);
    let spec: OpenAPI = match serde_path_to_error::deserialize(de) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("openapiv3 (progenitor's reader) cannot read the document at `{}`: {}", e.path(), e.inner());
            return ExitCode::FAILURE;
        }
    };
    std::panic::set_hook(Box::new(|info| {
        let msg = info.payload().downcast_ref::<&str>().map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info.location()
            .map(|l| format!(" (panic at progenitor-impl {}:{})", l.file().rsplit_once("/src/").map_or(l.file(), |(_, f)| f), l.line()))
            .unwrap_or_default();
        if let Ok(mut m) = PANIC.lock() { *m = format!("panic: {msg}{at}"); }
    }));
    let (code, text) = match generate(&spec) {
        Ok(text) => (ExitCode::SUCCESS, text),
        Err(whole) => {
            eprintln!("progenitor rejects the document: {whole}");
            let mut rejected: Vec<(String, String)> = Vec::new();
            for (path, item) in spec.paths.paths.iter() {
                let ReferenceOr::Item(item) = item else { continue };
                for (method, op) in item.iter() {
                    let alone = filtered(&spec, &|p, m| p == path && m == method);
                    if let Err(why) = generate(&alone) {
                        let id = op.operation_id.clone().unwrap_or_default();
                        eprintln!("rejected: {} {path} ({id}; {}): {why}", method.to_uppercase(), successes(op));
                        rejected.push((path.clone(), method.to_string()));
                    }
                }
            }
            let rest = filtered(&spec, &|p, m| !rejected.iter().any(|(rp, rm)| rp == p && rm == m));
            match generate(&rest) {
                Ok(text) => (ExitCode::from(3), text),
                Err(why) => {
                    eprintln!("progenitor rejects the rest too: {why}");
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    if let Err(e) = std::fs::write(out, text) {
        eprintln!("cannot write {out}: {e}");
        return ExitCode::from(2);
    }
    code
}
EOF
(cd "$gen" && cargo build -q --release)
progenitor_gen="$CARGO_TARGET_DIR/release/progenitor-gen"

# The dependencies of progenitor's generated code (its README's list).
progenitor_manifest() { # name
    cat <<EOF
[package]
name = "$1"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
progenitor-client = "=$version"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
futures = "0.3"
bytes = "1"
chrono = { version = "0.4", features = ["serde"] }
uuid = { version = "1", features = ["serde", "v4"] }
regress = "0.10"

[workspace]
EOF
}

# Lines of the Rust that `cargo check` compiles: docspec's lib.rs, models.rs, requests.rs
# (contract.rs is behind the `contract` feature), progenitor's one file.
lines() { # crate
    local files=("$1/src/lib.rs")
    [ -f "$1/src/models.rs" ] && files+=("$1/src/models.rs" "$1/src/requests.rs")
    cat "${files[@]}" | wc -l
}

check() { # crate; prints the seconds of the fastest of $runs non-incremental checks
    local best="" start end t
    for _ in $(seq "$runs"); do
        touch "$1/src/lib.rs"
        start=$(date +%s.%N)
        (cd "$1" && CARGO_INCREMENTAL=0 cargo check -q --offline)
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
    done
    echo "$best"
}

indent() { sed 's/^/    /'; }

# What `cargo check` says is wrong with crate $1, briefly.
first_errors() {
    (cd "$1" && cargo check --offline --message-format short 2>&1) \
        | grep -E '^(src/|error)' | head -n 12 | indent || true
}

# The create-participant call in each client: $1 crate, $2 route; the signature after the doc
# line naming the route (docspec: "`POST /x`", progenitor: "Sends a `POST` request to `/x`").
signature() { # file marker
    awk -v marker="$2" '
        index($0, marker) { found = 1; next }
        found && /pub (async )?fn / { printing = 1 }
        printing { sub(/^    /, ""); print; if ($0 ~ /\{ *$/) exit }
    ' "$1"
}
show_call() { # set route docspec-crate progenitor-crate
    local sig enum call args
    printf '\n%s: POST %s\n' "$1" "$2"
    sig=$(signature "$3/src/requests.rs" "\`POST $2\`")
    if [ -n "$sig" ]; then
        printf '  docspec (%s):\n%s\n' "${3#"$root"/}/src/requests.rs" "$(indent <<< "$sig")"
        enum=$(grep -oE 'path: [A-Za-z]+Path' <<< "$sig" | sed 's/path: //' || true)
        if [ -n "$enum" ]; then
            awk -v head="pub enum $enum<" 'index($0, head) { p = 1 } p { print "    " $0 } p && /^}/ { exit }' \
                "$3/src/requests.rs"
        fi
        call=$(grep -oE 'fn [a-z_0-9]+' <<< "$sig" | head -n 1 | sed 's/fn //')
        args=$(grep -oE '^ *[a-z_]+: &?' <<< "$sig" | sed -E 's/ //g; s/^([a-z_]+):(&?)$/\2\1/' \
            | paste -sd, - | sed 's/,/, /g')
        printf '    usage: let created = graph.%s(%s).await?;\n' "$call" "$args"
    else
        printf "  docspec: no call documents \`POST %s\`\n" "$2"
    fi
    if [ ! -f "$4/src/lib.rs" ]; then
        printf '  progenitor: no client\n'
        return
    fi
    sig=$(signature "$4/src/lib.rs" "Sends a \`POST\` request to \`$2\`")
    if [ -n "$sig" ]; then
        printf '  progenitor (%s):\n%s\n' "${4#"$root"/}/src/lib.rs" "$(indent <<< "$sig")"
        call=$(grep -oE 'fn [a-z_0-9]+' <<< "$sig" | head -n 1 | sed 's/fn //')
        args=$(grep -oE "^ *[a-z_]+: &'a" <<< "$sig" | sed -E "s/ //g; s/:&'a//" \
            | sed -E 's/^body$/\&body/' | paste -sd, - | sed 's/,/, /g')
        printf '    usage: let created = client.%s(%s).await?.into_inner();\n' "$call" "$args"
    else
        printf "  progenitor: no operation for \`POST %s\` (rejected above?)\n" "$2"
    fi
}

# The docs sets: name, docs, the participant call to show, and `--paths` arguments. v1.0 has no
# page that creates a participant (POST .../participants); its nearest call is invite.
sets=("docs/" "v1.0 calls+mail")
declare -A docs_of=(["docs/"]="$root/docs" ["v1.0 calls+mail"]="$v1")
declare -A route_of=(["docs/"]="/app/calls/{id}/participants"
    ["v1.0 calls+mail"]="/communications/calls/{id}/participants/invite")
declare -A dir_of=(["docs/"]="docs" ["v1.0 calls+mail"]="v1-calls-mail")
paths_args=()
for p in "${slice[@]}"; do paths_args+=(--paths "$p"); done

declare -A kept_of rows
notes=()
for set in "${sets[@]}"; do
    dir="$work/${dir_of[$set]}"
    mkdir -p "$dir"
    args=()
    [ "$set" = "docs/" ] || args=("${paths_args[@]}")
    # Errors in pages outside what is exported fail the command after it wrote the document.
    "$docspec" openapi "${docs_of[$set]}" --spec 3.0 "${args[@]}" --out "$dir/openapi.json" \
        2> "$dir/openapi.stderr" || true
    [ -s "$dir/openapi.json" ] || { cat "$dir/openapi.stderr" >&2; exit 1; }
    ops=$(jq '[.paths[] | to_entries[] | select(.key | test("^(get|put|post|delete|patch|options|head|trace)$"))] | length' \
        "$dir/openapi.json")
    "$docspec" generate --docs "${docs_of[$set]}" --out "$dir/docspec" --runtime "$root/runtime" \
        --crate-name "docspec-${dir_of[$set]}" "${args[@]}" 2> "$dir/generate.stderr" || true
    grep -q '^\[workspace\]' "$dir/docspec/Cargo.toml" || printf '\n[workspace]\n' >> "$dir/docspec/Cargo.toml"
    cp "$root/Cargo.lock" "$dir/docspec/"

    mkdir -p "$dir/progenitor/src"
    progenitor_manifest "progenitor-${dir_of[$set]}" > "$dir/progenitor/Cargo.toml"
    status=0
    "$progenitor_gen" "$dir/openapi.json" "$dir/progenitor/src/lib.rs" 2> "$dir/progenitor.stderr" \
        || status=$?
    kept_of[$set]="$ops"
    case $status in
        0) ;;
        3)
            rejected=$(grep -c '^rejected: ' "$dir/progenitor.stderr" || true)
            kept_of[$set]="$((ops - rejected))"
            notes+=("$set: progenitor $version rejects $rejected of $ops operations; its client has the other $((ops - rejected)):"
                "$(indent < "$dir/progenitor.stderr")")
            ;;
        *)
            rm -f "$dir/progenitor/src/lib.rs"
            notes+=("$set: progenitor $version makes no client:" "$(indent < "$dir/progenitor.stderr")")
            ;;
    esac
    rows[$set]="$ops"
done

# Dependencies first (progenitor's from crates.io), so that no timing below includes them.
for set in "${sets[@]}"; do
    dir="$work/${dir_of[$set]}"
    (cd "$dir/docspec" && cargo check -q --offline 2> /dev/null) || true
    if [ -f "$dir/progenitor/src/lib.rs" ]; then
        (cd "$dir/progenitor" && cargo check -q 2> /dev/null) || true
    fi
done

printf '\n%-16s %-19s %5s %8s %7s %9s %7s\n' "docs set" "generator" "ops" "lines" "lines×" \
    "check s" "check×"
for set in "${sets[@]}"; do
    dir="$work/${dir_of[$set]}"
    d_lines=$(lines "$dir/docspec")
    if (cd "$dir/docspec" && cargo check -q --offline 2> /dev/null); then
        d_check=$(check "$dir/docspec")
        printf '%-16s %-19s %5s %8s %7s %9.1f %7s\n' "$set" "docspec" "${rows[$set]}" "$d_lines" \
            "1.00" "$d_check" "1.00"
    else
        d_check=""
        printf '%-16s %-19s %5s %8s %7s %9s\n' "$set" "docspec" "${rows[$set]}" "$d_lines" "1.00" \
            "fails"
        notes+=("$set: docspec's crate does not compile:" "$(first_errors "$dir/docspec")")
    fi
    if [ ! -f "$dir/progenitor/src/lib.rs" ]; then
        printf '%-16s %-19s %5s %8s\n' "$set" "progenitor $version" "-" "none"
        continue
    fi
    p_lines=$(lines "$dir/progenitor")
    l_ratio=$(echo "scale=2; $p_lines / $d_lines" | bc)
    if (cd "$dir/progenitor" && cargo check -q --offline 2> /dev/null); then
        p_check=$(check "$dir/progenitor")
        c_ratio="-"
        [ -z "$d_check" ] || c_ratio=$(echo "scale=2; $p_check / $d_check" | bc)
        printf '%-16s %-19s %5s %8s %7s %9.1f %7s\n' "$set" "progenitor $version" \
            "${kept_of[$set]}" "$p_lines" "$l_ratio" "$p_check" "$c_ratio"
    else
        printf '%-16s %-19s %5s %8s %7s %9s\n' "$set" "progenitor $version" "${kept_of[$set]}" \
            "$p_lines" "$l_ratio" "fails"
        notes+=("$set: progenitor's client does not compile:" "$(first_errors "$dir/progenitor")")
    fi
done
printf '(ops: operations in the OpenAPI document, one per method and path; a docspec call serves\n'
printf ' every path of its page. cargo check: non-incremental, dependencies built, fastest of %s.)\n' \
    "$runs"

for set in "${sets[@]}"; do
    dir="$work/${dir_of[$set]}"
    show_call "$set" "${route_of[$set]}" "$dir/docspec" "$dir/progenitor"
done

if [ ${#notes[@]} -gt 0 ]; then
    printf '\n'
    printf '%s\n' "${notes[@]}"
fi
