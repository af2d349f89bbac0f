//! The examples checked against the types their pages declare, without running anything: a
//! request body against the endpoint's request body, a response body against the type of
//! its status. Strings of a typed wire form must parse as the runtime's types parse them, so
//! what is reported is what a generated client could not send or decode (a placeholder such
//! as `"datetime-value"` for a `DateTimeOffset`), or a value of the wrong JSON type.
//!
//! Not part of [`crate::load`]: it parses every example body, which loading does not need.
//! `docspec inspect` and `docspec stats` add its diagnostics (DS0506) to the loaded ones.

use crate::diag::{codes, Diagnostic};
use crate::model::{Api, Endpoint, Example, Source};
use crate::validate::{check_example_request, check_example_response, TypeIndex};

/// The DS0506 warnings of every example of `apis`, one per example body that does not fit.
pub fn check_example_values(apis: &[Api]) -> Vec<Diagnostic> {
    apis.iter().flat_map(check_api_example_values).collect()
}

/// The DS0506 warnings of the examples of one API.
pub fn check_api_example_values(api: &Api) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let index = TypeIndex::new(api);
    for endpoint in &api.endpoints {
        for example in &endpoint.examples {
            check_example(api, &index, endpoint, example, &mut out);
        }
    }
    out
}

fn check_example(
    api: &Api,
    index: &TypeIndex,
    endpoint: &Endpoint,
    example: &Example,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(request) = &example.request {
        if let (Some(body), Some(expected)) = (&request.body, &endpoint.request_body) {
            let partial = endpoint.method.eq_ignore_ascii_case("PATCH");
            if let Err(problems) =
                check_example_request(api, index, expected, &body.value(), partial)
            {
                out.push(warning(
                    &request.source,
                    "the example request does not fit the body the page declares",
                    &problems,
                ));
            }
        }
    }
    let Some(response) = &example.response else {
        return;
    };
    let Some(body) = &response.body else {
        return;
    };
    // The documented response of the example's status, else the only one documented.
    let documented = endpoint
        .responses
        .iter()
        .find(|r| Some(r.status) == response.status)
        .or(match endpoint.responses.as_slice() {
            [only] if response.status.is_none_or(|s| (200..300).contains(&s)) => Some(only),
            _ => None,
        });
    let Some(ty) = documented.and_then(|r| r.ty.as_ref()) else {
        return;
    };
    if let Err(problems) = check_example_response(api, index, ty, &body.value()) {
        let what = format!(
            "the example response does not fit the `{}`{} the page returns",
            ty.name,
            if ty.collection { " collection" } else { "" }
        );
        out.push(warning(&response.source, &what, &problems));
    }
}

fn warning(source: &Source, what: &str, problems: &[String]) -> Diagnostic {
    Diagnostic::new(
        codes::EXAMPLE_VALUE,
        source.file.clone(),
        source.line,
        1,
        format!("{what}: {}", problems.join("; ")),
    )
}
