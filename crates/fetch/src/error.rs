//! The one error type of fetch.

/// Why a URL could not be fetched. Messages name the URL and what went wrong
/// in words, never a library's internals.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Not an http or https URL, or not a URL at all.
    #[error("{url}: not an http(s) URL")]
    BadUrl {
        /// The URL as given.
        url: String,
    },
    /// The host is (or resolves to) a loopback, private, link-local or other
    /// non-public address, and private addresses are not allowed.
    #[error("{url}: refused, {host} is a non-public address ({addr})")]
    Forbidden {
        /// The URL refused.
        url: String,
        /// Its host.
        host: String,
        /// The address it is or resolves to.
        addr: std::net::IpAddr,
    },
    /// The host name does not resolve.
    #[error("{url}: the host does not resolve")]
    Resolve {
        /// The URL.
        url: String,
    },
    /// robots.txt disallows the URL for our user agent.
    #[error("{url}: disallowed by robots.txt")]
    Robots {
        /// The URL.
        url: String,
    },
    /// No answer within the timeout (after the retries).
    #[error("{url}: no answer within {secs:.1} s")]
    Timeout {
        /// The URL.
        url: String,
        /// The timeout.
        secs: f64,
    },
    /// The connection failed (after the retries).
    #[error("{url}: cannot connect")]
    Connect {
        /// The URL.
        url: String,
    },
    /// The server answered with an error status (after the retries, for 5xx).
    #[error("{url}: the server answered {status}")]
    Status {
        /// The URL.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The body is larger than the cap; it was cut off, not read in full.
    #[error("{url}: the body is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The URL.
        url: String,
        /// The cap.
        limit: u64,
    },
    /// Redirects went round in a loop or too far.
    #[error("{url}: redirects loop or go on past {max} hops")]
    Redirects {
        /// The first URL.
        url: String,
        /// The most hops followed.
        max: usize,
    },
    /// Anything else the HTTP exchange failed on (a broken body, bad headers).
    #[error("{url}: the exchange failed ({what})")]
    Http {
        /// The URL.
        url: String,
        /// What failed, in words.
        what: String,
    },
}

impl Error {
    /// Whether trying again later may help (timeouts, refused connections, 5xx).
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Timeout { .. } | Error::Connect { .. } => true,
            Error::Status { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }
}
