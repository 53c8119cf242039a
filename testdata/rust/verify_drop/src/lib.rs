use std::rc::Rc;

pub fn read_len() -> usize {
    let shared = Rc::new(3);
    std::thread::sleep(std::time::Duration::from_millis(1));
    *shared
}

pub fn other() -> usize {
    std::thread::sleep(std::time::Duration::from_millis(1));
    2
}

pub fn total() -> usize {
    read_len() + other()
}

pub async fn serve() -> usize {
    tokio::spawn(async { read_len() }).await.unwrap()
}
