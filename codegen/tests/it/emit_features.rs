//! Cargo features by area (`Options::features_by_area`) on a small hand-built model
//! (`tests/fixtures/areas.json`: five areas, a base type with derived types, an enum, a type
//! no endpoint reaches): the gates are the rule's (an endpoint's items behind the feature of
//! the first segment of its first path, a type behind every area that reaches it, by a
//! `_sharedN` feature past three areas), and the crate compiles warning-free with each area
//! alone, with none, with the contract module, and with everything.

use crate::scratch_crate::{cargo, write_denying_warnings};
use docspec_codegen::emit::{self, Options};
use docspec_codegen::model::Api;
use std::collections::BTreeMap;

const AREAS: [&str; 5] = ["drives", "groups", "me", "sites", "users"];

fn files() -> BTreeMap<String, String> {
    files_in("graph-areas", None)
}

/// The crate `name`, its models in `model_crates` crates.
fn files_in(name: &str, model_crates: Option<usize>) -> BTreeMap<String, String> {
    let api: Api = serde_json::from_value(fixture()).unwrap();
    let opts = Options {
        crate_name: name.to_string(),
        features_by_area: true,
        model_crates,
        ..Options::default()
    };
    generate(&api, &opts)
}

/// The files of the crate generated from `api` with `opts`, which must raise no diagnostic.
fn generate(api: &Api, opts: &Options) -> BTreeMap<String, String> {
    let generated = emit::crate_files(api, opts);
    assert!(
        generated.diagnostics.is_empty(),
        "{:?}",
        generated.diagnostics
    );
    generated.files
}

/// [`gates`] of the module `prefix` (`src/requests`): its file and the files of its modules
/// by area (`src/requests/area_users.rs`), whose items keep their own `cfg`.
fn gates_of(files: &BTreeMap<String, String>, prefix: &str) -> BTreeMap<String, String> {
    files
        .iter()
        .filter(|(path, _)| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest == ".rs" || rest.starts_with('/'))
        })
        .flat_map(|(_, text)| gates(text))
        .collect()
}

