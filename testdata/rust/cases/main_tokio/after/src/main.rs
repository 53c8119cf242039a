use std::time::Duration;

async fn work_async() {
    tokio::time::sleep(Duration::from_millis(1)).await;
}

/// Entry point.
#[tokio::main]
async fn main() {
    work_async().await;
    println!("done");
}
