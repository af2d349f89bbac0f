//! The checks of one API page against itself: example statuses and methods (the contract's
//! [`check_examples_against_page`], which its runner also reads) and URLs against what the
//! page documents, request headers, the `@odata.type` of response annotations, and example
//! names across the version.

use super::misspelling_of;
use crate::contract::check_examples_against_page;
use crate::diag::{codes, Diagnostic};
use crate::model::{Api, Endpoint, Source};
use crate::route::{match_template, RequestUrl};
use std::collections::BTreeMap;

/// Request headers the Graph docs use, as the standards and the service spell them.
const KNOWN_HEADERS: &[&str] = &[
    "Accept",
    "Accept-Charset",
    "Accept-Encoding",
    "Accept-Language",
    "Authorization",
    "Cache-Control",
    "client-request-id",
    "ConsistencyLevel",
    "Content-Disposition",
    "Content-Encoding",
    "Content-Language",
    "Content-Length",
    "Content-Location",
    "Content-Range",
    "Content-Type",
    "Cookie",
    "Date",
    "ETag",
    "Expect",
    "Host",
    "If-Match",
    "If-Modified-Since",
    "If-None-Match",
    "If-Range",
    "If-Unmodified-Since",
    "Location",
    "Origin",
    "Prefer",
    "Range",
    "Referer",
    "request-id",
    "Retry-After",
    "return-client-request-id",
    "User-Agent",
    "Workbook-Session-Id",
];

/// Every check of this module over the endpoints of `api`.
pub(super) fn check(api: &Api, out: &mut Vec<Diagnostic>) {
    let mut names: BTreeMap<&str, &Source> = BTreeMap::new();
    out.extend(check_examples_against_page(api));
    for e in &api.endpoints {
        urls(e, out);
        headers(e, out);
        content_type(e, out);
        odata_types(e, out);
        for x in &e.examples {
            let (Some(name), Some(source)) = (
                x.name.as_deref(),
                x.request
                    .as_ref()
                    .map(|r| &r.source)
                    .or(x.response.as_ref().map(|r| &r.source)),
            ) else {
                continue;
            };
            match names.get(name) {
                Some(first) => out.push(Diagnostic::at(
                    codes::DUPLICATE_EXAMPLE_NAME,
                    source,
                    format!(
                        "the example name `{name}` is already used at {}:{}; example names \
                         must be unique in a version",
                        first.file, first.line
                    ),
                )),
                None => {
                    names.insert(name, source);
                }
            }
        }
    }
}

/// DS0810: an example request to Graph whose path matches none of the page's paths.
fn urls(e: &Endpoint, out: &mut Vec<Diagnostic>) {
    if e.paths.is_empty() {
        return;
    }
    for x in &e.examples {
        let Some(r) = &x.request else {
            continue;
        };
        let url = RequestUrl::parse(&r.url);
        if !url.on_graph() {
            continue;
        }
        if e.paths
            .iter()
            .all(|t| match_template(t, &url.segments).is_none())
        {
            out.push(Diagnostic::at(
                codes::URL_MISMATCH,
                &r.source,
                format!(
                    "the example's URL `{}` matches none of the page's paths ({})",
                    r.url.trim(),
                    e.paths.join(", ")
                ),
            ));
        }
    }
}

/// DS0804: documented or example request headers that misspell a standard one.
fn headers(e: &Endpoint, out: &mut Vec<Diagnostic>) {
    let mut report = |name: &str, source: &Source, where_: &str| {
        if let Some(known) = misspelling_of(name, KNOWN_HEADERS) {
            if !known.eq_ignore_ascii_case(name) {
                out.push(
                    Diagnostic::at(
                        codes::MISSPELLED_HEADER,
                        source,
                        format!("{where_} header `{name}` looks like a misspelling of `{known}`"),
                    )
                    .with_suggestion(format!("write `{known}`")),
                );
            }
        }
    };
    for h in &e.headers {
        report(h.name.trim(), &e.source, "the documented");
    }
    for x in &e.examples {
        if let Some(r) = &x.request {
            for (name, _) in &r.headers {
                report(name.trim(), &r.source, "the example's");
            }
        }
    }
}

/// DS0805: the examples send a JSON body, the page documents no `Content-Type`.
fn content_type(e: &Endpoint, out: &mut Vec<Diagnostic>) {
    let sends_json = e
        .examples
        .iter()
        .any(|x| x.request.as_ref().is_some_and(|r| r.body.is_some()));
    let writes = matches!(e.method.as_str(), "POST" | "PUT" | "PATCH");
    let documented = e
        .headers
        .iter()
        .any(|h| h.name.trim().eq_ignore_ascii_case("Content-Type"));
    if writes && sends_json && !documented {
        out.push(Diagnostic::at(
            codes::MISSING_CONTENT_TYPE,
            &e.source,
            "the examples send a JSON body, but the request headers do not document \
             `Content-Type`",
        ));
    }
}

/// DS0807: an example answering a JSON object of a documented structured type, whose
/// annotation names no `@odata.type`.
fn odata_types(e: &Endpoint, out: &mut Vec<Diagnostic>) {
    for x in &e.examples {
        let Some(r) = &x.response else {
            continue;
        };
        if r.odata_type.is_some() || r.body.is_none() || r.status == Some(204) {
            continue;
        }
        let documented = e.responses.iter().find(|d| Some(d.status) == r.status).or(
            match e.responses.as_slice() {
                [only] => Some(only),
                _ => None,
            },
        );
        let structured = documented
            .and_then(|d| d.ty.as_ref())
            .is_some_and(|t| t.primitive().is_none());
        if structured {
            out.push(Diagnostic::at(
                codes::NO_ODATA_TYPE,
                &r.source,
                "the response annotation does not say the `@odata.type` of the body it shows",
            ));
        }
    }
}
