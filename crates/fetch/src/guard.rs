//! Which addresses may be fetched: the SSRF guard.
//!
//! Every hop of a request is checked before it is made: an IP literal here,
//! a host name through [`GuardedResolver`], which is the only resolver the
//! client uses, so a name that resolves to a private address is refused at
//! connection time too (a DNS answer that changes between check and connect
//! cannot slip through).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// Which non-public addresses may be reached.
#[derive(Debug, Clone, Default)]
pub struct AddressPolicy {
    /// Any address, loopback and private networks included.
    pub allow_private: bool,
    /// Addresses let through even when not public (a known intranet host, a
    /// test server on loopback).
    pub allowed: Vec<IpAddr>,
}

impl AddressPolicy {
    /// Whether `addr` may be connected to.
    pub fn permits(&self, addr: IpAddr) -> bool {
        self.allow_private || is_public(addr) || self.allowed.contains(&canonical(addr))
    }
}

fn canonical(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// Whether an address is on the public internet: not loopback, private,
/// link-local (cloud metadata at 169.254.169.254), shared (100.64/10),
/// unspecified, broadcast, multicast, documentation or reserved.
pub fn is_public(addr: IpAddr) -> bool {
    match canonical(addr) {
        IpAddr::V4(a) => is_public_v4(a),
        IpAddr::V6(a) => is_public_v6(a),
    }
}

fn is_public_v4(a: Ipv4Addr) -> bool {
    let o = a.octets();
    !(a.is_loopback()
        || a.is_private()
        || a.is_link_local()
        || a.is_unspecified()
        || a.is_broadcast()
        || a.is_multicast()
        || a.is_documentation()
        || o[0] == 0
        || (o[0] == 100 && (o[1] & 0xc0) == 64)
        || (o[0] == 192 && o[1] == 0 && o[2] == 0)
        || (o[0] == 198 && (o[1] & 0xfe) == 18)
        || o[0] >= 240)
}

fn is_public_v6(a: Ipv6Addr) -> bool {
    let s = a.segments();
    !(a.is_loopback()
        || a.is_unspecified()
        || a.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00 // unique local
        || (s[0] & 0xffc0) == 0xfe80 // link-local
        || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
        || (s[0] == 0x0064 && s[1] == 0xff9b)) // NAT64 reaches v4 space
}

/// A resolver that drops every address the policy does not permit, and fails
/// when none is left.
#[derive(Debug, Clone)]
pub struct GuardedResolver {
    policy: Arc<AddressPolicy>,
}

impl GuardedResolver {
    /// A resolver for `policy`.
    pub fn new(policy: Arc<AddressPolicy>) -> Self {
        GuardedResolver { policy }
    }
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.policy.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| policy.permits(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(format!("{host} resolves to no permitted address").into());
            }
            let addrs: reqwest::dns::Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

/// The first address of `host` the policy refuses, if any (an IP literal is
/// its own address). `Err(())` when the name does not resolve.
pub async fn refused(
    policy: &AddressPolicy,
    host: &url::Host<&str>,
    port: u16,
) -> Result<Option<IpAddr>, ()> {
    let addrs: Vec<IpAddr> = match host {
        url::Host::Ipv4(a) => vec![IpAddr::V4(*a)],
        url::Host::Ipv6(a) => vec![IpAddr::V6(*a)],
        url::Host::Domain(d) => tokio::net::lookup_host((*d, port))
            .await
            .map_err(|_| ())?
            .map(|a| a.ip())
            .collect(),
    };
    if addrs.is_empty() {
        return Err(());
    }
    Ok(addrs.into_iter().find(|a| !policy.permits(*a)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_public_addresses_are_known() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::7f00:1",
        ] {
            let ip: IpAddr = a.parse().expect("ip");
            assert!(!is_public(ip), "{a} is not public");
        }
        for a in ["93.184.215.14", "160.16.1.1", "2606:4700::1111"] {
            let ip: IpAddr = a.parse().expect("ip");
            assert!(is_public(ip), "{a} is public");
        }
        let p = AddressPolicy {
            allow_private: false,
            allowed: vec!["127.0.0.1".parse().expect("ip")],
        };
        assert!(p.permits("127.0.0.1".parse().expect("ip")));
        assert!(p.permits("::ffff:127.0.0.1".parse().expect("ip")));
        assert!(!p.permits("::1".parse().expect("ip")));
        assert!(!p.permits("10.0.0.1".parse().expect("ip")));
    }
}
