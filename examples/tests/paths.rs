//! A call's path argument as an app sees it: a path enum of the generated `graph-calls` crate
//! prints, in `Debug`, the path it fills, with each id percent-encoded as one segment.

use graph_calls::requests::{CreateCallPath, ListParticipantsPath};

#[test]
fn a_path_enum_debugs_as_the_path_it_fills_with_ids_encoded() {
    let path = ListParticipantsPath::Application {
        application_id: "app/1",
        call_id: "call 7",
    };
    assert_eq!(
        format!("{path:?}"),
        "/applications/app%2F1/calls/call%207/participants"
    );
    assert_eq!(format!("{:?}", CreateCallPath::App), "/app/calls");
    // Inside another value's derived `Debug` it is the same text, unquoted.
    assert_eq!(
        format!("{:?}", Some(ListParticipantsPath::App { call_id: "x" })),
        "Some(/app/calls/x/participants)"
    );
}
