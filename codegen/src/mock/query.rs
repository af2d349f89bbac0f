//! Comparing query strings, so that of several examples sent to one path the mock answers
//! with the one sent with the same query (page 2 of a paged list is the same path as page 1,
//! with `$skiptoken=...`).

use crate::route::query::form_pairs;
use crate::route::Target;

/// A query string as a comparable value: its decoded `name=value` pairs, sorted, since the
/// order of parameters and how they are escaped does not change what is asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct QueryKey {
    pairs: Vec<(String, String)>,
}

impl QueryKey {
    /// Reads a raw query (without `?`, still percent-encoded). Empty parameters (`a=1&&b=2`)
    /// are dropped; names compare without ASCII case, as OData system options do.
    pub(crate) fn parse(query: &str) -> QueryKey {
        let mut pairs: Vec<(String, String)> = form_pairs(query)
            .into_iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), value))
            .collect();
        pairs.sort();
        QueryKey { pairs }
    }

    /// The query of an example URL as written (absolute or relative). Docs sometimes leave spaces unescaped; a client sends them as `%20`,
    /// which decodes to the same.
    pub(crate) fn of_url(url: &str) -> QueryKey {
        QueryKey::parse(Target::split(url).query.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_escaping_and_name_case_do_not_matter() {
        let a = QueryKey::parse("$skiptoken=R2V&$top=2");
        assert_eq!(a, QueryKey::parse("%24top=2&$SkipToken=R2V"));
        assert_eq!(a, QueryKey::parse("$top=2&&$skiptoken=R2V&"));
        assert_ne!(a, QueryKey::parse("$skiptoken=r2v&$top=2"));
        assert_ne!(a, QueryKey::parse("$skiptoken=R2V"));
        assert_eq!(QueryKey::parse(""), QueryKey::default());
    }

    #[test]
    fn example_urls_give_their_query() {
        assert_eq!(
            QueryKey::of_url("https://x.test/v1.0/a?$filter=name eq 'b'#frag"),
            QueryKey::parse("$filter=name%20eq%20%27b%27")
        );
        assert_eq!(QueryKey::of_url("/a/b"), QueryKey::default());
        assert_eq!(QueryKey::of_url("/a?"), QueryKey::default());
    }
}
