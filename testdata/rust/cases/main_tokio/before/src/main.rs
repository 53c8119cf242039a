use std::time::Duration;

fn work() {
    std::thread::sleep(Duration::from_millis(1));
}

/// Entry point.
fn main() {
    work();
    println!("done");
}
