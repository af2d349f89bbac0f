use super::*;

/// The pages as one unversioned API.
fn resolve(pages: Vec<ParsedPage>) -> (Vec<Api>, Vec<Diagnostic>) {
    let (api, diags) = resolve_version(None, pages);
    (vec![api], diags)
}
use crate::diag::codes;
use crate::model::{Endpoint, EnumMember, Property, RequestBody, Source, TypeKind, TypeRef};

fn page(file: &str, kind: PageKind, types: Vec<TypeDef>) -> ParsedPage {
    ParsedPage {
        file: file.to_string(),
        kind,
        title: None,
        namespace: None,
        endpoint: None,
        types,
        diagnostics: Vec::new(),
        outline: Default::default(),
    }
}

fn ty(name: &str, kind: TypeKind, file: &str, props: Vec<Property>) -> TypeDef {
    TypeDef {
        name: name.to_string(),
        namespace: Some("microsoft.graph".to_string()),
        kind,
        description: None,
        base_type: None,
        is_abstract: false,
        open_type: false,
        key_property: None,
        properties: props,
        members: Vec::new(),
        source: Source {
            file: file.to_string(),
            line: 1,
        },
    }
}

fn prop(name: &str, t: TypeRef) -> Property {
    Property {
        name: name.to_string(),
        ty: t,
        description: None,
        navigation: false,
        required: false,
        source: Source {
            file: "x.md".to_string(),
            line: 3,
        },
    }
}

fn linked(name: &str, link: &str, collection: bool) -> TypeRef {
    TypeRef {
        name: name.to_string(),
        collection,
        link: Some(link.to_string()),
    }
}

fn enum_ty(name: &str, file: &str, members: &[&str]) -> TypeDef {
    let mut t = ty(name, TypeKind::Enum, file, Vec::new());
    t.members = members
        .iter()
        .map(|m| EnumMember {
            name: m.to_string(),
            value: None,
            description: None,
        })
        .collect();
    t
}

fn codes_of(d: &[Diagnostic]) -> Vec<&str> {
    d.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn links_bind_to_the_linked_page_and_are_cleared() {
    let pages = vec![
        page(
            "resources/participant.md",
            PageKind::Resource,
            vec![ty(
                "participant",
                TypeKind::Entity,
                "resources/participant.md",
                vec![
                    // Link text differs from the page's type: the link decides.
                    prop(
                        "info",
                        linked("Participant info", "resources/ParticipantInfo.md", false),
                    ),
                    prop(
                        "streams",
                        linked("mediaStream", "resources\\mediastream.md#x", true),
                    ),
                ],
            )],
        ),
        page(
            "resources/participantinfo.md",
            PageKind::Resource,
            vec![ty(
                "participantInfo",
                TypeKind::Complex,
                "resources/participantinfo.md",
                vec![],
            )],
        ),
        page(
            "resources/mediastream.md",
            PageKind::Resource,
            vec![ty(
                "mediaStream",
                TypeKind::Complex,
                "resources/mediastream.md",
                vec![],
            )],
        ),
    ];
    let (apis, diags) = resolve(pages);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(apis.len(), 1);
    let p = apis[0].type_named("participant").unwrap();
    assert_eq!(p.properties[0].ty, TypeRef::single("participantInfo"));
    assert_eq!(p.properties[1].ty, TypeRef::collection_of("mediaStream"));
    // Sorted by name, case-insensitively.
    let names: Vec<_> = apis[0].types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["mediaStream", "participant", "participantInfo"]);
}

#[test]
fn broken_links_fall_back_to_the_name_and_unknown_names_to_json() {
    let pages = vec![page(
        "r/a.md",
        PageKind::Resource,
        vec![
            ty(
                "a",
                TypeKind::Complex,
                "r/a.md",
                vec![
                    prop("b", linked("B", "r/missing.md", false)),
                    prop("c", TypeRef::single("nowhere")),
                    prop("d", TypeRef::single("string")),
                ],
            ),
            ty("b", TypeKind::Complex, "r/a.md", vec![]),
        ],
    )];
    let (apis, diags) = resolve(pages);
    assert_eq!(
        codes_of(&diags),
        [codes::BROKEN_LINK.id, codes::UNRESOLVED_TYPE.id]
    );
    let a = apis[0].type_named("a").unwrap();
    assert_eq!(a.properties[0].ty, TypeRef::single("b"));
    assert_eq!(a.properties[1].ty, TypeRef::single("Json"));
    assert_eq!(a.properties[2].ty, TypeRef::single("String"));
}

