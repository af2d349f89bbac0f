//! Which examples can be replayed, as which call; and why the others cannot.

use super::report::Finding;
use crate::model::{Api, Endpoint, Example, JsonText};
use crate::route::{match_template, RequestUrl};
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
    /// The endpoint whose examples the mock serves this one as: its own, unless the mock
    /// routes the URL to another page documenting the same method and path.
    pub served_by: usize,
    /// How the report names the example.
    pub id: String,
    /// What to ask the generated dispatch for.
    pub call: Call,
    /// The example request's method, uppercase.
    pub method: String,
    /// The example request's URL, taken apart.
    pub url: RequestUrl,
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
                    served_by: ei,
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

type Plan = (Call, String, RequestUrl, Option<Value>, Option<Value>);

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
    // A binary body is replayed as the text the example shows, as a JSON string.
    let binary = e
        .request_body
        .as_ref()
        .is_some_and(crate::model::RequestBody::is_binary);
    let request_body = match (&request.raw_body, &request.body) {
        (Some(raw), _) if binary => Some(Value::String(raw.clone())),
        (_, Some(json)) if binary => Some(Value::String(json.as_str().to_owned())),
        (Some(_), None) => {
            return Err(("request body is not JSON", first_line(&request.raw_body)));
        }
        (_, json) => json.as_ref().map(JsonText::value),
    };
    if response.body.is_none() && response.raw_body.is_some() {
        let reason = if response.truncated {
            "response body is truncated and not JSON"
        } else {
            "response body is not JSON"
        };
        return Err((reason, first_line(&response.raw_body)));
    }
    let url = RequestUrl::parse(&request.url);
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
        body: request_body.clone(),
        query,
        headers: request.headers.clone(),
    };
    Ok((
        call,
        request.method.trim().to_ascii_uppercase(),
        url,
        request_body,
        response.body.as_ref().map(JsonText::value),
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

/// Splits the planned examples into rounds in which every endpoint serves at most one example
/// ([`Planned::served_by`]), in the docs' order. The mock answers a request with the example whose URL it names, else
/// the endpoint's first: two examples sent to one URL (common: "Example 1", "Example 2" both
/// `POST /users`), or a URL whose case differs from the template's, would get another
/// example's response. Serving one example per endpoint per round removes the ambiguity.
pub(crate) fn rounds(planned: &[Planned]) -> Vec<Vec<usize>> {
    let mut rounds: Vec<Vec<usize>> = Vec::new();
    let mut next_round: std::collections::HashMap<usize, usize> = Default::default();
    for (i, p) in planned.iter().enumerate() {
        let r = next_round.entry(p.served_by).or_insert(0);
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
            query_options: e.query_options.clone(),
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
        if let (Some(target), Some(example)) = (out.endpoints.get_mut(p.served_by), example) {
            target.examples.push(example);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// An API with one endpoint `GET /app/calls/{id}` and these examples.
    fn api(examples: Value) -> Api {
        let endpoint = json!({
            "name": "call-get", "title": "Get call", "description": null, "method": "GET",
            "paths": ["/app/calls/{id}", "/applications/{id}/calls/{id}"], "path_params": [],
            "permissions": {"delegated_work": [], "delegated_personal": [], "application": []},
            "headers": [], "request_body": null, "responses": [], "examples": examples,
            "source": {"file": "api/call-get.md", "line": 1}
        });
        serde_json::from_value(json!({"version": "v1.0", "endpoints": [endpoint], "types": []}))
            .expect("a model")
    }

    fn example(url: &str, raw: Option<&str>, status: u16, truncated: bool) -> Value {
        let body = if raw.is_some() {
            Value::Null
        } else {
            json!({"id": "1"})
        };
        json!({
            "name": null,
            "request": {"method": "GET", "url": url, "headers": [], "body": null,
                        "source": {"file": "api/call-get.md", "line": 10}},
            "response": {"status": status, "headers": [], "body": body, "raw_body": raw,
                         "truncated": truncated, "is_collection": false,
                         "source": {"file": "api/call-get.md", "line": 20}}
        })
    }

    #[test]
    fn sorts_examples_into_calls_and_reasons() {
        let api = api(json!([
            example("https://graph.microsoft.com/v1.0/applications/a/calls/c?$top=1", None, 200, false),
            example("/app/calls/c", Some("{ \"id\": ..."), 200, true),
            example("/app/calls/c", Some("<xml/>"), 200, false),
            example("/app/calls/c", None, 404, false),
            example("https://contoso.com/app/calls/c", None, 200, false),
            example("/app/meetings/c", None, 200, false),
            {"name": "lonely", "request": null, "response": null},
        ]));
        let (planned, untestable) = plan(&api);
        assert_eq!(planned.len(), 1);
        let call = &planned[0].call;
        assert_eq!((call.endpoint.as_str(), call.path_index), ("call-get", 1));
        assert_eq!(call.args, ["a", "c"]);
        assert_eq!(call.query.to_query_pairs(), [("$top".into(), "1".into())]);
        assert_eq!(planned[0].id, "api/call-get.md:10 (example 1)");
        let reasons: Vec<&str> = untestable.iter().map(|f| f.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "response body is truncated and not JSON",
                "response body is not JSON",
                "example response is not a success",
                "example URL is not on a Graph host",
                "example URL matches none of the endpoint's paths",
                "no request example",
            ]
        );
    }

    #[test]
    fn rounds_serve_one_example_per_endpoint() {
        let ok = example("/app/calls/c", None, 200, false);
        let api = api(json!([ok, ok, ok]));
        let (mut planned, _) = plan(&api);
        assert_eq!(rounds(&planned), [vec![0], vec![1], vec![2]]);
        let base = without_examples(&api);
        let served = api_for_round(&base, &api, &planned, &[1]);
        assert_eq!(served.endpoints[0].examples.len(), 1);
        planned[1].served_by = 7; // no such endpoint: nothing is served, nothing panics
        assert!(api_for_round(&base, &api, &planned, &[1]).endpoints[0]
            .examples
            .is_empty());
    }
}
