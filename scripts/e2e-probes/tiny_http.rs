//! Downstream probe for tiny_http after `awaitify migrate --write`: the crate used as a
//! dependent would use it. A server is opened through the migrated constructors (the
//! async API) or the unchanged ones, a client thread sends a request on 127.0.0.1, and
//! the server answers with a string or a file (`Response::from_file_async`). Copied into
//! the migrated crate's tests/ by scripts/e2e-real.
use std::io::{Read, Write};
use std::net::TcpStream;
use tiny_http::{Response, Server};

/// Sends one request to `server` from another thread; the response text.
fn client(server: &Server) -> std::thread::JoinHandle<String> {
    let addr = server.server_addr().to_ip().expect("an IP listener");
    std::thread::spawn(move || {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET /probe HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    })
}

fn file(test: &str) -> std::fs::File {
    let p = std::env::temp_dir().join(format!("awaitify-probe-tiny_http-{}-{test}", std::process::id()));
    std::fs::write(&p, "from a file").unwrap();
    std::fs::File::open(p).unwrap()
}

async fn use_async_api(test: &'static str) {
    let server = Server::http_async("127.0.0.1:0").await.unwrap();
    let answer = client(&server);
    let request = server.recv().unwrap();
    assert_eq!(request.url(), "/probe");
    request.respond(Response::from_string("hello")).unwrap();
    assert!(answer.join().unwrap().ends_with("hello"));

    let answer = client(&server);
    let request = server.recv().unwrap();
    request.respond(Response::from_file_async(file(test)).await).unwrap();
    assert!(answer.join().unwrap().ends_with("from a file"));
}

fn use_sync_api(test: &str) {
    let server = Server::http("127.0.0.1:0").unwrap();
    let answer = client(&server);
    let request = server.recv().unwrap();
    request.respond(Response::from_string("hello")).unwrap();
    assert!(answer.join().unwrap().ends_with("hello"));

    let answer = client(&server);
    let request = server.recv().unwrap();
    request.respond(Response::from_file(file(test))).unwrap();
    assert!(answer.join().unwrap().ends_with("from a file"));
}

include!("every_runtime.rs");
every_runtime!(use_async_api, use_sync_api);
