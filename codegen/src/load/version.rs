//! API versions: which one a page belongs to, and which one a caller gets.

use crate::model::Api;
use crate::route::{is_version, STABLE};
use std::fmt;

/// The version a page belongs to: the last version component ([`crate::route::VERSIONS`], any
/// case) of
/// `prefix` (the components of the loaded root, which may itself be a version folder) followed
/// by the page's `/`-separated `file`, lowercased. `None` for an unversioned page.
pub fn version_of(prefix: &[String], file: &str) -> Option<String> {
    prefix
        .iter()
        .map(String::as_str)
        .chain(file.split(['/', '\\']))
        .rfind(|c| is_version(c))
        .map(str::to_ascii_lowercase)
}

/// See [`super::Loaded::api`]: the stable version ([`STABLE`]) when none is asked for.
pub(crate) fn choose<'a>(apis: &'a [Api], wanted: Option<&str>) -> Result<&'a Api, NoSuchApi> {
    let found = match wanted {
        Some(v) => apis.iter().find(|a| a.version.as_deref() == Some(v)),
        None => apis
            .iter()
            .find(|a| a.version.as_deref() == Some(STABLE))
            .or_else(|| apis.first()),
    };
    found.ok_or_else(|| NoSuchApi {
        wanted: wanted.map(str::to_string),
        found: apis
            .iter()
            .map(|a| {
                a.version
                    .clone()
                    .unwrap_or_else(|| "unversioned".to_string())
            })
            .collect(),
    })
}

/// The docs hold no API of the version asked for (or none at all).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoSuchApi {
    /// The version asked for; `None` when any would have done.
    pub wanted: Option<String>,
    /// The versions the docs hold (`unversioned` for pages outside a version folder).
    pub found: Vec<String>,
}

impl fmt::Display for NoSuchApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.wanted, self.found.as_slice()) {
            (_, []) => f.write_str("no API pages found"),
            (Some(v), found) => write!(f, "no `{v}` version; found {}", found.join(", ")),
            (None, _) => f.write_str("no API found"),
        }
    }
}

impl std::error::Error for NoSuchApi {}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(version: Option<&str>) -> Api {
        Api {
            version: version.map(str::to_string),
            ..Api::default()
        }
    }

    #[test]
    fn a_root_that_is_a_version_folder_gives_its_version() {
        let prefix = ["docs".to_string(), "V1.0".to_string()];
        assert_eq!(version_of(&prefix, "r/a.md").as_deref(), Some("v1.0"));
        assert_eq!(version_of(&[], "api/beta/r/a.md").as_deref(), Some("beta"));
        assert_eq!(version_of(&prefix, "beta/a.md").as_deref(), Some("beta"));
        assert_eq!(version_of(&[], "r/a.md"), None);
    }

    #[test]
    fn v1_is_the_default_then_the_first() {
        let apis = [api(None), api(Some("beta")), api(Some("v1.0"))];
        assert_eq!(
            choose(&apis, None).map(|a| a.version.as_deref()),
            Ok(Some("v1.0"))
        );
        assert_eq!(
            choose(&apis[..2], None).map(|a| a.version.as_deref()),
            Ok(None)
        );
        assert_eq!(
            choose(&apis, Some("beta")).map(|a| a.version.as_deref()),
            Ok(Some("beta"))
        );
        let missing = choose(&apis[..2], Some("v1.0")).unwrap_err();
        assert_eq!(missing.found, ["unversioned", "beta"]);
        assert_eq!(
            missing.to_string(),
            "no `v1.0` version; found unversioned, beta"
        );
        assert_eq!(
            choose(&[], None).unwrap_err().to_string(),
            "no API pages found"
        );
    }
}
