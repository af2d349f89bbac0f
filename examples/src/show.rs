//! How the apps print what the service returned: plain lines a person can read and a
//! script can grep, with `-` for what the service left out.

use graph_calls::{CommsOperation, Identity, Participant};

/// What is printed for a value the service did not send.
const ABSENT: &str = "-";

/// The name shown for a participant: the first identity in its identity set that has one
/// (user, then application, device, phone), as Graph sets only the kind that applies.
pub fn display_name(participant: &Participant) -> Option<&str> {
    let set = participant.info.as_ref()?.identity.as_ref()?;
    [&set.user, &set.application, &set.device, &set.phone]
        .into_iter()
        .filter_map(Option::as_ref)
        .find_map(|identity: &Identity| identity.display_name.as_deref())
}

/// The participant's media streams, `audio sendReceive "primary-audio"` each, comma-separated;
/// `none` for an empty or missing list.
pub fn media_streams(participant: &Participant) -> String {
    let streams = participant.media_streams.as_deref().unwrap_or_default();
    if streams.is_empty() {
        return "none".to_string();
    }
    let shown: Vec<String> = streams
        .iter()
        .map(|s| {
            let kind = s
                .media_type
                .as_ref()
                .map_or(ABSENT.to_string(), ToString::to_string);
            let direction = s
                .direction
                .as_ref()
                .map_or(ABSENT.to_string(), ToString::to_string);
            match &s.label {
                Some(label) => format!("{kind} {direction} {label:?}"),
                None => format!("{kind} {direction}"),
            }
        })
        .collect();
    shown.join(", ")
}

/// A created participant as three lines: `id: ...`, `display name: ...`, `media streams: ...`.
pub fn participant_lines(participant: &Participant) -> [String; 3] {
    [
        format!("id: {}", participant.id.as_deref().unwrap_or(ABSENT)),
        format!(
            "display name: {}",
            display_name(participant).unwrap_or(ABSENT)
        ),
        format!("media streams: {}", media_streams(participant)),
    ]
}

/// A participant as one row of a roster: id, display name and media streams, tab-separated.
pub fn participant_row(participant: &Participant) -> String {
    format!(
        "{}\t{}\t{}",
        participant.id.as_deref().unwrap_or(ABSENT),
        display_name(participant).unwrap_or(ABSENT),
        media_streams(participant)
    )
}

/// An operation as `operation ID: STATUS`.
pub fn operation_line(operation: &CommsOperation) -> String {
    format!(
        "operation {}: {}",
        operation.id.as_deref().unwrap_or(ABSENT),
        operation
            .status
            .as_ref()
            .map_or(ABSENT.to_string(), ToString::to_string)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use graph_calls::{
        IdentitySet, MediaDirection, MediaStream, Modality, OperationStatus, ParticipantInfo,
    };

    fn named(set: IdentitySet) -> Participant {
        Participant::new()
            .id("p-1")
            .info(ParticipantInfo::new().identity(set))
    }

    fn identity(name: &str) -> Identity {
        Identity::new().display_name(name)
    }

    #[test]
    fn the_name_comes_from_whichever_identity_is_set() {
        let bot = named(IdentitySet::new().application(identity("Front Desk Bot")));
        assert_eq!(display_name(&bot), Some("Front Desk Bot"));
        let both = named(
            IdentitySet::new()
                .user(identity("Ada"))
                .phone(identity("+1 555 0100")),
        );
        assert_eq!(display_name(&both), Some("Ada"));
        let nameless = named(IdentitySet::new());
        assert_eq!(display_name(&nameless), None);
        assert_eq!(participant_lines(&nameless)[1], "display name: -");
    }

    #[test]
    fn streams_show_kind_direction_and_label() {
        let participant = Participant::new().media_streams([
            MediaStream::new()
                .media_type(Modality::Audio)
                .direction(MediaDirection::SendReceive)
                .label("main"),
            MediaStream::new().media_type("hologram"),
        ]);
        assert_eq!(
            media_streams(&participant),
            "audio sendReceive \"main\", hologram -"
        );
        assert_eq!(media_streams(&Participant::default()), "none");
    }

    #[test]
    fn operations_show_id_and_status() {
        let op = CommsOperation::new()
            .id("op-7")
            .status(OperationStatus::Completed);
        assert_eq!(operation_line(&op), "operation op-7: completed");
        assert_eq!(operation_line(&CommsOperation::default()), "operation -: -");
    }
}
