use std::io::Write;
use std::net::{Ipv4Addr, SocketAddrV4, TcpListener, TcpStream, ToSocketAddrs};
use std::time::Duration;

/// Only tested: the Result's payload type does not matter.
pub fn is_free(port: u16) -> bool {
    let addr = SocketAddrV4::new(Ipv4Addr::LOCALHOST, port);
    TcpListener::bind(addr).is_ok()
}

/// Unwrapped, then only used through calls that migrate with it.
pub fn greet(addr: &str) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(b"hello").unwrap();
}

/// A generic address: std's ToSocketAddrs is not tokio's.
pub fn reachable<A: ToSocketAddrs>(address: A) -> bool {
    TcpStream::connect(address).is_ok()
}

/// The same through `impl Trait`.
pub fn reachable_impl(address: impl ToSocketAddrs) -> bool {
    TcpStream::connect(&address).is_ok()
}

/// The listener goes into a closure: it stays a std listener.
pub fn free_port() -> Option<u16> {
    let socket = SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0);
    TcpListener::bind(socket)
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .ok()
}

/// The caller's stream: it cannot change type here.
pub fn send(stream: &mut TcpStream) -> std::io::Result<()> {
    stream.write_all(b"ping")
}

/// No exact twin: tokio's timeout reports a different error.
pub fn reachable_within(address: &std::net::SocketAddr, timeout: Duration) -> bool {
    TcpStream::connect_timeout(address, timeout).is_ok()
}

fn keep(_stream: TcpStream) {}

/// Unwrapped straight into another function: the std stream escapes.
pub fn hand_over(addr: &str) {
    keep(TcpStream::connect(addr).unwrap());
}

pub struct Prober<A> {
    pub timeout: Duration,
    pub addr: A,
}

impl<A: ToSocketAddrs> Prober<A> {
    /// The generic comes from the impl: still std's ToSocketAddrs.
    pub fn probe(&self, address: A) -> bool {
        TcpStream::connect(address).is_ok()
    }

    /// Through a field of the generic type: the same.
    pub fn probe_own(&self) -> bool {
        TcpStream::connect(&self.addr).is_ok()
    }
}
