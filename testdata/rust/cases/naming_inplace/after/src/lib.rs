pub async fn load() -> String {
    tokio::fs::read_to_string("/tmp/x").await.unwrap_or_default()
}

pub async fn twice() -> String {
    load().await + &load().await
}
