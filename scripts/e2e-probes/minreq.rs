//! Downstream probe for minreq after `awaitify migrate --write`: the crate used as a
//! dependent would use it. Its migrated function is internal (the TLS stream, built only
//! with an `https` feature), so the probe checks that the public sync API still works
//! everywhere a dependent may call it: outside a runtime and inside both runtime flavours.
//! Copied into the migrated crate's tests/ by scripts/e2e-real.
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

/// A one-request HTTP server on 127.0.0.1; returns the URL it serves.
fn serve_once(body: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 2 {
            line.clear();
        }
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
    });
    format!("http://{addr}/probe")
}

fn get(body: &'static str) {
    let url = serve_once(body);
    let response = minreq::get(url).with_timeout(10).send().unwrap();
    assert_eq!(response.status_code, 200);
    assert_eq!(response.as_str().unwrap(), body);
}

#[test]
fn sync_api_outside_a_runtime() {
    get("outside");
}

#[tokio::test]
async fn sync_api_inside_a_current_thread_runtime() {
    get("current-thread");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_api_inside_a_multi_thread_runtime() {
    get("multi-thread");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_api_from_spawn_blocking() {
    tokio::task::spawn_blocking(|| get("spawn_blocking")).await.unwrap();
}
