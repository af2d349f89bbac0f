//! A binary body through the generated `graph-calls` crate, over real HTTP against the mock
//! serving `docs/`: the page documents the body as the recording's bytes, so the call takes a
//! content type and bytes, and sends them as they are.

use docspec_codegen::mock::MockServer;
use graph_calls::runtime::{Client, StaticToken};
use graph_calls::Graph;

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs");

#[tokio::test]
async fn bytes_go_out_with_their_content_type_and_the_answer_is_typed() {
    let mock = MockServer::start_apis(docspec_codegen::load(&[DOCS]).apis)
        .await
        .unwrap();
    let graph = Graph::new(Client::new(mock.url(), StaticToken::new("t")).unwrap());
    let recording: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    let prompt = graph
        .replace_audio_prompt_content("call-1", "prompt-1", "audio/wav", recording.clone())
        .await
        .unwrap();
    assert_eq!(prompt.content_type.as_deref(), Some("audio/wav"));

    let received = mock.received();
    let put = received.last().unwrap();
    assert_eq!(put.method, "PUT");
    assert_eq!(put.path, "/app/calls/call-1/audioPrompts/prompt-1/content");
    assert_eq!(put.status, 200);
    // Not JSON: the bytes themselves, all of them, with the type the caller gave.
    assert_eq!(put.body, None);
    assert_eq!(put.body_len, recording.len());
    let content_type = put
        .headers
        .iter()
        .find(|(n, _)| n == "content-type")
        .map(|(_, v)| v.as_str());
    assert_eq!(content_type, Some("audio/wav"));
}
