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
mod plan;
mod report;
mod values;

pub use report::{ContractReport, Finding};
pub use values::{check_api_example_values, check_example_values};

use crate::mock::MockServer;
use crate::model::{Api, Source};
use check::Verdict;
use docspec_runtime::contract::{Call, InvokeError};
use docspec_runtime::{Client, RetryPolicy, StaticToken};
use plan::Planned;
use serde_json::Value;
use std::collections::HashSet;
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

/// The examples whose bodies contradict the types their page declares (what
/// [`check_example_values`] reports), by endpoint and example index.
struct Contradicting(HashSet<(usize, usize)>);

impl Contradicting {
    fn new(api: &Api) -> Self {
        let reported = check_example_values(std::slice::from_ref(api));
        let flagged: HashSet<(&str, u32)> =
            reported.iter().map(|d| (d.file.as_str(), d.line)).collect();
        let is_flagged = |s: &Source| flagged.contains(&(s.file.as_str(), s.line));
        let mut out = HashSet::new();
        for (i, e) in api.endpoints.iter().enumerate() {
            for (j, x) in e.examples.iter().enumerate() {
                let request = x.request.as_ref().is_some_and(|r| is_flagged(&r.source));
                let response = x.response.as_ref().is_some_and(|r| is_flagged(&r.source));
                if request || response {
                    out.insert((i, j));
                }
            }
        }
        Contradicting(out)
    }

    /// Whether a failure of `p` for `reason` is the typed client refusing values that
    /// contradict the page's types: a body that does not decode, or the mock (which checks
    /// bodies against the same types) refusing the request.
    fn explains(&self, p: &Planned, reason: &str) -> bool {
        let refusal = reason == check::REQUEST_DOES_NOT_DECODE
            || reason == check::RESPONSE_DOES_NOT_DECODE
            || reason.starts_with(check::MOCK_REFUSED);
        refusal && self.0.contains(&(p.endpoint, p.example))
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
