use std::net::TcpStream;
use std::time::Duration;

pub fn open(addr: &str) -> std::io::Result<TcpStream> {
    std::thread::sleep(Duration::from_millis(1));
    TcpStream::connect(addr)
}
