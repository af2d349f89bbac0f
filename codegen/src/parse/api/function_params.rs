//! OData function parameters the request line leaves out. A function takes its parameters in
//! its URL (`/filterByCurrentUser(on='allowedRequestor')`), yet some pages write the bare name
//! in the request line and list the parameters in a table: under `## Function parameters`, or,
//! on a GET, which has no body, under `## Request body` (Intune's functions). Such a path gets
//! them as placeholders (`/filterByCurrentUser(on='{on}')`), quoted where OData quotes the
//! value (text, enum members), so that the call takes each as an argument, like an id, and
//! sends it where the service reads it.

use super::parameters::{is_parameter_table, parameters};
use super::sections::sections_starting;
use crate::diag::{codes, Diagnostic};
use crate::model::{Endpoint, Parameter, Primitive, RequestBody};
use crate::parse::doc::Document;
use crate::parse::http::{merge_params, placeholders};

/// Writes the function parameters of GET endpoint `e` into the paths whose last segment calls
/// the function without them (see the module docs), and says so (DS0313); a GET's parameter
/// table stops being a body. Parameters the table marks optional (in a `Required` column, or
/// in the description) are left out: a call passes what it must. A parameter that cannot be
/// written in a URL (a collection, a structured value) leaves the paths as they are.
pub(super) fn add_function_parameters(
    doc: &Document,
    e: &mut Endpoint,
    diags: &mut Vec<Diagnostic>,
) {
    if !e.method.eq_ignore_ascii_case("GET") {
        return;
    }
    // The table's rows, and whether it has a column that says which are required.
    let from_section = sections_starting(doc, "function parameters").and_then(|s| {
        let t = s.tables().find(|t| is_parameter_table(t))?;
        Some((
            parameters(doc, t, diags),
            t.column(|h| h.contains("required")).is_some(),
        ))
    });
    let (params, told) = match (from_section, &e.request_body) {
        (Some(found), _) => found,
        (None, Some(RequestBody::Parameters { parameters, .. })) => (parameters.clone(), false),
        _ => return,
    };
    let passed: Vec<&Parameter> = params
        .iter()
        .filter(|p| p.required || !(told || says_optional(p)))
        .collect();
    let Some(call) = passed
        .iter()
        .map(|p| literal(p).map(|l| format!("{}={l}", p.name)))
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    // The table is the function's parameters: on a GET, not a body.
    if matches!(e.request_body, Some(RequestBody::Parameters { .. })) {
        e.request_body = None;
    }
    if call.is_empty() {
        return;
    }
    let call = call.join(",");
    let mut first = None;
    for path in &mut e.paths {
        let last = path.rsplit('/').next().unwrap_or_default();
        let taken = passed
            .iter()
            .any(|p| path.contains(&format!("{{{}}}", p.name)));
        if last.is_empty() || last.contains(['(', '{', '$', ':']) || taken {
            continue;
        }
        path.push_str(&format!("({call})"));
        merge_params(&mut e.path_params, placeholders(path));
        first.get_or_insert_with(|| path.clone());
    }
    if let Some(first) = first {
        diags.push(
            Diagnostic::at(
                codes::FUNCTION_PARAMETERS,
                &e.source,
                format!(
                    "the request line calls the function without the parameters its table \
                     lists; they are taken into the path: `{first}`"
                ),
            )
            .with_suggestion(format!("write the request line as `GET {first}`")),
        );
    }
}

/// The description says the parameter may be left out.
fn says_optional(p: &Parameter) -> bool {
    p.description
        .as_deref()
        .is_some_and(|d| d.to_ascii_lowercase().contains("optional"))
}

