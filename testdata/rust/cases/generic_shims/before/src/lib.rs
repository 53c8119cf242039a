use std::str::FromStr;

pub fn read_as<T: FromStr>(path: &str) -> Option<T> {
    let text = std::fs::read_to_string(path).ok()?;
    text.trim().parse().ok()
}

pub fn read_pair<A: FromStr, B: FromStr + Send>(a: &str, b: &str) -> (Option<A>, Option<B>) {
    (read_as(a), read_as(b))
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads() {
        let p = std::env::temp_dir().join("awaitify-r3-case.txt");
        std::fs::write(&p, "42\n").unwrap();
        assert_eq!(super::read_as::<u32>(p.to_str().unwrap()), Some(42));
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn reads_inside_a_multi_thread_runtime() {
        let p = std::env::temp_dir().join("awaitify-r3-case-2.txt");
        std::fs::write(&p, "7\n").unwrap();
        assert_eq!(super::read_as::<u8>(p.to_str().unwrap()), Some(7));
    }
}
