//! Docs translated from English keep each section's English anchor
//! (`## <a name="http-request"></a>Solicitação HTTP`): sections are found by their anchors,
//! and the descriptions stay in the docs' language.

use docspec_codegen::model::{RequestBody, TypeRef};
use std::path::Path;

const TRANSLATED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/translated");

#[test]
fn a_translated_page_defines_its_endpoint_by_its_anchors() {
    let loaded = docspec_codegen::load(&[Path::new(TRANSLATED)]);
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == docspec_codegen::diag::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let api = loaded.api(None).unwrap();
    let [e] = api.endpoints.as_slice() else {
        panic!("one endpoint expected: {:?}", api.endpoints);
    };
    assert_eq!(e.method, "POST");
    assert_eq!(e.paths, ["/rooms/{id}/lamps"]);
    // The permissions table's rows are named in Portuguese: Graph's fixed order decides.
    assert_eq!(e.permissions.delegated_work, ["Home.ReadWrite"]);
    assert!(e.permissions.delegated_personal.is_empty());
    assert_eq!(e.permissions.application, ["Home.ReadWrite.All"]);
    assert_eq!(
        e.request_body,
        Some(RequestBody::Type {
            ty: TypeRef::single("lamp")
        })
    );
    assert_eq!(e.responses.first().map(|r| r.status), Some(201));
    assert_eq!(e.examples.len(), 1);
    // The descriptions are the docs' own, in their language.
    assert_eq!(e.title, "Criar lâmpada");
    assert!(e.description.as_deref().unwrap_or("").contains("cômodo"));
}

#[test]
fn a_translated_resource_page_has_its_properties() {
    let loaded = docspec_codegen::load(&[Path::new(TRANSLATED)]);
    let api = loaded.api(None).unwrap();
    let lamp = api.types.iter().find(|t| t.name == "lamp").unwrap();
    let names: Vec<&str> = lamp.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["brightness", "displayName", "id"]);
    assert_eq!(
        lamp.properties[0].description.as_deref(),
        Some("O brilho, de 0 a 100.")
    );
}
