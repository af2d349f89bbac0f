//! JSON batching: many typed calls in one `POST {base}/$batch`, each read back as its own
//! typed answer or error.
//!
//! * [`Batch::add`] takes a [`Call`] and gives a typed ticket, [`BatchItem<T>`];
//!   [`Batch::add_after`] also makes the request wait for others (`dependsOn`).
//! * [`Batch::send`] sends the requests, at most [`BATCH_LIMIT`] per `$batch` POST, one
//!   POST after another, keeping each `dependsOn` group in one POST.
//! * Items the server throttled (429, or 503 with `Retry-After`; 503 and 504 for idempotent
//!   methods) are sent again in a follow-up POST after the longest `Retry-After` among them,
//!   by the client's [`crate::RetryPolicy`], with the items that failed (424) only because
//!   they depended on them. Nothing the server may have acted on is sent again.
//! * [`BatchAnswers::take`] reads a ticket's answer: `T` from a 2xx item, else an
//!   [`Error::Graph`] built from the item's status, headers and body.
//! * The `$batch` POST is sent like any call (token, `client-request-id`, retries); no
//!   `Authorization` ever goes inside the batch body.
//!
//! ```no_run
//! # use docspec_runtime::{Batch, Call, Client, Method, NoContent};
//! # async fn run(client: &Client) -> docspec_runtime::Result<()> {
//! let mut batch = client.batch();
//! let me = batch.add(Call::<serde_json::Value>::request(client, Method::GET, "/me"));
//! let gone = batch.add_after(
//!     Call::<NoContent>::request(client, Method::DELETE, "/me/events/1"),
//!     &[me.id()],
//! );
//! let mut answers = batch.send().await?;
//! let me = answers.take(me)?;
//! answers.take(gone)?;
//! # Ok(())
//! # }
//! ```

mod answers;
mod wire;

pub use answers::BatchAnswers;
pub use wire::BatchResponse;

use crate::retry::may_retry_status;
use crate::{Answer, Call, Client, Error, Result};
use reqwest::Method;
use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The most requests one `$batch` POST holds (Graph's limit).
pub const BATCH_LIMIT: usize = 20;

/// Tells the tickets of one batch from another's.
static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

/// Calls to send together as JSON batches; see the [module docs](self).
pub struct Batch {
    client: Client,
    key: u64,
    entries: Vec<Entry>,
}

/// One request of a batch.
struct Entry {
    method: Method,
    /// The request's JSON but its `dependsOn` (see [`wire::encode`]), or why it could not be
    /// built.
    encoded: Result<String>,
    /// The indices of the requests it waits for, all earlier.
    deps: Vec<usize>,
}

/// The ticket of a call added to a [`Batch`]: [`BatchAnswers::take`] reads its answer as
/// `T`.
#[must_use = "the ticket is the only way to read the call's answer"]
pub struct BatchItem<T> {
    id: BatchItemId,
    answer: PhantomData<fn() -> T>,
}

/// Which request of which batch a [`BatchItem`] is, whatever it answers: what
/// [`Batch::add_after`] takes to say a request waits for others.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BatchItemId {
    batch: u64,
    index: usize,
}

impl fmt::Display for BatchItemId {
    /// The id the request has on the wire.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.index + 1)
    }
}

impl<T> BatchItem<T> {
    /// The request's id, to make others wait for it ([`Batch::add_after`]).
    pub fn id(&self) -> BatchItemId {
        self.id
    }
}

impl<T> fmt::Debug for BatchItem<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchItem")
            .field("id", &self.id.to_string())
            .field("answer", &std::any::type_name::<T>())
            .finish()
    }
}

impl Client {
    /// An empty [`Batch`] of calls to this client.
    pub fn batch(&self) -> Batch {
        Batch::new(self)
    }
}

impl Batch {
    /// An empty batch, sent with `client` (whose base URL the calls' URLs are relative to).
    pub fn new(client: &Client) -> Self {
        Batch {
            client: client.clone(),
            key: NEXT_KEY.fetch_add(1, Ordering::Relaxed),
            entries: Vec::new(),
        }
    }

