fn helper() {
    std::thread::sleep(std::time::Duration::from_millis(1));
}

pub fn a() {
    helper();
}

pub fn b() {
    std::thread::sleep(std::time::Duration::from_millis(1));
}
