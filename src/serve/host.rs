//! The `Host` check against DNS rebinding: a page on another site can make a browser send
//! requests to this preview under that site's own name (its DNS answer changed to 127.0.0.1),
//! and read the answers, drafts included. Those requests carry that name in `Host`, so only
//! this machine's names are answered: `localhost`, `127.0.0.1`, `[::1]` and the address the
//! connection came in on (the bound address, or this machine's address on the network with
//! `--bind 0.0.0.0`), each with the server's port or none. An address written out (not a
//! name) cannot be rebound, so other spellings of the same address pass too
//! (`[0:0:0:0:0:0:0:1]`); a name is compared as DNS compares names, without regard to case
//! (`LOCALHOST`), but exactly otherwise (`localhost.`, with its root dot, is another name to a
//! resolver, and is refused).
//!
//! A request without `Host` is HTTP/1.0 from a program, never from a browser (browsers always
//! send it), so it cannot be a rebinding attack and is answered; HTTP/1.1 requires `Host`, and
//! a request without one, or with two, is malformed (400).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::wire::Response;

/// Whether one `Host` value names this preview.
pub(super) fn allowed(value: &[u8], local: Option<IpAddr>, port: u16) -> bool {
    let Ok(value) = std::str::from_utf8(value) else {
        return false;
    };
    if !value.is_ascii() {
        return false;
    }
    let value = value.to_ascii_lowercase();
    let (host, rest) = if let Some(inner) = value.strip_prefix('[') {
        let Some((host, rest)) = inner.split_once(']') else {
            return false;
        };
        let Ok(ip) = host.parse::<Ipv6Addr>() else {
            return false;
        };
        (Some(IpAddr::V6(ip)), rest)
    } else {
        let (name, rest) = value
            .find(':')
            .map_or((value.as_str(), ""), |i| value.split_at(i));
        if name == "localhost" {
            (None, rest)
        } else {
            let Ok(ip) = name.parse::<Ipv4Addr>() else {
                return false;
            };
            (Some(IpAddr::V4(ip)), rest)
        }
    };
    let port_ok = match rest.strip_prefix(':') {
        None => rest.is_empty(),
        Some(digits) => {
            !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && digits.parse::<u16>() == Ok(port)
        }
    };
    port_ok
        && host.is_none_or(|ip| {
            let ip = ip.to_canonical();
            ip == IpAddr::V4(Ipv4Addr::LOCALHOST)
                || ip == IpAddr::V6(Ipv6Addr::LOCALHOST)
                || local.is_some_and(|l| l.to_canonical() == ip)
        })
}

/// Checks a request's `Host` headers (`hosts`, every value sent): `Err` is the answer when they
/// do not name this preview.
pub(super) fn check(
    hosts: &[Vec<u8>],
    http11: bool,
    local: Option<IpAddr>,
    port: u16,
) -> Result<(), Response> {
    match hosts {
        [] if !http11 => Ok(()),
        [] => Err(Response::text(
            400,
            "bad request: HTTP/1.1 needs a Host header",
        )),
        [one] if allowed(one, local, port) => Ok(()),
        [_] => Err(Response::text(
            421,
            "misdirected request: this preview answers only to localhost, 127.0.0.1 and [::1] (against DNS rebinding)",
        )),
        _ => Err(Response::text(
            400,
            "bad request: more than one Host header",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PORT: u16 = 1111;

    fn ok(host: &str, local: Option<IpAddr>) -> bool {
        allowed(host.as_bytes(), local, PORT)
    }

    #[test]
    fn loopback_names_with_our_port_or_none_are_answered() {
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST:1111",
            "LocalHost",
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]",
            "[::1]:1111",
            "[0:0:0:0:0:0:0:1]:1111",
            "[::ffff:127.0.0.1]:1111",
        ] {
            assert!(ok(host, None), "{host}");
        }
    }

    #[test]
    fn the_address_the_connection_came_in_on_is_answered() {
        let lan: IpAddr = "192.168.10.7".parse().unwrap();
        assert!(ok("192.168.10.7:1111", Some(lan)));
        assert!(ok("192.168.10.7", Some(lan)));
        let mapped: IpAddr = "::ffff:192.168.10.7".parse().unwrap();
        assert!(
            ok("192.168.10.7:1111", Some(mapped)),
            "IPv4 on a dual-stack socket"
        );
        assert!(!ok("192.168.10.8:1111", Some(lan)));
        assert!(!ok("192.168.10.7:1111", None));
    }

    #[test]
    fn rebinding_names_other_ports_and_odd_spellings_are_refused() {
        let names = [
            "evil.example",
            "localhost.evil.example",
            "evil.example.localhost",
            "127.0.0.1.nip.io",
            "localhost.",
            "127.0.0.1.",
            "localhost..",
            "local-host",
            "ｌｏｃａｌｈｏｓｔ",
            "localhost\u{200b}",
            "",
            "2130706433",
            "0x7f.0.0.1",
            "127.1",
            "0177.0.0.1",
            "::1",
            "[::1",
            "[::2]",
            "[fe80::1%25lo]",
            "user@localhost",
        ];
        for name in names {
            for suffix in [
                "", ":1111", ":80", ":1112", ":", ":1111x", ":+1111", ":99999",
            ] {
                let host = format!("{name}{suffix}");
                assert!(!ok(&host, None), "{host:?}");
                let upper = host.to_uppercase();
                assert!(!ok(&upper, None), "{upper:?}");
            }
        }
        for good in ["localhost", "127.0.0.1", "[::1]"] {
            for port in [":80", ":1112", ":0", ":", ":11111", ":1111 "] {
                assert!(!ok(&format!("{good}{port}"), None), "{good}{port}");
            }
        }
        assert!(!allowed(b"localhost\xff", None, PORT));
    }

    #[test]
    fn a_missing_host_is_answered_only_in_http_1_0() {
        assert!(check(&[], false, None, PORT).is_ok());
        assert_eq!(check(&[], true, None, PORT).unwrap_err().status(), 400);
        let two = [b"localhost".to_vec(), b"localhost".to_vec()];
        assert_eq!(check(&two, true, None, PORT).unwrap_err().status(), 400);
        let evil = [b"evil.example".to_vec()];
        assert_eq!(check(&evil, true, None, PORT).unwrap_err().status(), 421);
    }
}
