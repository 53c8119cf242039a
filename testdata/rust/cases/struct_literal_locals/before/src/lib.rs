use std::path::PathBuf;

pub struct Store {
    root: PathBuf,
}

impl Store {
    pub fn open(root: PathBuf) -> std::io::Result<Store> {
        let s = Self { root };
        s.touch()?;
        Ok(s)
    }

    fn touch(&self) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.root)
    }

    pub fn save(&self, name: &str, body: &str) -> std::io::Result<()> {
        let marker = Marker { path: self.root.join(name) };
        marker.write(body)
    }
}

/// `s` comes from a generic std function awaitify does not type: `s.touch()` stays an
/// unresolved call, so `touch` keeps its sync name beside `touch_async`.
pub fn refresh(slot: &mut Option<Store>) -> std::io::Result<()> {
    let s = std::mem::take(slot).expect("a store");
    s.touch()?;
    *slot = Some(s);
    Ok(())
}

struct Marker {
    path: PathBuf,
}

impl Marker {
    fn write(&self, body: &str) -> std::io::Result<()> {
        std::fs::write(&self.path, body)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn saves() {
        let dir = std::env::temp_dir().join("awaitify-struct-literal-case");
        let s = super::Store::open(dir.clone()).unwrap();
        s.save("a", "b").unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a")).unwrap(), "b");
    }
}
