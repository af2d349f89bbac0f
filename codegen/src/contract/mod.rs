//! Contract tests: every request/response example of the docs replayed through a generated
//! client, against the mock server.
//!
//! For each example pair, [`run`]:
//! 1. sets aside what cannot be replayed, with the reason (no request or response, a body
//!    that is not JSON or is truncated, an error response, a URL on another host or matching
//!    none of the endpoint's paths);
//! 2. maps the example URL onto one of the endpoint's path templates (which function, and its
//!    decoded ids) and its query string onto pass-through query options, and asks the
//!    generated crate's `contract::invoke` (cargo feature `contract`) to decode the example
//!    body into the typed body and make the typed call against the mock;
//! 3. checks that the mock received the example's method, path (decoded segments; literals
//!    case-insensitively), query and JSON body, and that the typed result, serialized back,
//!    is the example's response body (see the `compare` module for what counts as equal).
//!
//! The mock answers a request with the example whose URL it names, else the endpoint's first,
//! so examples are replayed in rounds with one example per endpoint each, one mock per round
//! (`plan::rounds`); docs with one example per endpoint need one mock.
//!
//! ```no_run
//! # async fn demo(api: docspec_codegen::Api) -> std::io::Result<()> {
//! use docspec_runtime::contract::{Call, InvokeError};
//! # async fn invoke(_: &docspec_runtime::Client, _: &Call)
//! #     -> Result<Option<serde_json::Value>, InvokeError> { Ok(None) }
//! let report = docspec_codegen::contract::run(&api, |client, call| async move {
//!     invoke(&client, &call).await // e.g. graph_calls::contract::invoke
//! })
//! .await?;
//! println!("{}", report.summary());
//! # Ok(()) }
//! ```

mod check;
mod compare;
mod page;
mod plan;
mod report;
mod values;

pub use page::check_examples_against_page;
pub use report::{ContractReport, Finding};
pub use values::{check_api_example_values, check_example_values};

use crate::diag::{codes, Code};
use crate::mock::MockServer;
use crate::model::{Api, ExampleResponse, Source};
use check::Verdict;
use docspec_runtime::contract::{Call, InvokeError};
use docspec_runtime::{Client, RetryPolicy, StaticToken};
use plan::Planned;
use serde_json::Value;
use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::time::Duration;

/// How long one replayed call may take; the mock answers on loopback at once.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// Replays every example of `api` through `invoke` (a generated crate's
/// `contract::invoke`, given a client pointed at the mock) and reports each example as
/// passed, failed or untestable. Fails only when a mock server cannot start.
pub async fn run<F, Fut>(api: &Api, invoke: F) -> io::Result<ContractReport>
where
    F: Fn(Client, Call) -> Fut,
    Fut: Future<Output = Result<Option<Value>, InvokeError>>,
{
    let (planned, untestable) = plan::plan(api);
    let mut report = ContractReport {
        untestable,
        ..ContractReport::default()
    };
    let contradicting = Contradicting::new(api);
    let base = plan::without_examples(api);
    let mut rerouted = Vec::new();
    for (p, verdict) in replay_all(api, &base, planned, &invoke).await? {
        match verdict {
            Verdict::Rerouted(to) => match api.endpoints.iter().position(|e| e.name == to) {
                Some(target) => rerouted.push(Planned {
                    served_by: target,
                    ..p
                }),
                None => record(&mut report, &p, Verdict::Rerouted(to), &contradicting),
            },
            v => record(&mut report, &p, v, &contradicting),
        }
    }
    // Requests the mock routed to another page documenting the same method and path: replay
    // them with their example served as that page's, so the answer is their own.
    for (p, verdict) in replay_all(api, &base, rerouted, &invoke).await? {
        record(&mut report, &p, verdict, &contradicting);
    }
    Ok(report)
}

/// Replays `planned` in rounds (one mock per round, see `plan::rounds`).
async fn replay_all<F, Fut>(
    api: &Api,
    base: &Api,
    planned: Vec<Planned>,
    invoke: &F,
) -> io::Result<Vec<(Planned, Verdict)>>
where
    F: Fn(Client, Call) -> Fut,
    Fut: Future<Output = Result<Option<Value>, InvokeError>>,
{
    let mut out = Vec::with_capacity(planned.len());
    for round in plan::rounds(&planned) {
        let served = plan::api_for_round(base, api, &planned, &round);
        let mock = MockServer::start(served, MockServer::LOOPBACK).await?;
        let origin = mock.url();
        let client = client_for(&origin, api.version.as_deref())?;
        for &i in &round {
            let Some(p) = planned.get(i) else { continue };
            let serving = api
                .endpoints
                .get(p.served_by)
                .map(|e| e.name.as_str())
                .unwrap_or_default();
            mock.clear_received();
            let result = invoke(client.clone(), p.call.clone()).await;
            let received = mock.received();
            let verdict = check::judge(p, serving, result, &received, &origin);
            out.push((p.clone(), verdict));
        }
        mock.shutdown().await;
    }
    Ok(out)
}

