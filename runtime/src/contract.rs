//! The shapes a generated client's `contract` module (cargo feature `contract` of the
//! generated crate) shares with docspec's contract-test runner.
//!
//! A contract test replays a docs example through the typed client: the runner turns the
//! example request into a [`Call`] (which endpoint and path, the path ids, the JSON body, the
//! query string), the generated `contract::invoke` decodes the body into the typed body,
//! calls the typed function and turns the typed result back into JSON. Keeping these shapes
//! here, rather than in docspec-codegen, lets a generated crate depend on nothing but the
//! runtime.

use crate::{Accepted, Answer, Error, NoContent, QueryOptions};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One call of a generated request method, described without naming it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Call {
    /// The endpoint's page name (the model's `Endpoint::name`, e.g. `call-get`).
    pub endpoint: String,
    /// Which of the endpoint's path templates, by position (0 is the first the page lists).
    pub path_index: usize,
    /// The decoded path ids, in the order the function takes them (their order in the
    /// template).
    pub args: Vec<String>,
    /// The example's JSON request body, decoded by the dispatch into the typed body.
    pub body: Option<Value>,
    /// Query parameters to pass through (only the GET calls send them).
    pub query: QueryOptions,
    /// The example request's headers, as written: where a call takes a header the page marks
    /// required, its value is taken from here ([`header`]).
    pub headers: Vec<(String, String)>,
}

/// Why a [`Call`] could not be made, or what it returned could not be read back.
#[derive(Debug)]
#[non_exhaustive]
pub enum InvokeError {
    /// The generated client has no function for this endpoint and path (not selected, or a
    /// method docspec does not generate).
    UnknownEndpoint {
        /// [`Call::endpoint`].
        endpoint: String,
        /// [`Call::path_index`].
        path_index: usize,
    },
    /// [`Call::args`] does not hold exactly as many ids as the path has placeholders.
    Args {
        /// How many ids the function takes.
        expected: usize,
        /// How many were given.
        got: usize,
    },
    /// The function takes a body but the call has none.
    MissingBody,
    /// The call has query parameters but the function takes no `QueryOptions`.
    QueryNotSupported,
    /// The JSON body does not decode into the function's typed body.
    Body(String),
    /// The typed call failed (non-2xx answer, undecodable response, transport).
    Call(Error),
    /// The typed result could not be serialized back to JSON.
    Result(String),
}

impl fmt::Display for InvokeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvokeError::UnknownEndpoint {
                endpoint,
                path_index,
            } => write!(f, "no generated function for {endpoint} path {path_index}"),
            InvokeError::Args { expected, got } => {
                write!(f, "the path takes {expected} ids, {got} were given")
            }
            InvokeError::MissingBody => f.write_str("the function takes a body; none was given"),
            InvokeError::QueryNotSupported => {
                f.write_str("the function takes no query options; a query string was given")
            }
            InvokeError::Body(m) => write!(f, "the body does not decode into the typed body: {m}"),
            InvokeError::Call(e) => write!(f, "the call failed: {e}"),
            InvokeError::Result(m) => write!(f, "the result does not serialize: {m}"),
        }
    }
}

impl std::error::Error for InvokeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InvokeError::Call(e) => Some(e),
            _ => None,
        }
    }
}

/// What a generated `contract::invoke` returns: boxed, so each endpoint's arm is its own small
/// future rather than one state machine spanning thousands of awaits.
pub type InvokeFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Option<Value>, InvokeError>> + Send + 'a>>;

/// The `N` path ids of `call`, checked against the function's arity.
pub fn args<const N: usize>(call: &Call) -> Result<[&str; N], InvokeError> {
    let got: Vec<&str> = call.args.iter().map(String::as_str).collect();
    <[&str; N]>::try_from(got).map_err(|got| InvokeError::Args {
        expected: N,
        got: got.len(),
    })
}

/// The call's body decoded into the function's body type `T`.
pub fn body<T: DeserializeOwned>(call: &Call) -> Result<T, InvokeError> {
    let value = call.body.clone().ok_or(InvokeError::MissingBody)?;
    serde_json::from_value(value).map_err(|e| InvokeError::Body(e.to_string()))
}

/// The example's body as bytes, for a call that sends a binary body: a string's text, or the
/// JSON text of anything else.
pub fn bytes(call: &Call) -> Result<Vec<u8>, InvokeError> {
    match call.body.as_ref().ok_or(InvokeError::MissingBody)? {
        Value::String(text) => Ok(text.clone().into_bytes()),
        value => serde_json::to_vec(value).map_err(|e| InvokeError::Body(e.to_string())),
    }
}

