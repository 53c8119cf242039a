/// Public entry point.
pub fn get_user(id: u32) -> String {
    crate::service::load_user(id)
}
