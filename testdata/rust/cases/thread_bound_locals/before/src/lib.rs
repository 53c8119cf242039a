use rand::Rng;
use std::cell::RefCell;
use std::rc::Rc;

fn probe(port: u16) -> bool {
    std::net::TcpListener::bind(("127.0.0.1", port)).is_ok()
}

/// The handle to the thread-local generator is used in a loop that now awaits.
pub fn pick() -> Option<u16> {
    let mut rng = rand::thread_rng();
    for _ in 0..10 {
        let port = rng.gen_range(15000..25000);
        if probe(port) {
            return Some(port);
        }
    }
    None
}

/// Passed on by reference: each use gets its own handle.
pub fn shuffled(mut ports: Vec<u16>) -> Vec<u16> {
    let mut rng = rand::thread_rng();
    rand::seq::SliceRandom::shuffle(&mut ports[..], &mut rng);
    let mut free = Vec::new();
    for p in ports {
        if probe(p) {
            free.push(p);
        }
    }
    free.sort_by_key(|_| rng.gen::<u8>());
    free
}

/// An Rc alive across the new await: reported, not changed.
pub fn shared(port: u16) -> usize {
    let seen = Rc::new(port);
    let ok = probe(port);
    Rc::strong_count(&seen) + usize::from(ok)
}

/// A RefCell borrow alive across it: reported.
pub fn counted(cell: &RefCell<u32>, port: u16) -> u32 {
    let mut n = cell.borrow_mut();
    if probe(port) {
        *n += 1;
    }
    *n
}

/// Dropped before the blocking call, or in a block that ends first: nothing to say.
pub fn scoped(port: u16) -> bool {
    let seen = Rc::new(port);
    drop(seen);
    {
        let mut rng = rand::thread_rng();
        let _ = rng.gen::<u8>();
    }
    probe(port)
}
