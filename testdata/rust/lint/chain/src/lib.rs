//! An async crate whose handler reaches std::fs::read_to_string through two helper modules.
pub mod helpers;

pub async fn handler(id: u32) -> String {
    let profile = helpers::profile::load(id);
    format!("<h1>{profile}</h1>")
}

pub async fn quiet(id: u32) -> String {
    helpers::profile::load(id) // awaitify: ignore[AWT201]
}
