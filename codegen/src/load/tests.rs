use super::*;
use crate::diag::codes;

/// Writes `pages` (relative path, text) under a fresh folder.
fn folder(pages: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in pages {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn versions_are_kept_apart() {
    let entity = "# a resource type\n\n## Properties\n\n| Property | Type | Description |\n|---|---|---|\n| id | String | The id. |\n";
    let complex = "# a resource type\n\n## Properties\n\n| Property | Type | Description |\n|---|---|---|\n| name | String | The name. |\n";
    let dir = folder(&[("beta/r/a.md", complex), ("v1.0/r/a.md", entity)]);
    let loaded = load(&[dir.path()]);
    let versions: Vec<_> = loaded.apis.iter().map(|a| a.version.as_deref()).collect();
    assert_eq!(versions, [Some("beta"), Some("v1.0")]);
    let beta = loaded.api(Some("beta")).unwrap().type_named("a").unwrap();
    let v1 = loaded.api(None).unwrap().type_named("a").unwrap();
    assert_eq!(beta.properties[0].name, "name");
    assert_eq!(
        v1.properties[0].name, "id",
        "the versions' types never merge"
    );
    assert_eq!((beta.properties.len(), v1.properties.len()), (1, 1));
    // A root that is itself a version folder gives its version.
    let loaded = load(&[dir.path().join("v1.0")]);
    let versions: Vec<_> = loaded.apis.iter().map(|a| a.version.as_deref()).collect();
    assert_eq!(versions, [Some("v1.0")]);
}

/// `load` reads and resolves each version on its own; it must give exactly what reading every
/// page and then resolving gives, files in the same order included.
#[test]
fn pipelined_load_equals_read_then_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let resource = "# widget resource type\n\n## Properties\n\n| Property | Type | Description |\n|---|---|---|\n| id | String | The id. |\n| kind | [gadget](gadget.md) | Kind. |\n";
    for (rel, text) in [
        ("v1.0/resources/widget.md", resource),
        ("beta/resources/widget.md", resource),
        ("beta/resources/a-b/widget.md", resource),
        (
            "beta/resources/a/widget.md",
            "# broken\n\n```json\n{ nope\n```\n",
        ),
        ("notes.md", "# just notes\n"),
    ] {
        let path = d.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let loaded = crate::load(&[d]);
    let two_steps = read_pages(&[d]).resolve();
    assert_eq!(loaded.apis, two_steps.apis);
    assert_eq!(loaded.diagnostics, two_steps.diagnostics);
    assert_eq!(loaded.files, two_steps.files);
    assert_eq!(loaded.root, two_steps.root);
    let versions: Vec<_> = loaded.apis.iter().map(|a| a.version.as_deref()).collect();
    assert_eq!(versions, [None, Some("beta"), Some("v1.0")]);
    assert_eq!(loaded.files.len(), 5);
    assert!(loaded
        .diagnostics
        .iter()
        .any(|d| d.code == codes::UNRESOLVED_TYPE.id || d.code == codes::BROKEN_LINK.id));
}
