//! The request body as the `## Request body` section describes it: none, a resource, a
//! parameter table, or a `$ref` write's `@odata.id`.

use super::named_type::named_type;
use super::parameters::{is_parameter_table, parameters};
use crate::diag::Diagnostic;
use crate::model::{Parameter, RequestBody, TypeRef};
use crate::parse::ascii::{contains_ignore_case, strip_prefix_ignore_case};
use crate::parse::doc::{Block, Document, Paragraph, Section};
use crate::parse::typeref::is_identifier;

/// The request body section: none, a whole resource, or a parameter table.
///
/// A POST or PUT to a `/$ref` path adds a reference: its body is `{"@odata.id": "<url>"}`
/// whatever object the prose names (pages say "a JSON representation of a directoryObject",
/// "the identifier of ...", "the `@odata.id` of ..."), so it becomes one `@odata.id`
/// parameter, unless the section has a parameter table of its own. `section` is the page's
/// request body section; `partial`: it asks an update for the values to change.
pub(super) fn request_body(
    doc: &Document,
    section: Option<Section<'_>>,
    method: &str,
    paths: &[String],
    partial: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<RequestBody> {
    if adds_reference(method, paths) {
        let table = section
            .as_ref()
            .and_then(|s| s.tables().find(|t| is_parameter_table(t)));
        return Some(match table {
            Some(t) => RequestBody::Parameters {
                parameters: parameters(doc, t, diags),
                represents: None,
            },
            None => reference_body(),
        });
    }
    let section = section?;
    // What "a JSON representation for the x object" above a table names.
    let mut represents = None;
    for block in section.blocks {
        match block {
            Block::Paragraph(p) if says_no_body(&p.text) => return None,
            Block::Paragraph(p) if representation_of(p) => {
                if let Some(ty) = named_type(doc, p, diags) {
                    return Some(RequestBody::Type { ty });
                }
                represents = represents.or_else(|| plain_type_name(&p.text));
            }
            Block::Paragraph(p) if representation_for(p) => {
                represents = represents
                    .or_else(|| named_type(doc, p, diags))
                    .or_else(|| plain_type_name(&p.text));
            }
            Block::Table(t) if is_parameter_table(t) => {
                return Some(RequestBody::Parameters {
                    parameters: parameters(doc, t, diags),
                    represents: represents.filter(|ty| !ty.collection),
                });
            }
            _ => {}
        }
    }
    // Without a representation or a table, other ways of naming the body's type: "Provide the
    // new [shift](...) object", "A [teamsTab](...).", "a JSON body of an [x](...)", and, for
    // an update (`partial`), "supply the values of the relevant [printJob](...) fields".
    let named = section
        .paragraphs()
        .filter(|p| partial || names_body_type(p))
        .find_map(|p| named_type(doc, p, diags))
        .map(|ty| RequestBody::Type { ty });
    // "The binary stream of the file to be uploaded", "the binary data of the image": bytes,
    // not JSON (an `Edm.Stream` body).
    named.or_else(|| {
        section
            .paragraphs()
            .any(|p| says_binary(&p.text))
            .then(|| RequestBody::Type {
                ty: TypeRef::single("Stream".to_string()),
            })
    })
}

/// The prose says the body is the raw bytes of something (a file, an image).
fn says_binary(text: &str) -> bool {
    [
        "binary stream",
        "binary data",
        "binary content",
        "binary file",
        "raw bytes",
    ]
    .iter()
    .any(|w| contains_ignore_case(text, w))
}

/// `PATCH`: an update of some properties of a resource.
pub(super) fn is_update(method: &str) -> bool {
    method.eq_ignore_ascii_case("PATCH")
}

/// "Supply the values for relevant fields that should be updated", "supply only the values of
/// the fields you want to update", "supply the values of the relevant [x] fields", ...
pub(super) fn says_values_to_update(text: &str) -> bool {
    let has = |w: &str| contains_ignore_case(text, w);
    has("values") && (has("supply") || has("update") || has("change"))
}

/// A paragraph that names the body by a linked type without saying "representation of".
fn names_body_type(p: &Paragraph) -> bool {
    if p.links.is_empty() {
        return false;
    }
    let l = p.text.to_ascii_lowercase();
    let l = l.trim().trim_end_matches('.');
    let bare = (l.starts_with("a ") || l.starts_with("an ")) && l.split_whitespace().count() <= 3;
    bare || l.contains("representation for")
        || l.contains("json body of")
        || ((l.contains("provide") || l.contains("supply")) && l.contains(" object"))
}

/// The wire name of a reference's URL.
const ODATA_ID: &str = "@odata.id";

/// `POST`/`PUT` on paths that all end in `/$ref`.
fn adds_reference(method: &str, paths: &[String]) -> bool {
    let writes = method.eq_ignore_ascii_case("POST") || method.eq_ignore_ascii_case("PUT");
    writes
        && !paths.is_empty()
        && paths.iter().all(|p| {
            p.trim_end_matches('/')
                .to_ascii_lowercase()
                .ends_with("/$ref")
        })
}

/// The body of a `$ref` write: one required `@odata.id` string.
fn reference_body() -> RequestBody {
    RequestBody::Parameters {
        represents: None,
        parameters: vec![Parameter {
            name: ODATA_ID.to_string(),
            ty: TypeRef::single("String"),
            description: Some(
                "The URL of the object to reference, such as `https://graph.microsoft.com/v1.0/directoryObjects/{id}`."
                    .to_string(),
            ),
            required: true,
        }],
    }
}

pub(super) fn says_no_body(text: &str) -> bool {
    let t = text.trim().trim_end_matches('.');
    let has = |w: &str| contains_ignore_case(t, w);
    t.eq_ignore_ascii_case("none")
        || strip_prefix_ignore_case(t, "do not supply").is_some()
        || strip_prefix_ignore_case(t, "don't supply").is_some()
        || has("do not supply a request body")
        || has("don't supply a request body")
        || has("no request body")
        || has("request body is not required")
        || has("not supply a request body")
}

/// "A JSON representation of [x](...)" (or of `**x**`, see [`named_type`]).
fn representation_of(p: &Paragraph) -> bool {
    contains_ignore_case(&p.text, "representation of")
}

/// "Supply a JSON representation for the [x](...) object", as Intune's pages write above a
/// table of x's properties.
fn representation_for(p: &Paragraph) -> bool {
    contains_ignore_case(&p.text, "representation for")
}

/// The unlinked name in "representation for (or of) the x object": `x`, when it is an
/// identifier followed by the word "object".
fn plain_type_name(text: &str) -> Option<TypeRef> {
    let lower = text.to_ascii_lowercase();
    let at = ["representation for ", "representation of "]
        .iter()
        .find_map(|w| lower.find(w).map(|i| i + w.len()))?;
    let mut words = text.get(at..)?.split_whitespace();
    let mut name = words.next()?;
    if ["the", "a", "an"]
        .iter()
        .any(|a| name.eq_ignore_ascii_case(a))
    {
        name = words.next()?;
    }
    let name = name.trim_matches(|c| c == '`' || c == '*');
    let object = words.next()?.trim_end_matches(['.', ',', ':']);
    (object.eq_ignore_ascii_case("object") && is_identifier(name))
        .then(|| TypeRef::single(name.to_string()))
}

#[cfg(test)]
mod tests {
    use super::super::test_pages::{body_of, type_body};
    use super::*;

    #[test]
    fn prose_that_names_the_body_type() {
        let none = "If successful, this method returns `204 No Content`.";
        assert_eq!(
            body_of(
                "POST",
                "Provide the new [gadget](../resources/gadget.md) object in the request body.",
                none
            ),
            type_body("gadget", false)
        );
        assert_eq!(
            body_of("POST", "A [gadget](../resources/gadget.md).", none),
            type_body("gadget", false)
        );
        assert_eq!(
            body_of("PATCH", "Supply an array of [gadget](../resources/gadget.md) objects that describe the changes.", none),
            type_body("gadget", true)
        );
        // A link given for reference only names nothing.
        assert_eq!(
            body_of("POST", "Send the app's ID. For details, see [gadget properties](../resources/gadget.md#properties).", none),
            None
        );
    }

    #[test]
    fn an_update_that_supplies_values_takes_a_partial_resource() {
        let returns_gizmo = "If successful, this method returns `200 OK` and the updated [gizmo](../resources/gizmo.md) object.";
        let values =
            "In the request body, supply the values for relevant fields that should be updated.";
        // The type the section links wins over the one the response returns.
        assert_eq!(
            body_of(
                "PATCH",
                &format!("{values}\n\nFor the properties, see [gadget](../resources/gadget.md)."),
                returns_gizmo
            ),
            type_body("gadget", false)
        );
        assert_eq!(
            body_of("PATCH", values, returns_gizmo),
            type_body("gizmo", false)
        );
        // Only an update: a POST saying the same names no type.
        assert_eq!(body_of("POST", values, returns_gizmo), None);
    }

    #[test]
    fn reference_writes() {
        let paths = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(adds_reference(
            "POST",
            &paths(&["/groups/{id}/members/$ref"])
        ));
        assert!(adds_reference("PUT", &paths(&["/users/{id}/manager/$ref"])));
        assert!(adds_reference(
            "post",
            &paths(&["/a/{id}/b/$ref", "/c/{id}/b/$REF/"])
        ));
        assert!(!adds_reference(
            "DELETE",
            &paths(&["/groups/{id}/members/{m}/$ref"])
        ));
        assert!(!adds_reference(
            "GET",
            &paths(&["/groups/{id}/members/$ref"])
        ));
        assert!(!adds_reference("POST", &paths(&["/groups/{id}/members"])));
        assert!(!adds_reference("POST", &paths(&["/a/$ref", "/a/members"])));
        assert!(!adds_reference("POST", &paths(&["/a/$refs"])));
        assert!(!adds_reference("POST", &[]));
        let Some(RequestBody::Parameters { parameters, .. }) = Some(reference_body()) else {
            panic!("a reference body is a parameter list");
        };
        assert_eq!(parameters.len(), 1);
        assert_eq!(parameters[0].name, "@odata.id");
        assert_eq!(parameters[0].ty, TypeRef::single("String"));
        assert!(parameters[0].required);
    }

    #[test]
    fn a_table_under_a_representation_for_a_named_object_keeps_the_name_as_a_hint() {
        let table = "| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n| size | Int32 | The size. |";
        let none = "If successful, this method returns `201 Created`.";
        for prose in [
            "In the request body, supply a JSON representation for the gadgetConfiguration object.",
            "Supply a JSON representation of the `gadgetConfiguration` object.",
            "Supply a JSON representation for the [gadgetConfiguration](../resources/gadgetconfiguration.md) object.",
        ] {
            let body = body_of("POST", &format!("{prose}\n\n{table}"), none);
            let Some(RequestBody::Parameters {
                parameters,
                represents: Some(ty),
            }) = body
            else {
                panic!("{prose}: {body:?}");
            };
            assert_eq!(ty.name, "gadgetConfiguration", "{prose}");
            assert_eq!(parameters.len(), 2);
        }
        // No "object" after the name, or no name: no hint.
        for prose in [
            "Supply a JSON representation for the changes.",
            "Supply a JSON representation for gadgetConfiguration properties.",
        ] {
            let body = body_of("POST", &format!("{prose}\n\n{table}"), none);
            assert!(
                matches!(
                    body,
                    Some(RequestBody::Parameters {
                        represents: None,
                        ..
                    })
                ),
                "{prose}: {body:?}"
            );
        }
    }

    #[test]
    fn plain_type_names_are_identifiers_followed_by_object() {
        let name = |t: &str| plain_type_name(t).map(|t| t.name);
        assert_eq!(
            name("supply a JSON representation for the windows10GeneralConfiguration object."),
            Some("windows10GeneralConfiguration".to_string())
        );
        assert_eq!(
            name("a representation of an **alert** object"),
            Some("alert".to_string())
        );
        assert_eq!(name("a representation for the x-y object"), None);
        assert_eq!(name("a representation for the gadget objects"), None);
        assert_eq!(name("a representation for the gadget"), None);
        assert_eq!(name("representation for"), None);
    }
}