/// How `p` is written in the call: its placeholder, in quotes for text and enum members,
/// bare for numbers, truth values, times and GUIDs; `None` for what a URL cannot hold.
fn literal(p: &Parameter) -> Option<String> {
    if p.ty.collection
        || p.name.is_empty()
        || !p
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return None;
    }
    let bare = format!("{{{}}}", p.name);
    match p.ty.primitive() {
        Some(Primitive::String) => Some(format!("'{bare}'")),
        Some(Primitive::Json | Primitive::Stream | Primitive::Binary) => None,
        Some(_) => Some(bare),
        // A named type in a URL is an enum member (a structured value cannot be one).
        None => Some(format!("'{bare}'")),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{PathParam, RequestBody};
    use crate::parse::parse_page;

    /// A GET page on `path` with `extra` sections after the request line.
    fn page(path: &str, extra: &str) -> crate::model::Endpoint {
        let text = format!(
            "# Filter gadgets\n\nFilter the gadgets.\n\n## HTTP request\n\n```http\nGET {path}\n```\n\n\
             {extra}\n\n## Response\n\nReturns `200 OK` and a collection of \
             [gadget](../resources/gadget.md) objects.\n"
        );
        parse_page("api/gadget-filter.md", text.as_bytes())
            .endpoint
            .expect("an endpoint")
    }

    const TABLE: &str = "|Parameter|Type|Description|\n|:--|:--|:--|\n\
        |on|gadgetFilterOptions|What to filter on.|\n|count|Int32|How many.|\n\
        |since|DateTimeOffset|Optional. From when.|";

    #[test]
    fn a_function_table_goes_into_the_url() {
        let e = page(
            "/gadgets/filterByCurrentUser",
            &format!("## Function parameters\n\n{TABLE}"),
        );
        assert_eq!(
            e.paths,
            ["/gadgets/filterByCurrentUser(on='{on}',count={count})"]
        );
        let names: Vec<&str> = e
            .path_params
            .iter()
            .map(|p: &PathParam| p.name.as_str())
            .collect();
        assert_eq!(names, ["on", "count"]);
        assert_eq!(e.request_body, None);
    }

    #[test]
    fn the_request_line_that_says_so_is_suggested() {
        let text = format!(
            "# Filter gadgets\n\nFilter them.\n\n## HTTP request\n\n```http\nGET /gadgets/filter\n```\n\n\
             ## Function parameters\n\n{TABLE}\n"
        );
        let page = parse_page("api/gadget-filter.md", text.as_bytes());
        let found: Vec<_> = page
            .diagnostics
            .iter()
            .filter(|d| d.code == crate::diag::codes::FUNCTION_PARAMETERS.id)
            .collect();
        assert_eq!(found.len(), 1, "{:?}", page.diagnostics);
        assert_eq!(found[0].line, 8, "at the request line");
        assert_eq!(
            found[0].suggestion.as_deref(),
            Some("write the request line as `GET /gadgets/filter(on='{on}',count={count})`")
        );
    }

    #[test]
    fn a_required_column_says_which_go_into_the_url() {
        let e = page(
            "/reports/getJobs",
            "## Function parameters\n\n|Parameter|Type|Required?|Description|\n|:--|:--|:--|:--|\n\
             |`groupId`|`Edm.String`|Yes|The group.|\n|`startDateTime`|`Edm.DateTimeOffset`|No|From.|",
        );
        assert_eq!(e.paths, ["/reports/getJobs(groupId='{groupId}')"]);
    }

    #[test]
    fn a_get_body_table_is_the_functions_parameters() {
        let e = page(
            "/gadgets/getSummary",
            "## Request body\n\n|Property|Type|Description|\n|:--|:--|:--|\n|policyId|String|The policy.|",
        );
        assert_eq!(e.paths, ["/gadgets/getSummary(policyId='{policyId}')"]);
        assert!(!matches!(
            e.request_body,
            Some(RequestBody::Parameters { .. })
        ));
    }

    #[test]
    fn written_calls_and_unwritable_values_stay_as_they_are() {
        // The request line already calls the function.
        let written = page(
            "/gadgets/filter(on='{on}')",
            &format!("## Function parameters\n\n{TABLE}"),
        );
        assert_eq!(written.paths, ["/gadgets/filter(on='{on}')"]);
        // A collection cannot be written in the URL.
        let list = page(
            "/gadgets/getByIds",
            "## Function parameters\n\n|Parameter|Type|Description|\n|:--|:--|:--|\n|ids|String collection|The ids.|",
        );
        assert_eq!(list.paths, ["/gadgets/getByIds"]);
    }
}
