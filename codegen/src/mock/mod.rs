//! A mock HTTP server that answers with the docs' own examples.
//!
//! Every endpoint page becomes a route (its path templates, under no prefix, `/v1.0` or
//! `/beta`). A request gets the example response whose request URL names the same path and
//! query, else the first one naming the same path, else the endpoint's first example
//! response, with the example's status, headers and JSON body. Absolute URLs of the
//! documented service in those replies (`@odata.nextLink` and other JSON string values, the
//! `Location` and `Content-Location` headers) are served rewritten onto the mock's own URL,
//! path and query kept, so a client pointed at the mock pages and polls against the mock.
//! Request bodies are checked against the documented request type and a mismatch is answered
//! the way Graph answers it (400 with an `error` object), so a generated client can be tested
//! end to end without the real service. What the server received is kept for assertions
//! ([`MockServer::received`]).
//!
//! Beyond single calls, the mock answers what Graph apps do around them:
//!
//! * JSON batching: `POST /$batch` (or `/v1.0/$batch`, `/beta/$batch`) runs each request of
//!   the batch through the same handling as a direct request, in-process, dependencies first,
//!   and answers `{"responses":[...]}` (see `batch.rs`; [`MAX_BATCH_REQUESTS`]). The batch and
//!   each item it ran are recorded (the batch after its items, with endpoint
//!   [`BATCH_ENDPOINT`]).
//! * Upload sessions: an example response holding an `uploadUrl` is served naming a session
//!   of the mock's own (under [`UPLOAD_PATH`]) that takes `PUT` ranges, `GET` and `DELETE` as
//!   Graph's do, keeping only a count and a checksum of the bytes
//!   ([`MockServer::uploads`]); requests to it carrying `Authorization` are answered 401.
//! * Forced failures: a request (or batch item) with the header [`STATUS_KNOB`]
//!   (`x-docspec-mock-status: 429`, or `503;times=2`) is answered with that status (429 and
//!   503 with `Retry-After: 0`) the first time (or times) that method, path and query carry
//!   it, and served as usual after, so a client's retry can be tested.
//!
//! ```no_run
//! # async fn demo(api: docspec_codegen::Api) -> std::io::Result<()> {
//! use docspec_codegen::mock::MockServer;
//! let server = MockServer::start(api, MockServer::LOOPBACK).await?;
//! // point a client at server.url() ...
//! assert!(server.received().is_empty());
//! server.shutdown().await;
//! # Ok(()) }
//! ```

mod batch;
mod body;
mod graph_error;
mod handler;
mod knob;
mod links;
mod query;
mod record;
mod reply;
mod route;
mod upload;

pub use batch::{BATCH_ENDPOINT, MAX_BATCH_REQUESTS};
pub use knob::STATUS_KNOB;
pub use record::ReceivedRequest;
pub use upload::{UploadSession, UploadState, MAX_RANGE_BYTES, UPLOAD_ENDPOINT, UPLOAD_PATH};

use crate::model::Api;
use handler::Shared;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The largest request body the mock reads (1 MiB); a larger one is answered 413 with a
/// Graph-style error. Graph's own limit for JSON bodies is of this order, and a bound keeps a
/// misbehaving client from exhausting memory.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// How long the mock waits for a request body to arrive before answering 408.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// How many received requests are kept by default (the oldest are dropped first).
pub const DEFAULT_RECORD_LIMIT: usize = 10_000;

/// How long [`MockServer::shutdown`] lets open connections finish before cutting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Options of a mock server.
#[derive(Clone, Debug)]
pub struct MockConfig {
    /// How many received requests to keep for [`MockServer::received`]; 0 keeps none (the
    /// CLI and load tests, where nobody reads them).
    pub record_limit: usize,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            record_limit: DEFAULT_RECORD_LIMIT,
        }
    }
}

/// One route the mock serves, for listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteInfo {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template as the docs write it (`/app/calls/{id}`).
    pub path: String,
    /// The endpoint's page name.
    pub endpoint: String,
}

/// A running mock server on the current tokio runtime. Dropping it stops accepting
/// connections; [`MockServer::shutdown`] also waits for open ones to finish.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

/// The accessors [`MockServer`] and [`RunningMock`] share: both are a bound address and the
/// state its handlers serve from (fields `addr` and `shared`), one awaited, one on a thread.
macro_rules! served_accessors {
    () => {
        /// The address bound (with the real port when `0` was asked for).
        pub fn addr(&self) -> SocketAddr {
            self.addr
        }

        /// The base URL, `http://127.0.0.1:PORT`, without a trailing slash or version.
        pub fn url(&self) -> String {
            format!("http://{}", self.addr)
        }

        /// The requests received so far, oldest first (at most the configured record limit).
        pub fn received(&self) -> Vec<ReceivedRequest> {
            self.shared.recorder.snapshot()
        }

        /// Forgets the requests received so far.
        pub fn clear_received(&self) {
            self.shared.recorder.clear();
        }

        /// Every route served, in the order of the model.
        pub fn routes(&self) -> Vec<RouteInfo> {
            routes_of(&self.shared)
        }

        /// The upload sessions handed out so far, oldest first, with how much each received.
        pub fn uploads(&self) -> Vec<UploadSession> {
            self.shared.uploads.snapshot()
        }
    };
}

