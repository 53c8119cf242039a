use std::time::Duration;

fn ping(n: u32) -> u32 {
    if n == 0 {
        return 0;
    }
    std::thread::sleep(Duration::from_millis(1));
    pong(n - 1)
}

fn pong(n: u32) -> u32 {
    ping(n)
}

pub fn run(n: u32) -> u32 {
    ping(n)
}
