#[test]
fn loads_from_outside() {
    let _ = case::load();
}
