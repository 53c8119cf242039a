use crate::store::Store;

pub struct Service {
    store: Store,
}

impl Service {
    pub fn lookup(&self, key: &str) -> String {
        self.store.get(key)
    }
}
