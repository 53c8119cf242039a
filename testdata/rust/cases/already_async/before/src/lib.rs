use std::time::Duration;

fn helper() -> String {
    std::fs::read_to_string("/tmp/h").unwrap_or_default()
}

pub async fn handler() -> String {
    std::thread::sleep(Duration::from_millis(1));
    let h = helper();
    other().await;
    h
}

async fn other() {}
