pub(crate) async fn fetch_async(id: u32) -> String {
    super::db::read_row_async(id).await
}

async fn read_row_async(id: u32) -> String {
    tokio::fs::read_to_string(format!("/tmp/row{id}")).await.unwrap_or_default()
}