#[test]
fn split_types_merge_and_conflicts_are_reported() {
    let a1 = ty(
        "deviceManagement",
        TypeKind::Entity,
        "r/dm1.md",
        vec![prop("x", TypeRef::single("String"))],
    );
    let a2 = ty(
        "devicemanagement",
        TypeKind::Entity,
        "r/dm2.md",
        vec![
            prop("y", TypeRef::single("Int32")),
            prop("X", TypeRef::single("Boolean")),
        ],
    );
    let pages = vec![
        page("r/dm1.md", PageKind::Resource, vec![a1]),
        page("r/dm2.md", PageKind::Resource, vec![a2]),
    ];
    let (apis, diags) = resolve(pages);
    assert_eq!(codes_of(&diags), [codes::DUPLICATE_TYPE.id]);
    let t = apis[0].type_named("deviceManagement").unwrap();
    let props: Vec<_> = t
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.ty.name.as_str()))
        .collect();
    assert_eq!(props, [("x", "String"), ("y", "Int32")]);
}

#[test]
fn enum_pages_beat_inline_enums() {
    let inline = enum_ty("callState", "r/call.md", &["a", "b"]);
    let explicit = enum_ty("callState", "r/callstate.md", &["a", "b", "c"]);
    let pages = vec![
        page(
            "r/call.md",
            PageKind::Resource,
            vec![ty("call", TypeKind::Entity, "r/call.md", vec![]), inline],
        ),
        page("r/callstate.md", PageKind::Enum, vec![explicit]),
    ];
    let (apis, diags) = resolve(pages);
    assert!(diags.is_empty(), "{diags:?}");
    let members: Vec<_> = apis[0]
        .type_named("callstate")
        .unwrap()
        .members
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(members, ["a", "b", "c"]);
}

#[test]
fn base_types_resolve_and_bad_ones_are_dropped() {
    let mut a = ty("a", TypeKind::Entity, "r/a.md", vec![]);
    a.base_type = Some("microsoft.graph.Entity".to_string());
    let mut b = ty("b", TypeKind::Entity, "r/b.md", vec![]);
    b.base_type = Some("nothing".to_string());
    let mut c = ty("c", TypeKind::Complex, "r/c.md", vec![]);
    c.base_type = Some("d".to_string());
    let mut d = ty("d", TypeKind::Complex, "r/d.md", vec![]);
    d.base_type = Some("c".to_string());
    let e = ty("entity", TypeKind::Entity, "r/entity.md", vec![]);
    let pages = [a, b, c, d, e]
        .into_iter()
        .map(|t| page(&t.source.file.clone(), PageKind::Resource, vec![t]))
        .collect();
    let (apis, diags) = resolve(pages);
    assert_eq!(
        codes_of(&diags),
        [codes::BAD_BASE_TYPE.id, codes::BAD_BASE_TYPE.id]
    );
    let api = &apis[0];
    assert_eq!(
        api.type_named("a").unwrap().base_type.as_deref(),
        Some("entity")
    );
    assert_eq!(api.type_named("b").unwrap().base_type, None);
    // The cycle is broken once, at the first type found on it.
    assert_eq!(api.type_named("c").unwrap().base_type, None);
    assert_eq!(api.type_named("d").unwrap().base_type.as_deref(), Some("c"));
}

