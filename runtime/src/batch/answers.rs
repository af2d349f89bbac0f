//! What a sent batch answered, read item by item with the tickets [`Batch::add`] gave.
//!
//! [`Batch::add`]: crate::Batch::add

use super::{BatchItem, BatchResponse};
use crate::{Answer, Error, Result};
use std::fmt;

/// The answers of a sent [`crate::Batch`]: [`BatchAnswers::take`] reads each item's typed
/// answer or error.
pub struct BatchAnswers {
    pub(super) key: u64,
    /// Per request, in the order they were added: the server's answer, or why there is none.
    pub(super) slots: Vec<Option<Result<BatchResponse>>>,
    pub(super) unmatched: Vec<BatchResponse>,
    pub(super) posts: usize,
}

impl BatchAnswers {
    /// The typed answer of `item`: its 2xx answer read as `T`, else its error: an
    /// [`Error::Graph`] built from the item's status, headers and body, or the reason it
    /// was not sent (a call that could not be built, a dependency that could not be sent, a
    /// `dependsOn` group larger than a `$batch` holds, no answer from the server).
    pub fn take<T: Answer>(&mut self, item: BatchItem<T>) -> Result<T> {
        if item.id.batch != self.key {
            return Err(Error::InvalidRequest(format!(
                "batch item {} belongs to another batch",
                item.id
            )));
        }
        let slot = self
            .slots
            .get_mut(item.id.index)
            .and_then(Option::take)
            .ok_or_else(|| {
                Error::InvalidRequest(format!("batch item {} was already taken", item.id))
            })?;
        let response = slot?;
        if response.is_success() {
            T::read_batch(response)
        } else {
            Err(Error::Graph(Box::new(response.graph_error())))
        }
    }

    /// The answer the server gave `item`, as sent, until it is taken; `None` when there was
    /// none (see [`BatchAnswers::take`] for why).
    pub fn response<T>(&self, item: &BatchItem<T>) -> Option<&BatchResponse> {
        if item.id.batch != self.key {
            return None;
        }
        match self.slots.get(item.id.index)? {
            Some(Ok(response)) => Some(response),
            _ => None,
        }
    }

    /// Answers whose id matches no request of the batch (or a request already answered):
    /// kept as sent rather than dropped.
    pub fn unmatched(&self) -> &[BatchResponse] {
        &self.unmatched
    }

    /// The number of requests the batch held.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether the batch held no request.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// How many `$batch` POSTs were sent (several when the batch held more than
    /// [`crate::BATCH_LIMIT`] requests or some were throttled and sent again).
    pub fn posts(&self) -> usize {
        self.posts
    }
}

impl fmt::Debug for BatchAnswers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let statuses: Vec<Option<u16>> = self
            .slots
            .iter()
            .map(|s| match s {
                Some(Ok(r)) => Some(r.status),
                _ => None,
            })
            .collect();
        f.debug_struct("BatchAnswers")
            .field("statuses", &statuses)
            .field("unmatched", &self.unmatched.len())
            .field("posts", &self.posts)
            .finish()
    }
}
