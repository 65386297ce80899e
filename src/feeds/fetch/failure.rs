//! Connection failures in words people read ("offline: cannot resolve
//! feeds.bbci.co.uk"), worked out from the chain of causes, which stays
//! available as the error's detail.

/// A connection failure in words people read, from the chain of causes.
pub(super) fn connect_message(host: &str, detail: &str) -> String {
    let lower = detail.to_ascii_lowercase();
    let has = |needles: &[&str]| needles.iter().any(|n| lower.contains(n));
    if has(&[
        "dns error",
        "failed to lookup address",
        "name or service not known",
    ]) {
        format!("offline: cannot resolve {host}")
    } else if has(&["network is unreachable", "no route to host"]) {
        format!("offline: no route to {host}")
    } else if has(&["connection refused"]) {
        format!("cannot connect to {host}: connection refused")
    } else if has(&["connection reset"]) {
        format!("{host} reset the connection")
    } else if has(&["certificate", "tls", "handshake"]) {
        let cause = detail.rsplit(": ").next().unwrap_or(detail);
        format!("secure connection to {host} failed: {cause}")
    } else {
        let cause = detail.rsplit(": ").next().unwrap_or(detail);
        format!("cannot connect to {host}: {cause}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::FetchError;
    use super::*;

    #[test]
    fn connection_failures_read_as_words_with_the_chain_kept() {
        let dns = "client error (Connect): dns error: failed to lookup address information: \
                   Name or service not known";
        assert_eq!(
            connect_message("feeds.bbci.co.uk", dns),
            "offline: cannot resolve feeds.bbci.co.uk"
        );
        assert_eq!(
            connect_message(
                "127.0.0.1",
                "client error (Connect): tcp connect error: Connection refused (os error 111)"
            ),
            "cannot connect to 127.0.0.1: connection refused"
        );
        let error = FetchError::Connect {
            message: connect_message("e.org", dns),
            detail: dns.to_owned(),
        };
        assert_eq!(error.to_string(), "offline: cannot resolve e.org");
        assert_eq!(error.detail().as_deref(), Some(dns));
    }
}
