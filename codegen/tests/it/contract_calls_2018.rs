//! Every example of the calls-2018 corpus replayed through the committed golden crate
//! (`calls-2018-golden`, feature `contract`) against the mock. Real docs have examples that
//! cannot be replayed (truncated bodies, error responses) and some the typed client gets
//! wrong; the test prints the counts and reasons, and holds the number passing to a floor
//! measured when it was written, so a regression in the emitter or runtime shows up.

use crate::corpus;

use docspec_codegen::contract;

/// Examples passing when this test was written (34 of 40; the other 6 have no response example).
const PASSING_FLOOR: usize = 34;

#[tokio::test]
async fn calls_2018_examples_round_trip_through_the_golden_crate() {
    let Some(dir) = corpus::dir("calls-2018") else {
        return;
    };
    let loaded = docspec_codegen::load(&[dir]);
    let api = loaded.api(None).expect("calls-2018 resolves to an API");
    let examples: usize = api.endpoints.iter().map(|e| e.examples.len()).sum();
    let report = contract::run(api, |client, call| async move {
        calls_2018_golden::contract::invoke(&client, &call).await
    })
    .await
    .expect("the mock starts");
    println!("{}", report.summary_with(usize::MAX));
    assert_eq!(report.total(), examples, "every example is counted once");
    assert!(
        report.passed >= PASSING_FLOOR,
        "{} examples pass, fewer than the {PASSING_FLOOR} that did:\n{}",
        report.passed,
        report.summary_with(usize::MAX)
    );
}