/// The `cfg` attribute of each top-level item of `text` that has a name (struct, enum, and
/// `impl Graph` blocks by their method), as written (`feature = "app"`, `any (...)`), or
/// `""` for none.
fn gates(text: &str) -> BTreeMap<String, String> {
    let file = syn::parse_file(text).unwrap();
    let mut out = BTreeMap::new();
    let cfg = |attrs: &[syn::Attribute]| {
        attrs
            .iter()
            .find(|a| a.path().is_ident("cfg"))
            .map(|a| match &a.meta {
                syn::Meta::List(l) => l.tokens.to_string(),
                _ => String::new(),
            })
            .unwrap_or_default()
    };
    for item in &file.items {
        match item {
            syn::Item::Struct(s) => {
                out.insert(s.ident.to_string(), cfg(&s.attrs));
            }
            syn::Item::Enum(e) => {
                out.insert(e.ident.to_string(), cfg(&e.attrs));
            }
            syn::Item::Impl(i)
                if i.trait_.is_none()
                    && matches!(&*i.self_ty, syn::Type::Path(p) if p.path.is_ident("Graph")) =>
            {
                for f in &i.items {
                    if let syn::ImplItem::Fn(f) = f {
                        if f.sig.ident != "new" && f.sig.ident != "client" {
                            out.insert(format!("fn {}", f.sig.ident), cfg(&i.attrs));
                        }
                    }
                }
            }
            syn::Item::Mod(m) => {
                for item in m.content.iter().flat_map(|(_, items)| items) {
                    if let syn::Item::Enum(e) = item {
                        out.insert(format!("ops::{}", e.ident), cfg(&e.attrs));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn gates_follow_the_first_path_segment_and_what_each_area_reaches() {
    let files = files();
    let manifest = &files["Cargo.toml"];
    assert!(
        manifest.contains(
            "default = [\"full\"]\nfull = [\n    \"drives\",\n    \"groups\",\n    \"me\",\n    \
             \"sites\",\n    \"users\",\n]\n_shared1 = []\ndrives = [\"_shared1\"] # 1 call\n\
             groups = [\"_shared1\"] # 2 calls\nme = [\"_shared1\"] # 1 call\nsites = [] # 1 call\n\
             users = [\"_shared1\"] # 1 call\n"
        ),
        "{manifest}"
    );
    let lib = &files["src/lib.rs"];
    assert!(
        lib.contains("//! * `groups`: 2 calls under `/groups`, 6 types\n"),
        "{lib}"
    );

    let feature = |a: &str| format!("feature = \"{a}\"");
    let requests = gates_of(&files, "src/requests");
    assert_eq!(requests["Graph"], "", "the client is always compiled");
    // One area per endpoint, by its first path: `GET /users/{id}` and `GET /me` are `users`,
    // `GET /sites/{id}` and `GET /groups/{id}/sites/root` are `sites`.
    for (item, area) in [
        ("fn drive_get", "drives"),
        ("ops::DriveGet", "drives"),
        ("fn group_get", "groups"),
        ("fn group_post_owners", "groups"),
        ("fn user_get", "users"),
        ("ops::UserGet", "users"),
        ("UserGetPath", "users"),
        ("fn site_get", "sites"),
        ("SiteGetPath", "sites"),
        ("fn me_get_photo", "me"),
        ("ops::MeGetPhoto", "me"),
    ] {
        assert_eq!(
            requests.get(item),
            Some(&feature(area)),
            "{item}: {requests:#?}"
        );
    }
    assert_eq!(
        requests.values().filter(|g| g.is_empty()).count(),
        1,
        "only the client is ungated: {requests:#?}"
    );

    let models = gates_of(&files, "src/models");
    let three = "any (feature = \"drives\" , feature = \"groups\" , feature = \"users\")";
    for (item, gate) in [
        // Reached by every area (`me` through `photo.takenBy`).
        ("Identity", String::new()),
        // The body struct of `POST /groups/{id}/owners/$ref`.
        ("GroupPostOwnersBody", feature("groups")),
        ("Site", feature("sites")),
        ("Drive", feature("drives")),
        // Reached through `user.manager`, whose derived types come along.
        ("User", three.to_string()),
        ("Group", three.to_string()),
        ("DirectoryObject", three.to_string()),
        ("AnyDirectoryObject", three.to_string()),
        // Four areas: a feature of that set, which each of them turns on.
        ("Photo", feature("_shared1")),
        ("Color", feature("_shared1")),
        // No endpoint reaches it.
        ("Orphan", feature("full")),
    ] {
        assert_eq!(models.get(item), Some(&gate), "{item}: {models:#?}");
    }
}

/// The `cfg` of each field of struct `name` in `text` that has one, by field name.
fn field_gates(text: &str, name: &str) -> BTreeMap<String, String> {
    let file = syn::parse_file(text).unwrap();
    let mut out = BTreeMap::new();
    for item in &file.items {
        let syn::Item::Struct(s) = item else { continue };
        if s.ident != name {
            continue;
        }
        for f in &s.fields {
            for a in f.attrs.iter().filter(|a| a.path().is_ident("cfg")) {
                if let (Some(id), syn::Meta::List(l)) = (&f.ident, &a.meta) {
                    out.insert(id.to_string(), l.tokens.to_string());
                }
            }
        }
    }
    out
}

/// Navigation properties are not followed: `site.drive` does not bring `Drive` into `sites`;
/// the field is gated like `Drive` itself (and the member kept as JSON without it), and
/// `directoryObject.sites`, inherited by `user` and `group`, is gated like `Site` on each of
/// them and on `AnyDirectoryObject`'s accessor.
#[test]
fn navigation_fields_are_gated_like_their_type() {
    let files = files();
    // The module and the files of its modules by area, as one text.
    let models = &files
        .iter()
        .filter(|(path, _)| *path == "src/models.rs" || path.starts_with("src/models/"))
        .map(|(_, text)| text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let sites = "feature = \"sites\"".to_string();
    assert_eq!(
        gates(models).get("Drive"),
        Some(&"feature = \"drives\"".to_string())
    );
    assert_eq!(
        field_gates(models, "Site"),
        BTreeMap::from([("drive".to_string(), "feature = \"drives\"".to_string())])
    );
    for owner in ["User", "Group", "DirectoryObject"] {
        assert_eq!(
            field_gates(models, owner),
            BTreeMap::from([("sites".to_string(), sites.clone())]),
            "{owner}"
        );
    }
    let file = syn::parse_file(models).unwrap();
    let accessor = file
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Impl(i)
                if quote::ToTokens::to_token_stream(&i.self_ty).to_string()
                    == "AnyDirectoryObject" =>
            {
                Some(i)
            }
            _ => None,
        })
        .flat_map(|i| &i.items)
        .find_map(|i| match i {
            syn::ImplItem::Fn(f) if f.sig.ident == "sites" => Some(f),
            _ => None,
        })
        .expect("AnyDirectoryObject::sites");
    let cfg = accessor
        .attrs
        .iter()
        .find(|a| a.path().is_ident("cfg"))
        .map(|a| quote::ToTokens::to_token_stream(&a.meta).to_string());
    assert_eq!(cfg.as_deref(), Some("cfg (feature = \"sites\")"));
    // Without the field, the member is kept: the read falls through to `object::keep`.
    assert!(models.contains("_ => rt::object::keep(self, index, map),"));
    // And the crate docs say so.
    let docs: Vec<&str> = files["src/lib.rs"]
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(str::trim)
        .collect();
    assert!(
        docs.join(" ").contains(
            "navigation property (`$expand`) whose type no enabled area compiles is no field:"
        ),
        "{docs:#?}"
    );
}

#[test]
fn the_crate_compiles_warning_free_with_each_area_alone_and_with_all() {
    compiles_with_each_area_alone_and_with_all("graph-areas", &files());
}

/// With the models in crates of their own, each feature reaches them too: an area alone
/// compiles even where a model crate then holds nothing it uses.
#[test]
fn split_models_compile_warning_free_with_each_area_alone_and_with_all() {
    let files = files_in("graph-areas-split", Some(3));
    assert!(
        files.contains_key("parts/models-2/src/lib.rs"),
        "not split: {:?}",
        files.keys()
    );
    compiles_with_each_area_alone_and_with_all("graph-areas-split", &files);
}

fn compiles_with_each_area_alone_and_with_all(name: &str, files: &BTreeMap<String, String>) {
    let dir = write_denying_warnings("emit_features", name, files);
    for area in AREAS {
        cargo(
            &dir,
            &["check", "--no-default-features", "--features", area],
        );
    }
    for args in [
        &["check", "--no-default-features"][..],
        &[
            "check",
            "--no-default-features",
            "--features",
            "sites,contract",
        ],
        &["check", "--features", "contract"],
    ] {
        cargo(&dir, args);
    }
}

/// The model of `tests/fixtures/areas.json`, as JSON, for a test to add to.
fn fixture() -> serde_json::Value {
    let path = format!("{}/tests/fixtures/areas.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A structural property `name` of type `ty`, as the model's JSON writes it.
fn property(name: &str, ty: &str) -> serde_json::Value {
    serde_json::json!({
        "name": name, "type": {"name": ty, "collection": false}, "description": null,
        "navigation": false, "required": false, "source": {"file": "resources/x.md", "line": 1}
    })
}

/// A resource `name` of `kind` (`complex`, `entity`) derived from `base`.
fn resource(
    name: &str,
    kind: &str,
    base: Option<&str>,
    properties: Vec<serde_json::Value>,
) -> serde_json::Value {
    serde_json::json!({
        "name": name, "namespace": "microsoft.graph", "kind": kind, "description": null,
        "base_type": base, "abstract": false, "open_type": false, "properties": properties,
        "members": [], "source": {"file": format!("resources/{name}.md"), "line": 1}
    })
}

/// An endpoint from its page `name`: `method path`, answering one `answer` (200) or nothing
/// (204).
fn endpoint(name: &str, method: &str, path: &str, answer: Option<&str>) -> serde_json::Value {
    let responses = match answer {
        Some(t) => serde_json::json!([{"status": 200, "type": {"name": t, "collection": false}}]),
        None => serde_json::json!([{"status": 204, "type": null}]),
    };
    serde_json::json!({
        "name": name, "title": name, "description": null, "method": method,
        "paths": [path], "path_params": [],
        "permissions": {"delegated_work": [], "delegated_personal": [], "application": []},
        "headers": [], "request_body": null, "responses": responses, "examples": [],
        "source": {"file": format!("api/{name}.md"), "line": 1}
    })
}

/// An area whose calls reach more types than the split threshold: `/big` (90 types through
/// `GET /big`), with two collections of two calls each, one behind a placeholder, an action of
/// one call that reaches no type, and one that reaches 12 types of its own (`report`).
fn big_area() -> Api {
    serde_json::from_value(big_area_json()).unwrap()
}

/// [`big_area`] as JSON, for a test to add to.
fn big_area_json() -> serde_json::Value {
    let mut api = fixture();
    let types = api["types"].as_array_mut().unwrap();
    for (holder, leaf, n) in [("wide", "part", 90), ("report", "line", 11)] {
        // `holder` has a property of each of `n` types `{leaf}0`, `{leaf}1`, ...
        let leaves: Vec<String> = (0..n).map(|k| format!("{leaf}{k}")).collect();
        let properties = leaves.iter().map(|l| property(l, l)).collect();
        types.push(resource(holder, "complex", None, properties));
        for l in &leaves {
            let id = vec![property("id", "String")];
            types.push(resource(l, "complex", None, id));
        }
    }
    for name in ["alphaItem", "betaItem"] {
        types.push(resource(
            name,
            "complex",
            None,
            vec![property("id", "String")],
        ));
    }
    let endpoints = api["endpoints"].as_array_mut().unwrap();
    endpoints.extend([
        endpoint("big-get", "GET", "/big", Some("wide")),
        endpoint("big-alpha-list", "GET", "/big/alpha", Some("alphaItem")),
        endpoint(
            "big-alpha-get",
            "GET",
            "/big/alpha/{alpha-id}",
            Some("alphaItem"),
        ),
        endpoint(
            "big-beta-get",
            "GET",
            "/big/{big-id}/beta",
            Some("betaItem"),
        ),
        endpoint(
            "big-beta-delete",
            "DELETE",
            "/big/{big-id}/beta/{beta-id}",
            None,
        ),
        endpoint("big-renew", "POST", "/big/{big-id}/renew", None),
        endpoint("big-report", "GET", "/big/{big-id}/report", Some("report")),
    ]);
    api
}

#[test]
fn an_area_reaching_many_types_is_split_into_sub_areas_it_turns_on() {
    let opts = Options {
        crate_name: "graph-big-area".to_string(),
        features_by_area: true,
        ..Options::default()
    };
    let files = generate(&big_area(), &opts);
    let manifest = &files["Cargo.toml"];
    // Two calls or more under a segment make a sub-area, and so does one call that reaches
    // more than 10 types `GET /big` does not (`report`); the other calls (here `GET /big` and
    // an action that reaches no type) are `big_own`, and the area turns them all on.
    assert!(
        manifest.contains(
            "\nbig = [\"big_alpha\", \"big_beta\", \"big_own\", \"big_report\"] # 4 sub-areas\n"
        ),
        "{manifest}"
    );
    assert!(
        manifest.contains("\nbig_report = [] # 1 call\n"),
        "{manifest}"
    );
    assert!(
        manifest.contains("\nbig_own = [] # 2 calls\n"),
        "{manifest}"
    );
    assert!(
        manifest.contains("\nbig_alpha = [] # 2 calls\n"),
        "{manifest}"
    );
    assert!(
        manifest.contains("\nbig_beta = [] # 2 calls\n"),
        "{manifest}"
    );
    let feature = |a: &str| format!("feature = \"{a}\"");
    let requests = gates_of(&files, "src/requests");
    for (item, area) in [
        ("fn big_get", "big_own"),
        ("fn big_renew", "big_own"),
        ("fn big_report", "big_report"),
        ("fn big_alpha_list", "big_alpha"),
        ("fn big_alpha_get", "big_alpha"),
        ("fn big_beta_get", "big_beta"),
        ("fn big_beta_delete", "big_beta"),
        // Areas that reach few types are not split.
        ("fn group_post_owners", "groups"),
    ] {
        assert_eq!(
            requests.get(item),
            Some(&feature(area)),
            "{item}: {requests:#?}"
        );
    }
    let models = gates_of(&files, "src/models");
    assert_eq!(models.get("AlphaItem"), Some(&feature("big_alpha")));
    assert_eq!(models.get("Part7"), Some(&feature("big_own")));
    assert_eq!(models.get("Line3"), Some(&feature("big_report")));
    let lib = &files["src/lib.rs"];
    assert!(
        lib.contains(
            "//! * `big`: under `/big`; turns on its 4 sub-areas:\n\
             //!   * `big_alpha`: 2 calls under `/big/alpha`, 1 type\n\
             //!   * `big_beta`: 2 calls under `/big/{big-id}/beta`, 1 type\n\
             //!   * `big_own`: 2 calls under `/big`, 91 types\n\
             //!   * `big_report`: 1 call under `/big/{big-id}/report`, 12 types\n"
        ),
        "{lib}"
    );
    let dir = write_denying_warnings("emit_features", "graph-big-area", &files);
    for area in ["big_alpha", "big_beta", "big_own", "big_report", "big"] {
        cargo(
            &dir,
            &["check", "--no-default-features", "--features", area],
        );
    }
    // Each gate's items are a module in a file of its own, which rustc reads only when the
    // gate is on.
    assert!(
        files["src/requests.rs"].contains("#[cfg(feature = \"big_alpha\")]\nmod area_big_alpha;\n"),
        "{}",
        files["src/requests.rs"]
    );
    assert!(files["src/requests/area_big_alpha.rs"].contains("pub fn big_alpha_get("));
    // rustdoc shows no `cfg`: a call's docs name the feature it needs.
    assert!(
        files["src/requests/area_big_alpha.rs"]
            .contains("/// Needs the feature `big_alpha`, which `big` and `full` turn on.\n"),
        "{}",
        files["src/requests/area_big_alpha.rs"]
    );
    assert!(
        files["src/requests/area_groups.rs"]
            .contains("/// Needs the feature `groups`, which `full` turns on.\n"),
        "{}",
        files["src/requests/area_groups.rs"]
    );
    assert!(files["src/models/area_big_alpha.rs"].contains("pub struct AlphaItem {"));
    // No feature at all: here every model is gated, so there is nothing to re-export.
    assert!(!models.values().any(String::is_empty), "{models:#?}");
    cargo(&dir, &["check", "--no-default-features"]);
}

/// [`big_area`] with a sub-area that reaches more types than the split threshold itself:
/// `/big/{big-id}/book` (one call answering a type, an action reaching none), whose `sheets`
/// reach 86 types through `GET /big/{big-id}/book/sheets` and hold two calls under `cells`,
/// with two calls under `tables` and one under `chart` that reaches 12 types of its own.
fn deep_area() -> Api {
    let mut api = big_area_json();
    let types = api["types"].as_array_mut().unwrap();
    let squares: Vec<String> = (0..85).map(|k| format!("square{k}")).collect();
    let properties = squares.iter().map(|l| property(l, l)).collect();
    types.push(resource("sheet", "complex", None, properties));
    for name in squares
        .iter()
        .map(String::as_str)
        .chain(["cellItem", "tableItem", "bookItem"])
    {
        let id = vec![property("id", "String")];
        types.push(resource(name, "complex", None, id));
    }
    let endpoints = api["endpoints"].as_array_mut().unwrap();
    endpoints.extend([
        endpoint(
            "big-book-get",
            "GET",
            "/big/{big-id}/book",
            Some("bookItem"),
        ),
        endpoint("big-book-close", "POST", "/big/{big-id}/book/close", None),
        endpoint(
            "big-book-chart",
            "GET",
            "/big/{big-id}/book/chart",
            Some("report"),
        ),
        endpoint(
            "big-book-tables-list",
            "GET",
            "/big/{big-id}/book/tables",
            Some("tableItem"),
        ),
        endpoint(
            "big-book-tables-add",
            "POST",
            "/big/{big-id}/book/tables/add",
            Some("tableItem"),
        ),
        endpoint(
            "big-book-sheets-list",
            "GET",
            "/big/{big-id}/book/sheets",
            Some("sheet"),
        ),
        endpoint(
            "big-book-cells-get",
            "GET",
            "/big/{big-id}/book/sheets/{sheet-id}/cells",
            Some("cellItem"),
        ),
        endpoint(
            "big-book-cells-update",
            "PATCH",
            "/big/{big-id}/book/sheets('{sheet-id}')/cells/{cell-id}",
            Some("cellItem"),
        ),
    ]);
    serde_json::from_value(api).unwrap()
}

#[test]
fn a_sub_area_reaching_many_types_is_split_again_and_turns_on_its_parts() {
    let opts = Options {
        crate_name: "graph-deep-area".to_string(),
        features_by_area: true,
        ..Options::default()
    };
    let files = generate(&deep_area(), &opts);
    let manifest = &files["Cargo.toml"];
    // `big_book` reaches more than 80 types, so it is split by the next segment that is not
    // a placeholder, by the rules of an area, and so is `big_book_sheets` in turn; each turns
    // on its parts, so `big` is still all of `/big`.
    for line in [
        "big = [\"big_alpha\", \"big_beta\", \"big_book\", \"big_own\", \"big_report\"] \
         # 5 sub-areas",
        "big_book = [\"big_book_chart\", \"big_book_own\", \"big_book_sheets\", \
         \"big_book_tables\"] # 4 sub-areas",
        "big_book_sheets = [\"big_book_sheets_cells\", \"big_book_sheets_own\"] # 2 sub-areas",
        "big_book_chart = [] # 1 call",
        "big_book_own = [] # 2 calls",
        "big_book_tables = [] # 2 calls",
        "big_book_sheets_cells = [] # 2 calls",
        "big_book_sheets_own = [] # 1 call",
        "big_own = [] # 2 calls",
    ] {
        assert!(
            manifest.contains(&format!("\n{line}\n")),
            "{line}\n{manifest}"
        );
    }
    let feature = |a: &str| format!("feature = \"{a}\"");
    let requests = gates_of(&files, "src/requests");
    for (item, area) in [
        ("fn big_get", "big_own"),
        ("fn big_alpha_list", "big_alpha"),
        ("fn big_book_get", "big_book_own"),
        // An action of one call that brings few types stays with the sub-area's own calls.
        ("fn big_book_close", "big_book_own"),
        ("fn big_book_chart", "big_book_chart"),
        ("fn big_book_tables_list", "big_book_tables"),
        ("fn big_book_tables_add", "big_book_tables"),
        ("fn big_book_sheets_list", "big_book_sheets_own"),
        ("fn big_book_cells_get", "big_book_sheets_cells"),
        ("fn big_book_cells_update", "big_book_sheets_cells"),
    ] {
        assert_eq!(
            requests.get(item),
            Some(&feature(area)),
            "{item}: {requests:#?}"
        );
    }
    let models = gates_of(&files, "src/models");
    assert_eq!(models.get("Square7"), Some(&feature("big_book_sheets_own")));
    assert_eq!(
        models.get("CellItem"),
        Some(&feature("big_book_sheets_cells"))
    );
    assert_eq!(models.get("TableItem"), Some(&feature("big_book_tables")));
    let lib = &files["src/lib.rs"];
    assert!(
        lib.contains(
            "//! * `big`: under `/big`; turns on its 5 sub-areas:\n\
             //!   * `big_alpha`: 2 calls under `/big/alpha`, 1 type\n\
             //!   * `big_beta`: 2 calls under `/big/{big-id}/beta`, 1 type\n\
             //!   * `big_book`: under `/big/{big-id}/book`; turns on its 4 sub-areas:\n\
             //!     * `big_book_chart`: 1 call under `/big/{big-id}/book/chart`, 12 types\n\
             //!     * `big_book_own`: 2 calls under `/big/{big-id}/book`, 1 type\n\
             //!     * `big_book_sheets`: under `/big/{big-id}/book/sheets`; turns on its 2 \
             sub-areas:\n\
             //!       * `big_book_sheets_cells`: 2 calls under \
             `/big/{big-id}/book/sheets/{sheet-id}/cells`, 1 type\n\
             //!       * `big_book_sheets_own`: 1 call under `/big/{big-id}/book/sheets`, 86 \
             types\n\
             //!     * `big_book_tables`: 2 calls under `/big/{big-id}/book/tables`, 1 type\n\
             //!   * `big_own`: 2 calls under `/big`, 91 types\n"
        ),
        "{lib}"
    );
    // A call's docs name every feature that turns its own on.
    let cells = &files["src/requests/area_big_book_sheets_cells.rs"];
    assert!(
        cells.contains(
            "/// Needs the feature `big_book_sheets_cells`, which `big_book_sheets`, `big_book`, \
             `big` and `full` turn on.\n"
        ),
        "{cells}"
    );
    // Each leaf alone, and each feature that turns on others.
    let dir = write_denying_warnings("emit_features", "graph-deep-area", &files);
    for area in [
        "big_book_chart",
        "big_book_own",
        "big_book_tables",
        "big_book_sheets_cells",
        "big_book_sheets_own",
        "big_book_sheets",
        "big_book",
        "big",
    ] {
        cargo(
            &dir,
            &["check", "--no-default-features", "--features", area],
        );
    }
}

/// A hub: `thing`, the base of 65 derived types (`kind0` to `kind64`, more than a hub's
/// threshold), which `GET /search` answers through a field (`hit.resource`), as Graph's
/// search hits hold any `entity`; `GET /kinds/{id}` answers `kind3`.
fn hub() -> Api {
    serde_json::from_value(hub_json()).unwrap()
}

/// [`hub`] as JSON, for a test to add to.
fn hub_json() -> serde_json::Value {
    let mut api = fixture();
    let types = api["types"].as_array_mut().unwrap();
    types.push(resource(
        "thing",
        "entity",
        None,
        vec![property("id", "String")],
    ));
    types.push(resource(
        "hit",
        "entity",
        None,
        vec![property("resource", "thing")],
    ));
    for k in 0..65 {
        types.push(resource(
            &format!("kind{k}"),
            "entity",
            Some("thing"),
            vec![property(&format!("size{k}"), "Int32")],
        ));
    }
    let endpoints = api["endpoints"].as_array_mut().unwrap();
    endpoints.extend([
        endpoint("search-query", "GET", "/search", Some("hit")),
        endpoint("kind-get", "GET", "/kinds/{kind-id}", Some("kind3")),
    ]);
    api
}

/// What a hit answered by `GET /search` holds, printed by a test of the generated crate
/// (`tests/hub.rs`, written here): with `kinds` on, `kind3` is a variant of `AnyThing`;
/// without, a `kind3` value is `Thing` with its members kept.
const HUB_TEST: &str = r###"
use graph_hub::{AnyThing, Hit};

#[test]
fn a_hit_holds_the_variants_compiled() {
    let json = r##"{"resource": {"@odata.type": "#microsoft.graph.kind3", "id": "a", "size3": 7}}"##;
    let hit: Hit = graph_hub::runtime::serde_json::from_str(json).unwrap();
    let resource = hit.resource.as_ref().unwrap();
    assert_eq!(resource.id().map(String::as_str), Some("a"));
    #[cfg(feature = "kinds")]
    assert!(matches!(resource, AnyThing::Kind3(k) if k.size3 == Some(7)), "{resource:?}");
    #[cfg(not(feature = "kinds"))]
    assert!(
        matches!(resource, AnyThing::Thing(t) if t.additional_properties["size3"] == 7),
        "{resource:?}"
    );
    // Nothing is lost either way.
    let back = graph_hub::runtime::serde_json::to_value(&hit).unwrap();
    assert_eq!(back["resource"]["size3"], 7);
    assert_eq!(back["resource"]["@odata.type"], "#microsoft.graph.kind3");
}
"###;

#[test]
fn a_hub_brings_its_derived_types_only_with_their_own_areas() {
    for model_crates in [None, Some(3)] {
        let opts = Options {
            crate_name: "graph-hub".to_string(),
            features_by_area: true,
            model_crates,
            ..Options::default()
        };
        let mut files = generate(&hub(), &opts);
        let lib = &files["src/lib.rs"];
        // `search` reaches `hit` and `thing`, not the 65 types derived from it.
        assert!(
            lib.contains("//! * `search`: 1 call under `/search`, 2 types\n"),
            "{lib}"
        );
        let models = gates_of(&files, "src/models");
        let feature = |a: &str| format!("feature = \"{a}\"");
        if model_crates.is_none() {
            assert_eq!(models.get("Hit"), Some(&feature("search")));
            assert_eq!(models.get("Kind3"), Some(&feature("kinds")));
            // No area reaches `kind5`.
            assert_eq!(models.get("Kind5"), Some(&feature("full")));
            let text = &files["src/models/area_search.rs"];
            assert!(
                text.contains("    #[cfg(feature = \"kinds\")]\n    /// `#microsoft.graph.kind3`"),
                "{text}"
            );
            // rustdoc shows no `cfg`: a type's docs name the features it comes with.
            let all: String = files.values().map(String::as_str).collect();
            for line in [
                "/// Comes with the feature `kinds` (and `full`).\n///\n/// Source: resources/kind3.md\n",
                "/// No call answers or takes it: it comes with the feature `full`.\n///\n/// Source: resources/kind5.md\n",
                "/// Comes with the feature `search` (and `full`).\n///\n/// Source: resources/hit.md\n",
            ] {
                assert!(all.contains(line), "no {line:?}");
            }
        }
        files.insert("tests/hub.rs".to_string(), HUB_TEST.to_string());
        let name = format!("graph-hub-{}", model_crates.unwrap_or(1));
        let dir = write_denying_warnings("emit_features", &name, &files);
        for features in ["search", "search,kinds"] {
            cargo(
                &dir,
                &["test", "--no-default-features", "--features", features],
            );
        }
        for args in [
            &["check", "--no-default-features", "--features", "kinds"][..],
            &["check", "--no-default-features"],
            &["check"],
        ] {
            cargo(&dir, args);
        }
    }
}

/// A selection that reaches the hub gets the derived types it selects otherwise, no more.
#[test]
fn a_selection_reaching_a_hub_gets_only_the_derived_types_it_selects() {
    let variants = |selection: &[&str]| {
        let opts = Options {
            crate_name: "graph-hub".to_string(),
            selection: Some(selection.iter().map(|s| s.to_string()).collect()),
            ..Options::default()
        };
        let text = generate(&hub(), &opts)["src/models.rs"].clone();
        let file = syn::parse_file(&text).unwrap();
        file.items
            .iter()
            .find_map(|item| match item {
                syn::Item::Enum(e) if e.ident == "AnyThing" => Some(
                    e.variants
                        .iter()
                        .map(|v| v.ident.to_string())
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no AnyThing in\n{text}"))
    };
    assert_eq!(variants(&["GET /search"]), ["Thing"]);
    assert_eq!(
        variants(&["GET /search", "GET /kinds/{id}"]),
        ["Kind3", "Thing"]
    );
}

/// Setters come with the types a request body reaches, deep inserts included, but not
/// through a hub: a body naming `hit` makes `Hit` buildable, not the 65 types derived from
/// the `thing` its `resource` holds.
#[test]
fn a_body_reaching_a_hub_does_not_make_its_derived_types_buildable() {
    let mut api = hub_json();
    let mut post = endpoint("hit-post", "POST", "/hits", Some("hit"));
    post["request_body"] = serde_json::json!({"type": {"name": "hit", "collection": false}});
    api["endpoints"].as_array_mut().unwrap().push(post);
    let api: Api = serde_json::from_value(api).unwrap();
    let opts = Options {
        crate_name: "graph-hub".to_string(),
        ..Options::default()
    };
    let files = generate(&api, &opts);
    let models = &files["src/models.rs"];
    assert!(models.contains("pub fn resource("), "{models}");
    assert!(!models.contains("pub fn size5("), "{models}");
}
