//! Polymorphic values through the generated `graph-calls` crate, over real HTTP against the
//! mock serving `docs/`: a call's `mediaConfig` is a `mediaConfig` or one of its derived
//! types, told apart by `@odata.type`.

use docspec_codegen::mock::MockServer;
use graph_calls::models::{AnyMediaConfig, Call, MediaConfig, MediaInfo, ServiceHostedMediaConfig};
use graph_calls::requests::CreateCallPath;
use graph_calls::runtime::{Client, StaticToken};
use graph_calls::Graph;
use serde_json::json;

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs");

#[tokio::test]
async fn a_derived_body_is_sent_tagged_and_a_tagged_answer_decodes_into_its_type() {
    let mock = MockServer::start_apis(docspec_codegen::load(&[DOCS]).apis)
        .await
        .unwrap();
    let client = Client::new(mock.url(), StaticToken::new("t")).unwrap();
    let body = Call::new().media_config(
        ServiceHostedMediaConfig::new()
            .remove_from_default_audio_group(false)
            .pre_fetch_media([MediaInfo::new().uri("https://media.example.org/a.wav")]),
    );
    let call = Graph::new(client)
        .create_call(CreateCallPath::App, &body)
        .await
        .unwrap();

    // The body says which derived type it holds, without the caller writing the tag.
    let sent = mock.received();
    let sent = sent.last().unwrap().body.as_ref().unwrap();
    assert_eq!(
        sent["mediaConfig"]["@odata.type"],
        "#microsoft.graph.serviceHostedMediaConfig"
    );
    // The docs' answer is tagged too, and decodes into the derived type.
    let media = call
        .media_config
        .expect("the example answer has a mediaConfig");
    let AnyMediaConfig::ServiceHostedMediaConfig(service) = &media else {
        panic!("decoded into another variant: {media:?}");
    };
    assert_eq!(service.pre_fetch_media.as_ref().map(Vec::len), Some(2));
    // The base type's properties stay at hand whatever the variant.
    assert_eq!(media.remove_from_default_audio_group(), Some(&false));
}

#[test]
fn an_undeclared_type_keeps_all_its_data_and_round_trips() {
    let wire = json!({
        "@odata.type": "#microsoft.graph.futureMediaConfig",
        "removeFromDefaultAudioGroup": true,
        "novelty": {"depth": [1, 2, 3]}
    });
    let media: AnyMediaConfig = serde_json::from_value(wire.clone()).unwrap();
    let AnyMediaConfig::MediaConfig(MediaConfig {
        remove_from_default_audio_group: Some(true),
        additional_properties,
        ..
    }) = &media
    else {
        panic!("an undeclared tag is the base type: {media:?}");
    };
    assert_eq!(additional_properties["novelty"]["depth"][2], 3);
    assert_eq!(serde_json::to_value(&media).unwrap(), wire);
}

#[test]
fn tags_match_without_regard_to_case_or_namespace_and_untagged_values_are_the_base() {
    let media: AnyMediaConfig =
        serde_json::from_value(json!({"@odata.type": "#AppHostedMediaConfig", "blob": "b"}))
            .unwrap();
    assert!(matches!(media, AnyMediaConfig::AppHostedMediaConfig(_)));
    let media: AnyMediaConfig =
        serde_json::from_value(json!({"removeFromDefaultAudioGroup": false})).unwrap();
    assert!(matches!(media, AnyMediaConfig::MediaConfig(_)));
    // Untagged it was, untagged it goes back.
    assert_eq!(
        serde_json::to_value(&media).unwrap(),
        json!({"removeFromDefaultAudioGroup": false})
    );
}
