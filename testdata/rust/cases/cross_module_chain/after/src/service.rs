use crate::db;

pub(crate) async fn load_user_async(id: u32) -> String {
    let raw = db::fetch_async(id).await;
    self::clean(&raw)
}

fn clean(s: &str) -> String {
    s.trim().to_string()
}
