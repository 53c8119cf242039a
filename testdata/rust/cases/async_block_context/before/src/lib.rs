use std::future::Future;

fn load() -> String {
    std::fs::read_to_string("/tmp/x").unwrap_or_default()
}

pub fn make() -> impl Future<Output = String> {
    async { load() }
}

pub fn direct() -> String {
    load()
}
