use crate::db;

pub(crate) fn load_user(id: u32) -> String {
    let raw = db::fetch(id);
    self::clean(&raw)
}

fn clean(s: &str) -> String {
    s.trim().to_string()
}