/// Refuses query parameters for a function that cannot send them, rather than dropping them
/// silently (the runner would then report a query mismatch it could not explain).
pub fn no_query(call: &Call) -> Result<(), InvokeError> {
    if call.query.is_empty() {
        Ok(())
    } else {
        Err(InvokeError::QueryNotSupported)
    }
}

/// The value of the call's header `name` (case-insensitive), or `""` when the example does not
/// show it: a required header is an argument of the call, so the replay must pass something.
pub fn header<'a>(call: &'a Call, name: &str) -> &'a str {
    call.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map_or("", |(_, v)| v.as_str())
}

/// Moves the query parameter `name` (any case) out of `query`, for the typed method that sends
/// it; `None` when the call has none, or when its value does not `parse` into what the method
/// takes (it then stays in `query`, sent as given through `Call::options`).
fn take<V>(query: &mut QueryOptions, name: &str, parse: impl Fn(&str) -> Option<V>) -> Option<V> {
    let (at, value) = query
        .params
        .iter()
        .enumerate()
        .filter(|(_, (n, _))| n.eq_ignore_ascii_case(name))
        .find_map(|(at, (_, v))| Some((at, parse(v)?)))?;
    query.params.remove(at);
    TYPED_OPTIONS.fetch_add(1, Ordering::Relaxed);
    Some(value)
}

static TYPED_OPTIONS: AtomicUsize = AtomicUsize::new(0);

/// How many query parameters the typed methods have sent so far in this process (see
/// [`typed`]): the contract runner reports it, so that a replay shows the typed options at work.
pub fn typed_options_used() -> usize {
    TYPED_OPTIONS.load(Ordering::Relaxed)
}

static DERIVED: AtomicUsize = AtomicUsize::new(0);

/// How many values have been read as a derived type their `@odata.type` named so far in this
/// process (see [`crate::poly`]): the contract runner reports it, so that a replay shows
/// polymorphic answers decoded into their derived types.
pub fn derived_decoded() -> usize {
    DERIVED.load(Ordering::Relaxed)
}

pub(crate) fn count_derived() {
    DERIVED.fetch_add(1, Ordering::Relaxed);
}

/// One function per typed query option: moves the option out of the replayed query string and
/// sends it through the call's typed method, which only calls whose page documents the
/// option have. What is left goes through `Call::options`.
pub mod typed {
    use super::take;
    use crate::{supports, Call, QueryOptions};

    fn text(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    macro_rules! typed {
        ($($name:ident: $trait:ident, $wire:literal, $parse:expr, |$call:ident, $v:ident| $send:expr;)*) => {$(
            #[doc = concat!("Sends `", $wire, "` through [`Call::", stringify!($name), "`].")]
            pub fn $name<T, Op: supports::$trait>($call: Call<T, Op>, query: &mut QueryOptions) -> Call<T, Op> {
                match take(query, $wire, $parse) {
                    Some($v) => $send,
                    None => $call,
                }
            }
        )*};
    }

    typed! {
        select: Select, "$select", text, |call, v| call.select(&[v]);
        expand: Expand, "$expand", text, |call, v| call.expand(&[v]);
        filter: Filter, "$filter", text, |call, v| call.filter(v);
        orderby: OrderBy, "$orderby", text, |call, v| call.orderby(&[v]);
        top: Top, "$top", |v: &str| v.parse().ok(), |call, v| call.top(v);
        skip: Skip, "$skip", |v: &str| v.parse().ok(), |call, v| call.skip(v);
        count: Count, "$count", |v: &str| v.parse().ok(), |call, v| call.count(v);
        search: Search, "$search", text, |call, v| call.search(v);
        format: Format, "$format", text, |call, v| call.format(v);
        skip_token: SkipToken, "$skiptoken", text, |call, v| call.skip_token(v);
    }
}

/// How a replayed call's typed answer goes back to JSON: a model or `Page` the way it would go
/// on the wire, nothing for [`NoContent`], the body of an [`Accepted`].
pub trait Replayed {
    /// The answer as JSON, `None` for no body.
    fn into_json(self) -> Result<Option<Value>, InvokeError>;
}

/// `null` is no body: what an `Option` answer is when the service sent none.
impl<T: Serialize> Replayed for T {
    fn into_json(self) -> Result<Option<Value>, InvokeError> {
        Ok(to_value(&self)?.filter(|v| !v.is_null()))
    }
}

impl Replayed for NoContent {
    fn into_json(self) -> Result<Option<Value>, InvokeError> {
        Ok(None)
    }
}

impl Replayed for crate::Content {
    /// Content replays as the JSON it holds (some `$value` content is a JSON file), else as
    /// text (lossily): what a docs example can show of it.
    fn into_json(self) -> Result<Option<Value>, InvokeError> {
        Ok(Some(serde_json::from_slice(&self.bytes).unwrap_or_else(
            |_| Value::String(String::from_utf8_lossy(&self.bytes).into_owned()),
        )))
    }
}

impl Replayed for Accepted {
    fn into_json(self) -> Result<Option<Value>, InvokeError> {
        Ok(self.body)
    }
}

/// Makes the call `prepare` builds (from the replayed call's ids, body and query options) and
/// gives its typed answer back as JSON (see [`Replayed`]): every arm of a generated
/// `contract::invoke` is one call of this.
///
/// The arms build their calls without awaiting anything, and the one future is made and boxed
/// here, where rustc proves it `Send` once, for any `T`: an `async` block per arm holding the
/// call's future made it prove that again for each of the API's thousands of arms, through
/// every future the request awaits, which was most of the time building a contract module
/// took.
pub fn send<'a, T, Op>(
    prepare: impl FnOnce() -> Result<crate::Call<T, Op>, InvokeError>,
) -> InvokeFuture<'a>
where
    T: Answer + Replayed + Send + 'a,
    Op: Send + 'a,
{
    let prepared = prepare();
    Box::pin(async move {
        prepared?
            .send()
            .await
            .map_err(InvokeError::Call)?
            .into_json()
    })
}