impl MockServer {
    /// `127.0.0.1` on a free port: the address to use unless there is a reason not to.
    pub const LOOPBACK: SocketAddr = SocketAddr::new(std::net::IpAddr::V4(Ipv4Addr::LOCALHOST), 0);

    /// Binds `addr` and serves `api` on the current tokio runtime; returns once bound.
    pub async fn start(api: impl Into<Arc<Api>>, addr: SocketAddr) -> io::Result<MockServer> {
        Self::start_with(vec![api.into()], addr, MockConfig::default()).await
    }

    /// Serves several API versions at once: a request under `/v1.0` or `/beta` is answered
    /// by the API of that version when it has the route, else by any API that has it.
    pub async fn start_with(
        apis: Vec<Arc<Api>>,
        addr: SocketAddr,
        config: MockConfig,
    ) -> io::Result<MockServer> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        // The replies are built now that the port is known, so links in them name this server.
        let links = links::Links::for_addr(addr);
        let shared = Arc::new(Shared::new(apis, config.record_limit, &links));
        let app = axum::Router::new()
            .fallback(handler::handle)
            .with_state(Arc::clone(&shared));
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    // A dropped sender stops the server as well as a sent signal.
                    let _ = stopped.await;
                })
                .await
        });
        Ok(MockServer {
            addr,
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// Serves every API version of `apis` (as [`crate::load`] gives them: `load(&[docs]).apis`)
    /// on loopback at a free port. Fails with `InvalidData` when there is none.
    pub async fn start_apis(apis: Vec<Api>) -> io::Result<MockServer> {
        if apis.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "no API to serve: the docs hold no API pages",
            ));
        }
        let apis = apis.into_iter().map(Arc::new).collect();
        Self::start_with(apis, Self::LOOPBACK, MockConfig::default()).await
    }

    /// Starts the mock on a thread of its own with its own runtime, on loopback at a free
    /// port, for callers that are not async (examples, blocking tests). It stops when the
    /// returned handle is dropped.
    pub fn spawn_blocking_thread(api: impl Into<Arc<Api>>) -> io::Result<RunningMock> {
        RunningMock::spawn(vec![api.into()], Self::LOOPBACK, MockConfig::default())
    }

    /// Like [`MockServer::spawn_blocking_thread`], with every option.
    pub fn spawn_blocking_thread_with(
        apis: Vec<Arc<Api>>,
        addr: SocketAddr,
        config: MockConfig,
    ) -> io::Result<RunningMock> {
        RunningMock::spawn(apis, addr, config)
    }

    served_accessors!();

    /// Serves until the server stops (it does not stop on its own: this is for a CLI that
    /// runs until killed). Returns the serving error, if any.
    pub async fn wait(mut self) -> io::Result<()> {
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }

    /// Stops accepting connections, lets open requests finish (up to a few seconds), and
    /// returns once the server is down.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn routes_of(shared: &Shared) -> Vec<RouteInfo> {
    shared
        .routes
        .describe(&shared.apis)
        .into_iter()
        .map(|(method, path, endpoint)| RouteInfo {
            method,
            path: path.to_string(),
            endpoint: endpoint.to_string(),
        })
        .collect()
}

/// A mock server running on its own thread; see [`MockServer::spawn_blocking_thread`].
/// Dropping it stops the server and joins the thread.
#[derive(Debug)]
pub struct RunningMock {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RunningMock {
    fn spawn(apis: Vec<Arc<Api>>, addr: SocketAddr, config: MockConfig) -> io::Result<RunningMock> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("docspec-mock".into())
            .spawn(move || {
                runtime.block_on(async move {
                    match MockServer::start_with(apis, addr, config).await {
                        Ok(server) => {
                            let _ = ready_tx.send(Ok((server.addr, Arc::clone(&server.shared))));
                            let _ = stopped.await;
                            server.shutdown().await;
                        }
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                        }
                    }
                });
            })?;
        match ready_rx.recv() {
            Ok(Ok((addr, shared))) => Ok(RunningMock {
                addr,
                shared,
                stop: Some(stop),
                thread: Some(thread),
            }),
            Ok(Err(e)) => {
                let _ = thread.join();
                Err(e)
            }
            Err(_) => {
                let _ = thread.join();
                Err(io::Error::other(
                    "the mock server thread ended before binding",
                ))
            }
        }
    }

    served_accessors!();

    /// Stops the server and waits for its thread.
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for RunningMock {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}
