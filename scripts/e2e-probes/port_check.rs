//! Downstream probe for port_check after `awaitify migrate --write`: the crate used as a
//! dependent would use it. Copied into the migrated crate's tests/ by scripts/e2e-real.
use port_check::*;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener};

fn listening() -> (TcpListener, SocketAddr) {
    let l = TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)).unwrap();
    let a = l.local_addr().unwrap();
    (l, a)
}

async fn use_async_api(_test: &'static str) {
    let port = free_local_port_async().await.expect("a free port");
    assert!(is_local_ipv4_port_free_async(port).await);
    let (_listener, addr) = listening();
    assert!(is_port_reachable_async(addr).await);
    assert!(!is_local_ipv4_port_free_async(addr.port()).await);
    let (l, p) = with_free_port_async(|p| TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, p)))
        .await
        .expect("a port to bind");
    assert_eq!(l.local_addr().unwrap().port(), p);
}

fn use_sync_api(_test: &str) {
    let port = free_local_port().expect("a free port");
    assert!(is_local_ipv4_port_free(port));
    let (_listener, addr) = listening();
    assert!(is_port_reachable(addr));
    assert!(!is_local_ipv4_port_free(addr.port()));
    let (l, p) = with_free_port(|p| TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, p)))
        .expect("a port to bind");
    assert_eq!(l.local_addr().unwrap().port(), p);
}

include!("every_runtime.rs");
every_runtime!(use_async_api, use_sync_api);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_async_function_in_a_spawned_task() {
    let port = tokio::spawn(free_local_port_async()).await.unwrap().expect("a free port");
    assert!(tokio::spawn(is_local_ipv4_port_free_async(port)).await.unwrap());
    let (_listener, addr) = listening();
    assert!(tokio::spawn(is_port_reachable_async(addr)).await.unwrap());
}
