//! The generated `Graph::create_participant` call (golden crate `calls-2018-golden`) against the same call
//! written by hand with reqwest + serde_json: same loopback server, same body (the docs'
//! example), `CALLS` sequential calls per side per round, sides interleaved over `ROUNDS`
//! rounds. Prints the median time per call of each and the ratio (target: generated at most
//! 1.10x hand-written). No assertion: timings depend on the machine.
//!
//! It lives here rather than in the golden crate's `benches/` because that crate's
//! `Cargo.toml` is generated and cannot declare a bench target or its dev-dependencies.
//!
//! `cargo bench -p docspec-codegen --bench call`
//!
//! For a load-independent figure, run one side under callgrind at two call counts and divide
//! the instruction difference by the call difference (fixed start-up cost cancels out):
//! `DOCSPEC_BENCH_SIDE=generated|hand|hand_typed DOCSPEC_BENCH_CALLS=N DOCSPEC_BENCH_ROUNDS=1
//! valgrind --tool=callgrind target/release/deps/call-<hash>`.

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/support/corpus.rs"]
mod corpus;
#[path = "../tests/support/calls_2018.rs"]
mod support;

use calls::runtime::{Client, StaticToken};
use calls_2018_golden as calls;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::time::{Duration, Instant};

const CALLS: usize = 200;
const ROUNDS: usize = 10;
const SIDES: [&str; 3] = ["generated", "hand", "hand_typed"];

/// `DOCSPEC_BENCH_<name>` as a number, else `default`.
fn env_count(name: &str, default: usize) -> usize {
    std::env::var(format!("DOCSPEC_BENCH_{name}"))
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The hand-written call: what a user without docspec would write. With `serde_json::Value`
/// in and out it is the untyped baseline; with the generated models it separates the cost of
/// typed (de)serializing from the runtime's per-request work (auth, ids, retries, tracing).
async fn by_hand<B: Serialize, R: DeserializeOwned>(
    http: &reqwest::Client,
    base: &str,
    call_id: &str,
    body: &B,
) -> R {
    let url = format!("{base}/app/calls/{call_id}/participants");
    let resp = http
        .post(url)
        .bearer_auth("bench-token")
        .json(body)
        .send()
        .await
        .expect("send");
    assert!(resp.status().is_success(), "status {}", resp.status());
    let bytes = resp.bytes().await.expect("body");
    serde_json::from_slice(&bytes).expect("JSON")
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs.get(runs.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let Some(api) = support::calls_2018_api() else {
        return;
    };
    let (request, response) = support::create_participant_example(&api);
    let calls_per_round = env_count("CALLS", CALLS);
    let rounds = env_count("ROUNDS", ROUNDS).max(1);
    // Which sides run: all, or the one named by DOCSPEC_BENCH_SIDE (for callgrind).
    let only = std::env::var("DOCSPEC_BENCH_SIDE").ok();
    let runs: [bool; 3] = SIDES.map(|s| only.as_deref().is_none_or(|o| o == s));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(async move {
        let answer = response.clone();
        let server = support::serve(move |_, _, _| support::json(201, &answer)).await;
        let client = Client::builder()
            .base_url(&server.base)
            .token_provider(StaticToken::new("bench-token"))
            .build()
            .expect("client");
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .build()
            .expect("reqwest client");
        let typed: calls::Participant =
            serde_json::from_value(request.clone()).expect("example is a Participant");
        let graph = calls::Graph::new(client.clone());

        // Warm up both: connections, allocator, caches.
        for _ in 0..calls_per_round {
            if runs[0] {
                graph
                    .create_participant(
                        calls::CreateParticipantPath::App { call_id: "call-1" },
                        &typed,
                    )
                    .await
                    .expect("generated call");
            }
            if runs[1] {
                by_hand::<_, Value>(&http, &server.base, "call-1", &request).await;
            }
            if runs[2] {
                by_hand::<_, calls::Participant>(&http, &server.base, "call-1", &typed).await;
            }
        }

        let mut times: [Vec<Duration>; 3] = Default::default();
        for round in 0..rounds {
            // Rotate which side goes first, so none always runs on a warmer system.
            for k in 0..3 {
                let side = (round + k) % 3;
                if !runs[side] {
                    continue;
                }
                let started = Instant::now();
                for _ in 0..calls_per_round {
                    if side == 0 {
                        let p = graph
                            .create_participant(
                                calls::CreateParticipantPath::App { call_id: "call-1" },
                                &typed,
                            )
                            .await
                            .expect("generated call");
                        std::hint::black_box(p);
                    } else if side == 1 {
                        let v = by_hand::<_, Value>(&http, &server.base, "call-1", &request).await;
                        std::hint::black_box(v);
                    } else {
                        let p =
                            by_hand::<_, calls::Participant>(&http, &server.base, "call-1", &typed)
                                .await;
                        std::hint::black_box(p);
                    }
                }
                times[side].push(started.elapsed() / calls_per_round.max(1) as u32);
            }
        }
        let [generated, hand, hand_typed] = times.map(median);
        if only.is_some() {
            let t = [generated, hand, hand_typed];
            println!("one side only (DOCSPEC_BENCH_SIDE={only:?}): {t:.2?} per call");
            return;
        }
        println!(
            "create_participant over loopback, median of {rounds} rounds x {calls_per_round} calls:"
        );
        println!("  generated (docspec-runtime): {generated:.2?} per call");
        println!("  hand-written (reqwest + serde_json): {hand:.2?} per call");
        println!(
            "  hand-written with the generated models: {hand_typed:.2?} per call (typed codec \
             {:.3}x, runtime {:.3}x)",
            hand_typed.as_secs_f64() / hand.as_secs_f64().max(1e-12),
            generated.as_secs_f64() / hand_typed.as_secs_f64().max(1e-12)
        );
        println!(
            "  ratio generated/hand = {:.3}x (target <= 1.10x)",
            generated.as_secs_f64() / hand.as_secs_f64().max(1e-12)
        );
    });
}
