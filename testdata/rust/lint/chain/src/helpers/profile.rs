use super::storage;

pub fn load(id: u32) -> String {
    storage::read_record(&format!("/var/lib/app/{id}.json"))
}
