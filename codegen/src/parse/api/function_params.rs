//! OData function parameters the request line leaves out. A function takes its parameters in
//! its URL (`/filterByCurrentUser(on='allowedRequestor')`), yet some pages write the bare name
//! in the request line and list the parameters in a table: under `## Function parameters`, or,
//! on a GET, which has no body, under `## Request body` (Intune's functions). Such a path gets
//! them as placeholders (`/filterByCurrentUser(on='{on}')`), quoted where OData quotes the
//! value (text, enum members), so that the call takes each as an argument, like an id, and
//! sends it where the service reads it.
//!
//! Request lines also write the arguments of a call as values: an example
//! (`image(width=640)`, `getActivitiesByInterval(startDateTime='2017-01-01',..)`), a word
//! (`columnsAfter(count=n)`, `reminderView(startDateTime=startDateTime-value,..)`) or angle
//! brackets (`range(address='<address>')`). Sent as written, such a call asks for that value
//! and no other; [`written_arguments`] makes each a placeholder named after its parameter.

use super::parameters::{is_parameter_table, parameters};
use super::sections::sections_starting;
use crate::diag::{codes, Diagnostic};
use crate::model::{Endpoint, Parameter, PathParam, Primitive, RequestBody, Source};
use crate::parse::doc::Document;
use crate::parse::http::{merge_params, placeholders};
use crate::route::call;

/// Writes the function parameters of GET endpoint `e` into the paths whose last segment calls
/// the function without them (see the module docs), and says so (DS0313); a GET's parameter
/// table stops being a body. Parameters the table marks optional (in a `Required` column, or
/// in the description) are left out of these paths, and each gets a second path that passes
/// them all (`delta` and `delta(token='{token}')`), which the emitter makes a call of its own
/// (an overload). A parameter that cannot be written in a URL (a collection, a structured
/// value) leaves the paths as they are.
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
    let written = |ps: &[&Parameter]| {
        ps.iter()
            .map(|p| literal(p).map(|l| format!("{}={l}", p.name)))
            .collect::<Option<Vec<_>>>()
            .map(|c| c.join(","))
    };
    let Some(call) = written(&passed) else {
        return;
    };
    // With the optional ones too: the overload that takes them all.
    let all: Vec<&Parameter> = params.iter().collect();
    let full = (all.len() > passed.len()).then(|| written(&all)).flatten();
    // The table is the function's parameters: on a GET, not a body.
    if matches!(e.request_body, Some(RequestBody::Parameters { .. })) {
        e.request_body = None;
    }
    if call.is_empty() && full.is_none() {
        return;
    }
    let mut first = None;
    let mut overloads = Vec::new();
    // Paths the page already calls with arguments on another line: it wrote its overloads.
    let called: Vec<String> = e
        .paths
        .iter()
        .filter_map(|p| {
            let last = p.rsplit('/').next()?;
            let (function, _) = call::call(last)?;
            Some(format!("{}{function}", &p[..p.len() - last.len()]))
        })
        .collect();
    for path in &mut e.paths {
        let last = path.rsplit('/').next().unwrap_or_default();
        let taken = all
            .iter()
            .any(|p| path.contains(&format!("{{{}}}", p.name)));
        if last.is_empty() || last.contains(['(', '{', '$', ':']) || taken {
            continue;
        }
        if called.contains(path) {
            continue;
        }
        if let Some(full) = &full {
            overloads.push(format!("{path}({full})"));
        }
        if !call.is_empty() {
            path.push_str(&format!("({call})"));
            merge_params(&mut e.path_params, placeholders(path));
            first.get_or_insert_with(|| path.clone());
        }
    }
    for path in &overloads {
        merge_params(&mut e.path_params, placeholders(path));
    }
    let with_all = overloads.first().cloned();
    e.paths.extend(overloads);
    let lines: Vec<String> = first
        .iter()
        .chain(&with_all)
        .map(|p| format!("`GET {p}`"))
        .collect();
    let suggested = match lines.len() {
        1 => format!("write the request line as {}", lines.join("")),
        _ => format!("write the request lines as {}", lines.join(" and ")),
    };
    let message = match (first, with_all) {
        (Some(first), Some(all)) => format!(
            "the request line calls the function without the parameters its table lists; \
             they are taken into the path: `{first}`, and with the optional ones: `{all}`"
        ),
        (Some(first), None) => format!(
            "the request line calls the function without the parameters its table lists; \
             they are taken into the path: `{first}`"
        ),
        (None, Some(all)) => format!(
            "the function's table lists optional parameters the request line leaves out; a \
             second path takes them: `{all}`"
        ),
        (None, None) => return,
    };
    diags.push(
        Diagnostic::at(codes::FUNCTION_PARAMETERS, &e.source, message).with_suggestion(suggested),
    );
}

