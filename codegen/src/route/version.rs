//! The Graph API versions, as they appear in folder names and as a URL's first segment.

/// The version names, as the service and the docs' folders spell them.
pub const VERSIONS: [&str; 2] = ["v1.0", "beta"];

/// The stable version: what a generator picks when the docs hold several.
pub const STABLE: &str = "v1.0";

/// Whether `segment` (a path segment or a folder name) names a version; case does not matter,
/// as Graph's own routing ignores it.
pub fn is_version(segment: &str) -> bool {
    VERSIONS.iter().any(|v| v.eq_ignore_ascii_case(segment))
}

/// Splits a leading `/v1.0` or `/beta` segment off `path`: the version as written and the rest
/// (which starts with `/`, or is empty when the path was the version alone). A segment that
/// only starts like a version (`/betaUsers`) is no prefix.
pub fn strip_prefix(path: &str) -> Option<(&str, &str)> {
    let body = path.strip_prefix('/')?;
    let end = body.find('/').unwrap_or(body.len());
    let (first, rest) = body.split_at(end);
    is_version(first).then_some((first, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_whole_segments_in_any_case() {
        for (segment, want) in [
            ("v1.0", true),
            ("V1.0", true),
            ("Beta", true),
            ("v2.0", false),
            ("betaUsers", false),
            ("", false),
        ] {
            assert_eq!(is_version(segment), want, "{segment}");
        }
    }

    #[test]
    fn prefixes_come_off_whole() {
        for (path, want) in [
            ("/v1.0/me", Some(("v1.0", "/me"))),
            ("/BETA/me/", Some(("BETA", "/me/"))),
            ("/beta", Some(("beta", ""))),
            ("/betaUsers", None),
            ("/me/v1.0", None),
            ("v1.0/me", None),
        ] {
            assert_eq!(strip_prefix(path), want, "{path}");
        }
    }
}
