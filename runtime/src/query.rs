//! OData query options (`$select`, `$filter`, ...) and the headers that go with them.

/// OData system query options plus extra request headers, built fluently:
///
/// ```
/// use docspec_runtime::QueryOptions;
/// let opts = QueryOptions::default()
///     .select(&["id", "displayName"])
///     .filter("startswith(displayName,'A')")
///     .count(true)
///     .consistency_level_eventual();
/// assert_eq!(opts.to_query_pairs()[0], ("$select".to_owned(), "id,displayName".to_owned()));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryOptions {
    /// `$select`: properties to return.
    pub select: Vec<String>,
    /// `$expand`: relationships to inline.
    pub expand: Vec<String>,
    /// `$filter` expression.
    pub filter: Option<String>,
    /// `$orderby` clauses (`"displayName desc"`).
    pub orderby: Vec<String>,
    /// `$top`: page size / item limit.
    pub top: Option<u64>,
    /// `$skip`: items to skip.
    pub skip: Option<u64>,
    /// `$count`: ask for `@odata.count`.
    pub count: Option<bool>,
    /// `$search` expression, sent as given (Graph wants it quoted: `"\"displayName:al\""`).
    pub search: Option<String>,
    /// Other query parameters (`$format`, `$skiptoken`, function arguments), in order.
    pub params: Vec<(String, String)>,
    /// Extra request headers, e.g. `ConsistencyLevel: eventual`.
    pub headers: Vec<(String, String)>,
}

fn owned<S: AsRef<str>>(items: &[S]) -> Vec<String> {
    items.iter().map(|s| s.as_ref().to_owned()).collect()
}

impl QueryOptions {
    /// Empty options; same as `Default::default()`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `$select`.
    pub fn select<S: AsRef<str>>(mut self, fields: &[S]) -> Self {
        self.select = owned(fields);
        self
    }

    /// Sets `$expand`.
    pub fn expand<S: AsRef<str>>(mut self, relations: &[S]) -> Self {
        self.expand = owned(relations);
        self
    }

    /// Sets `$filter`.
    pub fn filter(mut self, expr: impl Into<String>) -> Self {
        self.filter = Some(expr.into());
        self
    }

    /// Sets `$orderby`.
    pub fn orderby<S: AsRef<str>>(mut self, clauses: &[S]) -> Self {
        self.orderby = owned(clauses);
        self
    }

    /// Sets `$top`.
    pub fn top(mut self, n: u64) -> Self {
        self.top = Some(n);
        self
    }

    /// Sets `$skip`.
    pub fn skip(mut self, n: u64) -> Self {
        self.skip = Some(n);
        self
    }

    /// Sets `$count`.
    pub fn count(mut self, on: bool) -> Self {
        self.count = Some(on);
        self
    }

    /// Sets `$search`.
    pub fn search(mut self, expr: impl Into<String>) -> Self {
        self.search = Some(expr.into());
        self
    }

    /// Adds any other query parameter.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Adds a request header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds `ConsistencyLevel: eventual`, which Graph requires for advanced directory queries
    /// (`$count`, `$search`, `endsWith`, ...).
    pub fn consistency_level_eventual(self) -> Self {
        self.header("ConsistencyLevel", "eventual")
    }

    /// The query parameters these options produce, unencoded, in a stable order.
    pub fn to_query_pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut push = |name: &str, value: String| out.push((name.to_owned(), value));
        if !self.select.is_empty() {
            push("$select", self.select.join(","));
        }
        if !self.expand.is_empty() {
            push("$expand", self.expand.join(","));
        }
        if let Some(f) = &self.filter {
            push("$filter", f.clone());
        }
        if !self.orderby.is_empty() {
            push("$orderby", self.orderby.join(","));
        }
        if let Some(n) = self.top {
            push("$top", n.to_string());
        }
        if let Some(n) = self.skip {
            push("$skip", n.to_string());
        }
        if let Some(c) = self.count {
            push("$count", c.to_string());
        }
        if let Some(s) = &self.search {
            push("$search", s.clone());
        }
        out.extend(self.params.iter().cloned());
        out
    }

    /// True when no option or header is set.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_empty() {
        assert!(QueryOptions::default().is_empty());
        assert!(QueryOptions::default().to_query_pairs().is_empty());
        assert!(!QueryOptions::default().top(1).is_empty());
    }

    #[test]
    fn all_options_in_order() {
        let o = QueryOptions::new()
            .search("\"a\"")
            .count(false)
            .skip(2)
            .top(5)
            .orderby(&["a desc".to_owned(), "b".to_owned()])
            .filter("x eq 1")
            .expand(&["manager"])
            .select(&["id", "mail"])
            .param("$format", "json")
            .consistency_level_eventual();
        let names: Vec<_> = o
            .to_query_pairs()
            .into_iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        assert_eq!(
            names,
            [
                "$select=id,mail",
                "$expand=manager",
                "$filter=x eq 1",
                "$orderby=a desc,b",
                "$top=5",
                "$skip=2",
                "$count=false",
                "$search=\"a\"",
                "$format=json"
            ]
        );
        assert_eq!(
            o.headers,
            [("ConsistencyLevel".to_owned(), "eventual".to_owned())]
        );
    }
}