/// Turns the arguments the request lines of a page write as values (see the module docs) into
/// placeholders named after their parameter, in quotes where the value was quoted or the
/// page's tables type the parameter as text or an enum, and says so once (DS0314). Arguments
/// already holding a placeholder (`'{period_value}'`, `microsoft.graph.timeZoneStandard'{f}'`)
/// or naming a parameter alias (`@p`) stay as they are, and so do entity keys (`('{id}')`).
pub(super) fn written_arguments(
    doc: &Document,
    method: &str,
    paths: &mut [String],
    path_params: &mut Vec<PathParam>,
    source: &Source,
    diags: &mut Vec<Diagnostic>,
) {
    let mut typed: Option<Vec<Parameter>> = None;
    let mut first = None;
    for path in paths.iter_mut() {
        let mut changed = false;
        let rewritten = rewrite_arguments(path, |name, value| {
            let v = value.trim();
            if v.contains('{') || v.starts_with('@') {
                return None;
            }
            changed = true;
            Some(match v.find('\'') {
                // `'x'`, or a cast `microsoft.graph.type'x'`: the quotes stay.
                Some(q) if v.ends_with('\'') && v.len() > q + 1 => {
                    format!("{}'{{{name}}}'", &v[..q])
                }
                _ => {
                    let tables = typed.get_or_insert_with(|| argument_tables(doc, method));
                    let quoted = tables
                        .iter()
                        .find(|p| p.name.eq_ignore_ascii_case(name))
                        .and_then(literal)
                        .is_some_and(|l| l.starts_with('\''));
                    if quoted {
                        format!("'{{{name}}}'")
                    } else {
                        format!("{{{name}}}")
                    }
                }
            })
        });
        if !changed {
            continue;
        }
        first.get_or_insert_with(|| (path.clone(), rewritten.clone()));
        *path = rewritten;
        merge_params(path_params, placeholders(path));
    }
    if let Some((written, rewritten)) = first {
        diags.push(
            Diagnostic::at(
                codes::WRITTEN_ARGUMENTS,
                source,
                format!(
                    "the request line writes values for the function's parameters \
                     (`{written}`); they are taken as placeholders: `{rewritten}`"
                ),
            )
            .with_suggestion(format!("write the request line as `{method} {rewritten}`")),
        );
    }
}