    /// Adds `call`; the ticket reads its answer once the batch is sent. A call that could not
    /// be built (a body that does not serialize, a URL outside the client's base URL) is not
    /// sent: its error is its answer.
    pub fn add<T: Answer, Op>(&mut self, call: Call<T, Op>) -> BatchItem<T> {
        self.add_after(call, &[])
    }

    /// Adds `call` to run only after the requests `after` (`dependsOn`): if one of them fails,
    /// the server answers this one 424 without running it. An id from another batch makes
    /// this request's answer an [`Error::InvalidRequest`].
    pub fn add_after<T: Answer, Op>(
        &mut self,
        call: Call<T, Op>,
        after: &[BatchItemId],
    ) -> BatchItem<T> {
        let index = self.entries.len();
        let mut deps: Vec<usize> = Vec::with_capacity(after.len());
        let mut foreign = None;
        for id in after {
            if id.batch != self.key || id.index >= index {
                foreign = Some(*id);
            } else if !deps.contains(&id.index) {
                deps.push(id.index);
            }
        }
        let (method, encoded) = match call.into_request() {
            Ok(request) => (request.method().clone(), wire::encode(&request, index)),
            Err(e) => (Method::GET, Err(e)),
        };
        let encoded = match foreign {
            Some(other) => Err(Error::InvalidRequest(format!(
                "request {} depends on {other}, which is not an earlier request of this batch",
                index + 1
            ))),
            None => encoded,
        };
        self.entries.push(Entry {
            method,
            encoded,
            deps,
        });
        BatchItem {
            id: BatchItemId {
                batch: self.key,
                index,
            },
            answer: PhantomData,
        }
    }

    /// The number of calls added.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no call was added.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Sends every request (see the [module docs](self)) and gives back their answers.
    ///
    /// `Err` when the first `$batch` POST fails (refused, unreachable, or answered with
    /// something other than `{"responses": [...]}`): nothing was done. Once one POST has
    /// gone through, its answers are kept: a later POST that fails becomes the error of each
    /// request it held, and the requests not sent yet get an error saying so.
    pub async fn send(self) -> Result<BatchAnswers> {
        let n = self.entries.len();
        let mut slots: Vec<Option<Result<BatchResponse>>> = Vec::with_capacity(n);
        let mut encoded: Vec<String> = Vec::with_capacity(n);
        let mut methods: Vec<Method> = Vec::with_capacity(n);
        let mut deps: Vec<Vec<usize>> = Vec::with_capacity(n);
        for (index, entry) in self.entries.into_iter().enumerate() {
            let failed = entry.deps.iter().find(|&&d| slots[d].is_some()).copied();
            let slot = match (entry.encoded, failed) {
                (Err(e), _) => Some(Err(e)),
                (Ok(_), Some(d)) => Some(Err(Error::InvalidRequest(format!(
                    "request {} depends on request {}, which could not be sent",
                    index + 1,
                    d + 1
                )))),
                (Ok(text), None) => {
                    encoded.push(text);
                    None
                }
            };
            if slot.is_some() {
                encoded.push(String::new());
            }
            slots.push(slot);
            methods.push(entry.method);
            deps.push(entry.deps);
        }
        let plan = Plan {
            encoded,
            methods,
            deps,
        };
        let chunks = plan.chunks(&mut slots);
        let mut answers = BatchAnswers {
            key: self.key,
            slots,
            unmatched: Vec::new(),
            posts: 0,
        };
        for (k, chunk) in chunks.iter().enumerate() {
            if let Err(e) = plan.run(&self.client, chunk, &mut answers).await {
                if answers.posts == 0 {
                    return Err(e);
                }
                for later in &chunks[k + 1..] {
                    for &i in later {
                        answers.slots[i] = Some(Err(Error::InvalidRequest(format!(
                            "request {} was not sent: an earlier $batch request failed: {e}",
                            i + 1
                        ))));
                    }
                }
                for &i in chunk {
                    if answers.slots[i].is_none() {
                        answers.slots[i] = Some(Err(copy_error(&e)));
                    }
                }
                break;
            }
        }
        Ok(answers)
    }
}

