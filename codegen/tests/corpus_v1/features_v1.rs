//! The whole v1.0 reference generated with `--features-by-area`, then `cargo check`ed with a
//! fixed sample of single areas (`--no-default-features --features AREA`), which must each
//! compile warning-free: the gates of a crate this size hold for areas small and large. The
//! whole crate (`full`, the default) is the same code as the one `contract_v1` builds and
//! replays, checked there. Times are printed, never asserted.

use crate::{scratch_crate, v1};
use std::path::Path;
use std::time::Instant;

/// The sample, by name: areas of different sizes (calls in v1.0, July 2021) and kinds.
const AREAS: [&str; 9] = [
    // 5 calls, one entity set.
    "appcatalogs",
    // 25 calls: cloud communications (`/communications/calls`).
    "communications",
    // 81 calls under `/users`, with its sub-areas (`users_manageddevices`, ...); `user`'s
    // navigation properties (mail, calendars, drives, teams) are fields gated by their
    // types' areas, which it does not turn on.
    "users",
    // 458 calls: Intune, the largest area, with all its sub-areas.
    "devicemanagement",
    // 152 of them, a sub-area alone: Intune's device configurations, their ~30 derived
    // types; it reaches more than 80 types, so it is split again and turns on its 33 parts.
    "devicemanagement_deviceconfigurations",
    // 5 calls of that sub-area, on its collection's paths: those of one derived type's pages.
    "devicemanagement_deviceconfigurations_windows10generalconfiguration",
    // 182 calls under `/me/drive`, a sub-area of `me` reaching 63 types, split again for
    // its many calls down to `/me/drive/items/{id}/workbook`'s parts.
    "me_drive",
    // 76 of them, a sub-area three levels down: a workbook's worksheets.
    "me_drive_items_workbook_worksheets",
    // 1 call whose hits hold any `entity`: the hub's enum has only the variants compiled.
    "search",
];

#[test]
fn single_areas_of_the_v1_reference_compile_alone() {
    let Some(docs) = v1::docs() else {
        return;
    };
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    // Not `graph-v1`: in one target dir, two crates of one name and different model crates
    // (`graph-v1-models-K`) would mix up their metadata.
    let out = tmp.join("features_v1").join("graph-v1-areas");
    let (_, generation) = v1::generate_with(&docs, &out, &["--features-by-area"]);
    let manifest = out.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).expect("generated Cargo.toml");
    for area in AREAS {
        assert!(
            text.contains(&format!("\n{area} = [")),
            "no feature `{area}` in the generated Cargo.toml"
        );
    }
    if !text.contains("\n[workspace]") {
        text.push_str("\n[workspace]\n");
        std::fs::write(&manifest, text).expect("write Cargo.toml");
    }
    v1::lock_like_workspace(&out);
    eprintln!("v1.0 with features by area: docspec generate {generation:.2?}");
    // The target dir `it` checks its crates in: the runtime's dependencies are checked once.
    let target = scratch_crate::check_target();
    let mut failures = Vec::new();
    for area in AREAS {
        let started = Instant::now();
        let checked = v1::cargo(
            &out,
            &target,
            [
                "check",
                "--offline",
                "--message-format",
                "short",
                "--no-default-features",
                "--features",
                area,
            ],
        );
        let took = started.elapsed();
        let stderr = String::from_utf8_lossy(&checked.stderr);
        let mut problems = v1::compiler_problems(&stderr);
        problems.truncate(20);
        eprintln!(
            "cargo check --no-default-features --features {area}: {took:.2?} ({} problems)",
            problems.len()
        );
        if !checked.status.success() || !problems.is_empty() {
            failures.push(format!("{area}:\n{}", problems.join("\n")));
        }
    }
    assert!(
        failures.is_empty(),
        "single areas that do not compile warning-free:\n{}",
        failures.join("\n")
    );
}