#[test]
fn inherited_properties_redeclared_with_another_type_keep_the_declaration_of_the_root() {
    // media (table: Int64 packets, Double rate) <- video (JSON: Int32 both) <- screen (JSON:
    // Int32 both, plus an agreeing String).
    let media = ty(
        "media",
        TypeKind::Complex,
        "resources/media.md",
        vec![
            prop("packets", TypeRef::single("Int64")),
            prop("rate", TypeRef::single("Double")),
            prop("label", TypeRef::single("String")),
        ],
    );
    let mut video = ty(
        "video",
        TypeKind::Complex,
        "resources/video.md",
        vec![
            prop("packets", TypeRef::single("Int32")),
            prop("rate", TypeRef::single("Int32")),
        ],
    );
    video.base_type = Some("microsoft.graph.media".to_string());
    let mut screen = ty(
        "screen",
        TypeKind::Complex,
        "resources/screen.md",
        vec![
            prop("packets", TypeRef::single("Int32")),
            prop("label", TypeRef::single("String")),
            prop("own", TypeRef::single("Boolean")),
        ],
    );
    screen.base_type = Some("video".to_string());
    let pages = vec![
        page("resources/media.md", PageKind::Resource, vec![media]),
        page("resources/video.md", PageKind::Resource, vec![video]),
        page("resources/screen.md", PageKind::Resource, vec![screen]),
    ];
    let (api, diags) = resolve_version(None, pages);
    let names = |t: &str| -> Vec<String> {
        api.type_named(t)
            .map(|t| t.properties.iter().map(|p| p.name.clone()).collect())
            .unwrap_or_default()
    };
    assert_eq!(names("media"), ["packets", "rate", "label"]);
    assert!(names("video").is_empty(), "{:?}", names("video"));
    // The agreeing redeclaration stays; the conflicting one goes even though the nearer
    // ancestor (video) wrote the same wrong type.
    assert_eq!(names("screen"), ["label", "own"]);
    assert_eq!(
        codes_of(&diags)
            .iter()
            .filter(|c| **c == codes::DUPLICATE_TYPE.id)
            .count(),
        3,
        "{diags:?}"
    );
}

/// Intune's create pages: "supply a JSON representation for the x object", then a table of
/// x's properties. The body becomes x when every row is one of its properties (inherited ones
/// too); a table with any other row stays a table.
#[test]
fn a_table_of_the_named_resources_properties_is_that_resource() {
    let base = TypeDef::stub("gadgetBase", None, &[("id", "String")]);
    let gadget = TypeDef::stub("gadget", Some("gadgetBase"), &[("size", "Int32")]);
    let row = |name: &str| crate::model::Parameter {
        name: name.to_string(),
        ty: TypeRef::single("String"),
        description: None,
        required: false,
    };
    let endpoint = |name: &str, rows: &[&str], hint: &str| {
        let mut e = Endpoint::stub(name, name, "POST", &["/gadgets"]);
        e.request_body = Some(RequestBody::Parameters {
            parameters: rows.iter().map(|r| row(r)).collect(),
            represents: Some(TypeRef::single(hint)),
        });
        let mut p = page(&format!("api/{name}.md"), PageKind::Api, Vec::new());
        p.endpoint = Some(e);
        p
    };
    let pages = vec![
        page("resources/gadgetbase.md", PageKind::Resource, vec![base]),
        page("resources/gadget.md", PageKind::Resource, vec![gadget]),
        // The hint's case does not matter; the rows' names must be the properties'.
        endpoint("gadget-create", &["id", "size"], "Gadget"),
        endpoint("gadget-also", &["id", "size", "color"], "gadget"),
        endpoint("gadget-renamed", &["ID"], "gadget"),
        endpoint("gadget-unknown", &["id"], "noSuchType"),
    ];
    let (apis, _) = resolve(pages);
    let body = |name: &str| {
        apis[0]
            .endpoints
            .iter()
            .find(|e| e.name == name)
            .and_then(|e| e.request_body.clone())
    };
    assert_eq!(
        body("gadget-create"),
        Some(RequestBody::Type {
            ty: TypeRef::single("gadget")
        })
    );
    for table in ["gadget-also", "gadget-renamed"] {
        assert!(
            matches!(body(table), Some(RequestBody::Parameters { represents: Some(ref t), .. }) if t.name == "gadget"),
            "{table}: {:?}",
            body(table)
        );
    }
    assert!(matches!(
        body("gadget-unknown"),
        Some(RequestBody::Parameters {
            represents: None,
            ..
        })
    ));
}
