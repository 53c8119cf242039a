pub fn run() -> usize {
    core_lib::load().len()
}