/// The parameters the page's tables type, for the arguments a request line writes: its
/// function and path parameters, and on a GET its request body's.
fn argument_tables(doc: &Document, method: &str) -> Vec<Parameter> {
    let mut headings = vec!["function parameters", "path parameters"];
    if method.eq_ignore_ascii_case("GET") {
        headings.push("request body");
    }
    let mut ignored = Vec::new();
    headings
        .into_iter()
        .filter_map(|h| sections_starting(doc, h))
        .flat_map(|s| {
            s.tables()
                .filter(|t| is_parameter_table(t))
                .flat_map(|t| parameters(doc, t, &mut ignored))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `path` with each `name=value` argument of its calls (`f(a=1,b='x')`) replaced by what
/// `f(name, value)` returns, when it returns something (see [`call`] for what an argument
/// is); an argument without a name (an entity key) is kept.
fn rewrite_arguments(path: &str, mut f: impl FnMut(&str, &str) -> Option<String>) -> String {
    let mut out = String::with_capacity(path.len() + 16);
    let mut rest = path;
    while let Some(args) = call::next_arguments(rest) {
        out.push_str(&rest[..args.start]);
        for (i, arg) in call::arguments(&rest[args.clone()]).enumerate() {
            if i > 0 {
                out.push(',');
            }
            let replaced = call::named(arg)
                .and_then(|(name, value)| f(name, value).map(|v| format!("{name}={v}")));
            out.push_str(replaced.as_deref().unwrap_or(arg));
        }
        out.push(')');
        rest = &rest[args.end + 1..];
    }
    out.push_str(rest);
    out
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
        // The required ones, and the overload that takes the optional one too.
        assert_eq!(
            e.paths,
            [
                "/gadgets/filterByCurrentUser(on='{on}',count={count})",
                "/gadgets/filterByCurrentUser(on='{on}',count={count},since={since})"
            ]
        );
        let names: Vec<&str> = e
            .path_params
            .iter()
            .map(|p: &PathParam| p.name.as_str())
            .collect();
        assert_eq!(names, ["on", "count", "since"]);
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
            Some(
                "write the request lines as `GET /gadgets/filter(on='{on}',count={count})` and \
                 `GET /gadgets/filter(on='{on}',count={count},since={since})`"
            )
        );
    }

    #[test]
    fn a_required_column_says_which_go_into_the_url() {
        let e = page(
            "/reports/getJobs",
            "## Function parameters\n\n|Parameter|Type|Required?|Description|\n|:--|:--|:--|:--|\n\
             |`groupId`|`Edm.String`|Yes|The group.|\n|`startDateTime`|`Edm.DateTimeOffset`|No|From.|",
        );
        assert_eq!(
            e.paths,
            [
                "/reports/getJobs(groupId='{groupId}')",
                "/reports/getJobs(groupId='{groupId}',startDateTime={startDateTime})"
            ]
        );
    }

    #[test]
    fn only_optional_parameters_make_a_second_path() {
        const TOKEN: &str = "## Function parameters\n\n|Parameter|Type|Description|\n\
            |:--|:--|:--|\n|token|string|Optional. Where the last round stopped.|";
        let both = [
            "/drives/{id}/root/delta",
            "/drives/{id}/root/delta(token='{token}')",
        ];
        assert_eq!(page("/drives/{id}/root/delta", TOKEN).paths, both);
        // A page that writes its overloads itself gets none added.
        let written = page(&both.join("\nGET "), TOKEN);
        assert_eq!(written.paths, both);
    }

    #[test]
    fn values_written_for_arguments_become_placeholders() {
        let e = page(
            "/books/{id}/sheets/{id}/range(address='<address>')/image(width=640,height=480,mode='fit')\n\
             GET /books/{id}/notes(includeOld=includeOld-value,since=2017-01-01)",
            "## Function parameters\n\n|Parameter|Type|Description|\n|:--|:--|:--|\n\
             |since|String|From when.|",
        );
        assert_eq!(
            e.paths,
            [
                "/books/{id}/sheets/{id}/range(address='{address}')/image(width={width},height={height},mode='{mode}')",
                // Bare, but typed as text by the table: quoted.
                "/books/{id}/notes(includeOld={includeOld},since='{since}')",
            ]
        );
        let names: Vec<&str> = e.path_params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "id",
                "address",
                "width",
                "height",
                "mode",
                "includeOld",
                "since"
            ]
        );
    }

    #[test]
    fn placeholders_aliases_and_keys_stay_as_written() {
        for path in [
            "/reports/getX(period='{period_value}')",
            "/me/zones(Standard=microsoft.graph.zoneStandard'{format}')",
            "/reports/getX(period=@p)",
            "/sites('{id}')/lists",
        ] {
            let text = format!("# Get x\n\n## HTTP request\n\n```http\nGET {path}\n```\n");
            let page = parse_page("api/x-get.md", text.as_bytes());
            let e = page.endpoint.expect("an endpoint");
            assert_eq!(e.paths, [path]);
            assert!(
                !page
                    .diagnostics
                    .iter()
                    .any(|d| d.code == crate::diag::codes::WRITTEN_ARGUMENTS.id),
                "{path}"
            );
        }
    }

    #[test]
    fn a_written_value_is_reported_once_with_the_line_to_write() {
        let text = "# Image\n\n## HTTP request\n\n```http\nGET /charts/{id}/image(width=640)\n\
                    GET /me/charts/{id}/image(width=640)\n```\n";
        let page = parse_page("api/chart-image.md", text.as_bytes());
        let found: Vec<_> = page
            .diagnostics
            .iter()
            .filter(|d| d.code == crate::diag::codes::WRITTEN_ARGUMENTS.id)
            .collect();
        assert_eq!(found.len(), 1, "{:?}", page.diagnostics);
        assert_eq!((found[0].line, found[0].column), (6, 1));
        assert_eq!(
            found[0].suggestion.as_deref(),
            Some("write the request line as `GET /charts/{id}/image(width={width})`")
        );
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
