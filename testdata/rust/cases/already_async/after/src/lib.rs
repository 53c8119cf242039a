use std::time::Duration;

async fn helper_async() -> String {
    tokio::fs::read_to_string("/tmp/h").await.unwrap_or_default()
}

pub async fn handler() -> String {
    tokio::time::sleep(Duration::from_millis(1)).await;
    let h = helper_async().await;
    other().await;
    h
}

async fn other() {}
