//! A minimal TCP echo server and client.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};

/// Starts an echo server on an ephemeral localhost port and returns its address.
///
/// The server runs on a background thread; each connection gets its own
/// thread, which reads once (up to 1024 bytes) and writes the bytes back.
pub fn start_echo_server() -> io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    std::thread::spawn(move || loop {
        let (mut conn, _peer) = match listener.accept() {
            Ok(pair) => pair,
            Err(_) => continue,
        };
        std::thread::spawn(move || {
            let mut buf = [0u8; 1024];
            // Errors are ignored: the client just sees a closed connection.
            if let Ok(n) = conn.read(&mut buf) {
                let _ = conn.write_all(&buf[..n]);
            }
        });
    });
    Ok(addr)
}

/// Sends `msg` to the echo server at `addr` and returns the reply.
pub fn echo(addr: SocketAddr, msg: &str) -> io::Result<String> {
    let mut stream = TcpStream::connect(addr)?;
    stream.write_all(msg.as_bytes())?;
    let mut buf = vec![0u8; 1024];
    let n = stream.read(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf[..n]).into_owned())
}
