use std::time::Duration;

pub fn countdown(n: u32) -> u32 {
    if n == 0 {
        return 0;
    }
    std::thread::sleep(Duration::from_millis(1));
    1 + countdown(n - 1)
}