/// The requests of a batch being sent.
struct Plan {
    encoded: Vec<String>,
    methods: Vec<Method>,
    deps: Vec<Vec<usize>>,
}

impl Plan {
    /// The requests still to send (those whose slot is empty), in POSTs of at most
    /// [`BATCH_LIMIT`], each `dependsOn` group whole in one, in the order they were added. A
    /// group too large for one POST gets an error in each request's slot.
    fn chunks(&self, slots: &mut [Option<Result<BatchResponse>>]) -> Vec<Vec<usize>> {
        let n = slots.len();
        // Union-find over the dependency edges: each group's root is its first request.
        let mut root: Vec<usize> = (0..n).collect();
        fn find(root: &mut [usize], mut i: usize) -> usize {
            while root[i] != i {
                root[i] = root[root[i]];
                i = root[i];
            }
            i
        }
        for (i, slot) in slots.iter().enumerate() {
            if slot.is_some() {
                // Not sent: it must not tie together groups that are otherwise apart.
                continue;
            }
            for &d in &self.deps[i] {
                let (a, b) = (find(&mut root, i), find(&mut root, d));
                let (lo, hi) = (a.min(b), a.max(b));
                root[hi] = lo;
            }
        }
        // The requests still to send, each group together, groups in the order they start.
        let mut order: Vec<(usize, usize)> = Vec::with_capacity(n);
        for (i, slot) in slots.iter().enumerate() {
            if slot.is_none() {
                order.push((find(&mut root, i), i));
            }
        }
        order.sort_unstable();
        let mut chunks: Vec<Vec<usize>> = Vec::new();
        for group in order.chunk_by(|a, b| a.0 == b.0) {
            if group.len() > BATCH_LIMIT {
                for &(_, i) in group {
                    slots[i] = Some(Err(Error::InvalidRequest(format!(
                        "request {} is in a dependsOn group of {} requests, more than the \
                         {BATCH_LIMIT} one $batch holds",
                        i + 1,
                        group.len()
                    ))));
                }
                continue;
            }
            let members = group.iter().map(|&(_, i)| i);
            match chunks.last_mut() {
                Some(last) if last.len() + group.len() <= BATCH_LIMIT => last.extend(members),
                _ => {
                    let mut chunk = Vec::with_capacity(BATCH_LIMIT.min(n));
                    chunk.extend(members);
                    chunks.push(chunk);
                }
            }
        }
        for chunk in &mut chunks {
            chunk.sort_unstable();
        }
        chunks
    }

    /// Sends the requests of `chunk`, then again those the server throttled, until each has
    /// its answer in `answers` or the retry policy gives up. `Err` when a POST fails; the
    /// requests it held keep empty slots.
    async fn run(
        &self,
        client: &Client,
        chunk: &[usize],
        answers: &mut BatchAnswers,
    ) -> Result<()> {
        let policy = client.retry_policy();
        let n = self.encoded.len();
        let mut pending: Vec<usize> = chunk.to_vec();
        let mut in_round = vec![false; n];
        let mut attempt: u32 = 0;
        loop {
            for &i in &pending {
                in_round[i] = true;
            }
            let body = self.body(&pending, &in_round);
            let responses = post(client, body).await?;
            answers.posts += 1;
            let mut round: Vec<Option<BatchResponse>> = Vec::with_capacity(n);
            round.resize_with(n, || None);
            for response in responses {
                match self.index_of(response.id(), &in_round) {
                    Some(i) if round[i].is_none() => round[i] = Some(response),
                    _ => answers.unmatched.push(response),
                }
            }
            let mut again = vec![false; n];
            let mut wait = Duration::ZERO;
            let mut backoff = false;
            for &i in pending.iter().filter(|_| attempt < policy.max_retries) {
                let Some(r) = &round[i] else { continue };
                let retry_after = r
                    .header("retry-after")
                    .and_then(|v| crate::retry::parse_retry_after(&v));
                let throttled = r.status == 429
                    || may_retry_status(&self.methods[i], r.status, retry_after.is_some());
                if throttled {
                    match retry_after {
                        Some(d) if d > policy.max_delay => {}
                        Some(d) => {
                            again[i] = true;
                            wait = wait.max(d);
                        }
                        None => {
                            again[i] = true;
                            backoff = true;
                        }
                    }
                } else if r.status == 424 && self.deps[i].iter().any(|&d| again[d]) {
                    again[i] = true;
                }
            }
            if backoff {
                wait = wait.max(policy.backoff(attempt));
            }
            let mut next = Vec::new();
            for &i in &pending {
                in_round[i] = false;
                if again[i] {
                    next.push(i);
                    continue;
                }
                answers.slots[i] = Some(round[i].take().ok_or_else(|| {
                    Error::InvalidResponse(format!(
                        "the $batch answer has no response for request {}",
                        i + 1
                    ))
                }));
            }
            if next.is_empty() {
                return Ok(());
            }
            tracing::debug!(
                requests = next.len(),
                ?wait,
                attempt,
                "batch items throttled, re-sending"
            );
            Box::pin(tokio::time::sleep(wait)).await;
            attempt += 1;
            pending = next;
        }
    }

