//! An app's failure as the single line it prints on stderr before exiting with status 1.
//!
//! Users run these apps from a terminal: a panic or a multi-line error chain buries the one
//! thing they need (which URL, which variable, what the server said), so every error is
//! flattened to one line that names it.

use graph_calls::runtime::Error;
use std::fmt;
use std::process::ExitCode;

/// Why an app stopped; printed as `error: MESSAGE` on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    message: String,
}

impl Failure {
    /// A failure with `message`; line breaks and other control characters become spaces so
    /// the message stays on one line.
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: single_line(&message.into()),
        }
    }

    /// Describes a runtime error of a request sent to `base_url`, naming the URL whenever the
    /// problem is reaching it or its answer.
    pub fn from_error(err: &Error, base_url: &str) -> Failure {
        let message = match err {
            Error::Transport(e) if e.is_connect() => {
                format!("cannot reach {base_url}: {}", root_cause(e))
            }
            Error::Transport(e) if e.is_timeout() => {
                format!("{base_url} did not answer in time: {}", root_cause(e))
            }
            Error::Transport(e) => format!("request to {base_url} failed: {}", root_cause(e)),
            Error::Graph(g) => format!("{base_url} answered {g}"),
            other => other.to_string(),
        };
        Failure::new(message)
    }

    /// The message, without the `error: ` prefix.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Prints the failure on stderr and returns the exit code to end `main` with.
    pub fn report(&self) -> ExitCode {
        eprintln!("error: {}", self.message);
        ExitCode::FAILURE
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// The innermost cause of `err` ("Connection refused (os error 111)"): the outer layers of a
/// transport error only repeat the URL and say that sending failed.
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

fn single_line(text: &str) -> String {
    let replaced: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    replaced.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_never_span_lines() {
        let failure = Failure::new("first\nsecond\r\nthird\n");
        assert_eq!(failure.message(), "first second  third");
    }

    #[test]
    fn errors_without_a_response_keep_their_own_words() {
        let err = Error::Config("bad base URL \"x\"".to_string());
        let failure = Failure::from_error(&err, "x");
        assert!(failure.message().contains("bad base URL"), "{failure}");
    }

    /// An error that only says "sending failed" and points at its cause, like reqwest's.
    #[derive(Debug)]
    struct Layer(Option<Box<Layer>>, &'static str);

    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.1)
        }
    }

    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.0.as_deref().map(|l| l as _)
        }
    }

    #[test]
    fn root_cause_is_the_innermost_error() {
        let inner = Layer(None, "connection refused");
        let middle = Layer(Some(Box::new(inner)), "client error (Connect)");
        let outer = Layer(Some(Box::new(middle)), "error sending request");
        assert_eq!(root_cause(&outer), "connection refused");
        assert_eq!(root_cause(&Layer(None, "alone")), "alone");
    }
}