/// The examples that contradict their own page, by endpoint and example index: their values
/// its types (DS0506, [`check_example_values`]), their method its request lines (DS0811), a
/// body sent with a GET (DS0812), body members its parameter table spells with other letter
/// case (DS0813), or their answer its response section (a status it does not document,
/// DS0803; a `204` with a body, DS0310). A failure such a contradiction explains is the
/// docs', not the client's.
struct Contradicting(HashMap<(usize, usize), Contradiction>);

/// What one example contradicts.
#[derive(Clone, Copy)]
struct Contradiction {
    /// A body's values, the request's or the response's (DS0506).
    values: bool,
    /// The method (DS0811).
    method: bool,
    /// A body sent with a GET (DS0812).
    get_body: bool,
    /// Body members spelled with other letter case than the parameter table (DS0813).
    member_case: bool,
    /// The response: its values (DS0506), its status (DS0803), a body on a `204` (DS0310).
    answer: bool,
}

impl Contradicting {
    fn new(api: &Api) -> Self {
        // The codes reported at each place (file, line).
        let mut found: HashMap<(String, u32), Vec<String>> = HashMap::new();
        let reported = check_api_example_values(api)
            .into_iter()
            .chain(check_examples_against_page(api));
        for d in reported {
            found.entry((d.file, d.line)).or_default().push(d.code);
        }
        let at = |s: &Source| -> &[String] {
            found
                .get(&(s.file.clone(), s.line))
                .map_or(&[], Vec::as_slice)
        };
        let mut out = HashMap::new();
        for (i, e) in api.endpoints.iter().enumerate() {
            for (j, x) in e.examples.iter().enumerate() {
                let sent = x.request.as_ref().map_or(&[][..], |r| at(&r.source));
                let answered = x.response.as_ref().map_or(&[][..], |r| at(&r.source));
                let empty_with_body = x
                    .response
                    .as_ref()
                    .is_some_and(ExampleResponse::is_no_content_with_body);
                let has = |found: &[String], code: Code| found.iter().any(|c| c == code.id);
                let values = codes::EXAMPLE_VALUE;
                let c = Contradiction {
                    values: has(sent, values) || has(answered, values),
                    method: has(sent, codes::METHOD_MISMATCH),
                    get_body: has(sent, codes::GET_WITH_BODY),
                    member_case: has(sent, codes::MEMBER_CASE),
                    answer: has(answered, values)
                        || has(answered, codes::STATUS_MISMATCH)
                        || empty_with_body,
                };
                if c.values || c.method || c.get_body || c.member_case || c.answer {
                    out.insert((i, j), c);
                }
            }
        }
        Contradicting(out)
    }

    /// Whether the failure of `p` for `reason` is one its contradiction explains: the typed
    /// client refusing values (a body that does not decode, the mock, which checks bodies
    /// against the same types, refusing the request), another method, another body (a GET
    /// sends none), a request the table spells otherwise, another answer.
    fn explains(&self, p: &Planned, reason: &str) -> bool {
        let Some(c) = self.0.get(&(p.endpoint, p.example)) else {
            return false;
        };
        let refusal = reason == check::REQUEST_DOES_NOT_DECODE
            || reason == check::RESPONSE_DOES_NOT_DECODE
            || reason.starts_with(check::MOCK_REFUSED);
        let answer = reason == check::RESPONSE_DOES_NOT_DECODE
            || reason.starts_with(check::RESPONSE_DIFFERS);
        let request = reason == check::REQUEST_DOES_NOT_DECODE
            || reason.starts_with(check::REQUEST_BODY_DIFFERS)
            || reason.starts_with(check::MOCK_REFUSED);
        (c.values && refusal)
            || (c.method && reason == check::METHOD_DIFFERS)
            || (c.get_body && reason.starts_with(check::REQUEST_BODY_DIFFERS))
            || (c.member_case && request)
            || (c.answer && answer)
    }
}

fn record(report: &mut ContractReport, p: &Planned, verdict: Verdict, c: &Contradicting) {
    let id = p.id.clone();
    match verdict {
        Verdict::Passed => report.passed += 1,
        Verdict::Failed(reason, detail) if c.explains(p, &reason) => {
            report.contradicted.push(Finding::new(id, reason, detail))
        }
        Verdict::Failed(reason, detail) => report.failed.push(Finding::new(id, reason, detail)),
        Verdict::Untestable(reason, detail) => {
            report.untestable.push(Finding::new(id, reason, detail))
        }
        Verdict::Rerouted(to) => report.untestable.push(Finding::new(
            id,
            "the mock routes this URL to another endpoint",
            to,
        )),
    }
}

/// A client for the mock at `origin`, under the API's version prefix, without retries (a
/// retried request would be recorded twice and hide what the first attempt got).
fn client_for(origin: &str, version: Option<&str>) -> io::Result<Client> {
    let base = match version {
        Some(v) => format!("{origin}/{v}"),
        None => origin.to_string(),
    };
    Client::builder()
        .base_url(base)
        .token_provider(StaticToken::new("contract-test"))
        .retry_policy(RetryPolicy::none())
        .timeout(CALL_TIMEOUT)
        .build()
        .map_err(io::Error::other)
}