    /// `{"requests":[...]}` for the requests `pending`, each `dependsOn` kept to the requests
    /// in the same POST (the others have already succeeded).
    fn body(&self, pending: &[usize], in_round: &[bool]) -> Vec<u8> {
        let len: usize = pending.iter().map(|&i| self.encoded[i].len() + 32).sum();
        let mut out = String::with_capacity(len + 16);
        out.push_str(r#"{"requests":["#);
        for (k, &i) in pending.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push_str(&self.encoded[i]);
            let mut deps = self.deps[i].iter().filter(|&&d| in_round[d]).peekable();
            if deps.peek().is_some() {
                out.push_str(r#","dependsOn":["#);
                for (j, &d) in deps.enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    wire::push_id(&mut out, d);
                }
                out.push(']');
            }
            out.push('}');
        }
        out.push_str("]}");
        out.into_bytes()
    }

    /// The request a response's id names, when it is one of this round's.
    fn index_of(&self, id: &str, in_round: &[bool]) -> Option<usize> {
        if id.starts_with('0') || id.starts_with('+') {
            return None;
        }
        let i = id.parse::<usize>().ok()?.checked_sub(1)?;
        in_round.get(i).copied().unwrap_or(false).then_some(i)
    }
}

/// Sends one `$batch` POST like any call and parses its answer.
async fn post(client: &Client, body: Vec<u8>) -> Result<Vec<BatchResponse>> {
    let resp = client
        .request(Method::POST, "/$batch")
        .json_bytes(body)
        .send_raw()
        .await?;
    let status = resp.status().as_u16();
    let bytes = resp.bytes().await?;
    wire::parse(status, &bytes)
}

/// The error of a failed POST, once per request it held.
fn copy_error(e: &Error) -> Error {
    match e {
        Error::Graph(g) => Error::Graph(g.clone()),
        Error::Decode {
            status,
            message,
            snippet,
        } => Error::Decode {
            status: *status,
            message: message.clone(),
            snippet: snippet.clone(),
        },
        Error::Auth(m) => Error::Auth(m.clone()),
        Error::InvalidRequest(m) => Error::InvalidRequest(m.clone()),
        Error::InvalidResponse(m) => Error::InvalidResponse(m.clone()),
        other => Error::InvalidResponse(format!("the $batch request failed: {other}")),
    }
}

impl fmt::Debug for Batch {
    /// The method and wire id of each request; never headers, bodies or tokens.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let items: Vec<String> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| match &e.encoded {
                Ok(_) => format!("{} {}", i + 1, e.method),
                Err(_) => format!("{} (could not be built)", i + 1),
            })
            .collect();
        f.debug_struct("Batch")
            .field("client", &self.client)
            .field("requests", &items)
            .finish()
    }
}
