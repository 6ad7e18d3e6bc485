//! Request guards: the `Host` check against DNS rebinding, and security headers.
//!
//! A page on another site can make a browser send requests to 127.0.0.1 by pointing its own
//! domain at that address (DNS rebinding). Such requests still carry the attacker's domain in
//! `Host`, so the server answers only hosts it knows: loopback names and the address it was told
//! to serve on (plus any the operator allowed).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Which `Host` header values the server answers.
#[derive(Clone, Debug)]
pub struct HostPolicy {
    allowed: Arc<Vec<String>>,
}

impl HostPolicy {
    /// Loopback names, plus the host of the address served on and any extra names.
    pub fn new(served_host: &str, extra: &[String]) -> Self {
        let mut allowed: Vec<String> = ["localhost", "127.0.0.1", "[::1]"].map(String::from).to_vec();
        for host in std::iter::once(served_host.to_owned()).chain(extra.iter().cloned()) {
            let host = normalize(&host);
            // An unspecified address is not a name a client uses in `Host`.
            if !host.is_empty() && host != "0.0.0.0" && host != "[::]" && !allowed.contains(&host) {
                allowed.push(host);
            }
        }
        Self { allowed: Arc::new(allowed) }
    }

    /// Loopback only.
    pub fn loopback() -> Self {
        Self::new("127.0.0.1", &[])
    }

    pub fn allows(&self, host_header: &str) -> bool {
        let host = strip_port(host_header.trim());
        self.allowed.iter().any(|a| a.eq_ignore_ascii_case(host))
    }
}

/// Brackets an IPv6 literal, as `Host` writes it.
fn normalize(host: &str) -> String {
    let host = host.trim().to_ascii_lowercase();
    if host.contains(':') && !host.starts_with('[') { format!("[{host}]") } else { host }
}

fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        // [::1]:7878 -> [::1]
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

pub(crate) async fn check_host(State(policy): State<HostPolicy>, request: Request, next: Next) -> Response {
    let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).or(request.uri().host());
    match host {
        Some(host) if policy.allows(host) => next.run(request).await,
        _ => (
            StatusCode::FORBIDDEN,
            "this sdcoach server only answers requests addressed to localhost or the address it serves on\n",
        )
            .into_response(),
    }
}

pub(crate) async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_pass_with_or_without_port() {
        let p = HostPolicy::loopback();
        for ok in ["localhost", "localhost:7878", "127.0.0.1:7878", "[::1]:7878", "[::1]", "LOCALHOST:1"] {
            assert!(p.allows(ok), "{ok}");
        }
    }

    #[test]
    fn other_names_are_refused() {
        let p = HostPolicy::loopback();
        for bad in [
            "evil.example",
            "evil.example:7878",
            "127.0.0.1.evil.example",
            "",
            "localhost.evil:7878",
            "[::2]:7878",
        ] {
            assert!(!p.allows(bad), "{bad}");
        }
    }

    #[test]
    fn served_address_and_extra_names_pass() {
        let p = HostPolicy::new("192.168.1.20", &["coach.example.org".into()]);
        assert!(p.allows("192.168.1.20:7878"));
        assert!(p.allows("coach.example.org"));
        assert!(!p.allows("192.168.1.21:7878"));
        let v6 = HostPolicy::new("fd00::1", &[]);
        assert!(v6.allows("[fd00::1]:7878"));
        let any = HostPolicy::new("0.0.0.0", &[]);
        assert!(!any.allows("0.0.0.0:7878"));
    }
}