/// A typed result back as JSON, the way it would go on the wire.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Option<Value>, InvokeError> {
    serde_json::to_value(value)
        .map(Some)
        .map_err(|e| InvokeError::Result(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_answer_replays_as_it_went_on_the_wire() {
        assert_eq!(NoContent.into_json().unwrap(), None);
        // An optional answer: no body, or the body.
        assert_eq!(None::<Value>.into_json().unwrap(), None);
        assert_eq!(
            Some(serde_json::json!({"id": "1"})).into_json().unwrap(),
            Some(serde_json::json!({"id": "1"}))
        );
        let accepted = Accepted {
            location: Some("https://example.test/op".into()),
            body: Some(serde_json::json!({"status": "running"})),
            retry_after: None,
        };
        assert_eq!(
            accepted.into_json().unwrap(),
            Some(serde_json::json!({"status": "running"}))
        );
        let file = |b: &'static [u8]| crate::Content {
            content_type: None,
            bytes: b.into(),
        };
        assert_eq!(
            file(b"{\"a\": 1}").into_json().unwrap(),
            Some(serde_json::json!({"a": 1}))
        );
        assert_eq!(
            file(b"BEGIN:VCARD").into_json().unwrap(),
            Some(serde_json::json!("BEGIN:VCARD"))
        );
        let model = std::collections::BTreeMap::from([("id", 1)]);
        assert_eq!(
            model.into_json().unwrap(),
            Some(serde_json::json!({"id": 1}))
        );
    }

    #[test]
    fn args_checks_arity() {
        let call = Call {
            args: vec!["a".into(), "b".into()],
            ..Call::default()
        };
        assert_eq!(args::<2>(&call).ok(), Some(["a", "b"]));
        assert!(matches!(
            args::<1>(&call),
            Err(InvokeError::Args {
                expected: 1,
                got: 2
            })
        ));
    }

    #[test]
    fn body_is_required_and_typed() {
        let mut call = Call::default();
        assert!(matches!(body::<u8>(&call), Err(InvokeError::MissingBody)));
        call.body = Some(Value::from("x"));
        assert!(matches!(body::<u8>(&call), Err(InvokeError::Body(_))));
        call.body = Some(Value::from(7));
        assert_eq!(body::<u8>(&call).ok(), Some(7));
    }

    #[test]
    fn typed_options_take_their_parameter_when_it_parses() {
        struct Op;
        impl crate::supports::Top for Op {}
        impl crate::supports::Filter for Op {}
        let call = || crate::Call::<(), Op>::new(Err(Error::InvalidRequest("unsent".into())));
        let mut query = QueryOptions::new()
            .param("$TOP", "many")
            .param("$filter", "a eq 1")
            .param("$top", "5");
        let _ = typed::top(call(), &mut query);
        let _ = typed::filter(call(), &mut query);
        assert_eq!(query.params, vec![("$TOP".to_owned(), "many".to_owned())]);
    }

    #[test]
    fn query_is_refused_where_it_cannot_be_sent() {
        let mut call = Call::default();
        assert!(no_query(&call).is_ok());
        call.query = QueryOptions::new().param("$top", "1");
        assert!(matches!(
            no_query(&call),
            Err(InvokeError::QueryNotSupported)
        ));
    }
}
