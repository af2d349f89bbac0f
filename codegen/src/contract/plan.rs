//! Which examples can be replayed, as which call; and why the others cannot.

use super::report::Finding;
use super::url::{match_template, SplitUrl};
use crate::model::{Api, Endpoint, Example};
use docspec_runtime::contract::Call;
use docspec_runtime::QueryOptions;
use serde_json::Value;

/// An example ready to replay.
#[derive(Clone, Debug)]
pub(crate) struct Planned {
    /// Index into `api.endpoints`.
    pub endpoint: usize,
    /// Index into that endpoint's `examples`.
    pub example: usize,
    /// How the report names the example.
    pub id: String,
    /// What to ask the generated dispatch for.
    pub call: Call,
    /// The example request's method, uppercase.
    pub method: String,
    /// The example request's URL, taken apart.
    pub url: SplitUrl,
    /// The example request's JSON body.
    pub request_body: Option<Value>,
    /// The example response's JSON body.
    pub response_body: Option<Value>,
}

/// How an example is named in reports: `file:line (name)`.
pub(crate) fn example_id(e: &Endpoint, index: usize, x: &Example) -> String {
    let source = x
        .request
        .as_ref()
        .map(|r| &r.source)
        .or(x.response.as_ref().map(|r| &r.source))
        .unwrap_or(&e.source);
    let name = match &x.name {
        Some(n) => n.clone(),
        None => format!("example {}", index + 1),
    };
    format!("{}:{} ({name})", source.file, source.line)
}

/// Every example of `api`, planned or set aside with its reason.
pub(crate) fn plan(api: &Api) -> (Vec<Planned>, Vec<Finding>) {
    let mut planned = Vec::new();
    let mut untestable = Vec::new();
    for (ei, e) in api.endpoints.iter().enumerate() {
        for (xi, x) in e.examples.iter().enumerate() {
            let id = example_id(e, xi, x);
            match plan_one(e, x) {
                Ok((call, method, url, request_body, response_body)) => planned.push(Planned {
                    endpoint: ei,
                    example: xi,
                    id,
                    call,
                    method,
                    url,
                    request_body,
                    response_body,
                }),
                Err((reason, detail)) => untestable.push(Finding::new(id, reason, detail)),
            }
        }
    }
    (planned, untestable)
}

type Plan = (Call, String, SplitUrl, Option<Value>, Option<Value>);

fn plan_one(e: &Endpoint, x: &Example) -> Result<Plan, (&'static str, String)> {
    let Some(request) = &x.request else {
        return Err(("no request example", String::new()));
    };
    let Some(response) = &x.response else {
        return Err(("no response example", String::new()));
    };
    if let Some(status) = response.status.filter(|s| *s >= 300) {
        return Err((
            "example response is not a success",
            format!("HTTP {status}"),
        ));
    }
    if request.body.is_none() && request.raw_body.is_some() {
        return Err(("request body is not JSON", first_line(&request.raw_body)));
    }
    if response.body.is_none() && response.raw_body.is_some() {
        let reason = if response.truncated {
            "response body is truncated and not JSON"
        } else {
            "response body is not JSON"
        };
        return Err((reason, first_line(&response.raw_body)));
    }
    let url = SplitUrl::parse(&request.url);
    if !url.on_graph() {
        return Err((
            "example URL is not on a Graph host",
            url.host.clone().unwrap_or_default(),
        ));
    }
    let Some((path_index, args)) = e
        .paths
        .iter()
        .enumerate()
        .find_map(|(i, t)| match_template(t, &url.segments).map(|ids| (i, ids)))
    else {
        return Err((
            "example URL matches none of the endpoint's paths",
            format!("{} vs {}", request.url.trim(), e.paths.join(" | ")),
        ));
    };
    let mut query = QueryOptions::new();
    for (name, value) in &url.query {
        query = query.param(name.clone(), value.clone());
    }
    let call = Call {
        endpoint: e.name.clone(),
        path_index,
        args,
        body: request.body.clone(),
        query,
    };
    Ok((
        call,
        request.method.trim().to_ascii_uppercase(),
        url,
        request.body.clone(),
        response.body.clone(),
    ))
}

/// The first non-blank line of a raw body, shortened, to show what it was.
fn first_line(raw: &Option<String>) -> String {
    let line = raw
        .as_deref()
        .unwrap_or_default()
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .trim();
    line.chars().take(80).collect()
}

/// Splits the planned examples into rounds in which every endpoint has at most one example,
/// in the docs' order. The mock answers a request with the example whose URL it names, else
/// the endpoint's first: two examples sent to one URL (common: "Example 1", "Example 2" both
/// `POST /users`), or a URL whose case differs from the template's, would get another
/// example's response. Serving one example per endpoint per round removes the ambiguity.
pub(crate) fn rounds(planned: &[Planned]) -> Vec<Vec<usize>> {
    let mut rounds: Vec<Vec<usize>> = Vec::new();
    let mut next_round: std::collections::HashMap<usize, usize> = Default::default();
    for (i, p) in planned.iter().enumerate() {
        let r = next_round.entry(p.endpoint).or_insert(0);
        if rounds.len() <= *r {
            rounds.push(Vec::new());
        }
        if let Some(round) = rounds.get_mut(*r) {
            round.push(i);
        }
        *r += 1;
    }
    rounds
}

/// `api` without any example: the base each round's mock API is built from.
pub(crate) fn without_examples(api: &Api) -> Api {
    let endpoints = api
        .endpoints
        .iter()
        .map(|e| Endpoint {
            name: e.name.clone(),
            title: e.title.clone(),
            description: e.description.clone(),
            method: e.method.clone(),
            paths: e.paths.clone(),
            path_params: e.path_params.clone(),
            query: e.query.clone(),
            permissions: e.permissions.clone(),
            headers: e.headers.clone(),
            request_body: e.request_body.clone(),
            responses: e.responses.clone(),
            examples: Vec::new(),
            source: e.source.clone(),
        })
        .collect();
    Api {
        version: api.version.clone(),
        endpoints,
        types: api.types.clone(),
    }
}

/// `base` (see [`without_examples`]) with the examples of this round put back.
pub(crate) fn api_for_round(base: &Api, api: &Api, planned: &[Planned], round: &[usize]) -> Api {
    let mut out = base.clone();
    for &i in round {
        let Some(p) = planned.get(i) else { continue };
        let example = api
            .endpoints
            .get(p.endpoint)
            .and_then(|e| e.examples.get(p.example))
            .cloned();
        if let (Some(target), Some(example)) = (out.endpoints.get_mut(p.endpoint), example) {
            target.examples.push(example);
        }
    }
    out
}
