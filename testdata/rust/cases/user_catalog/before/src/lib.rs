pub fn fetch_status(url: String) -> u16 {
    vendored_http::get(url).status
}

pub fn ping(client: &rpc::Client) -> String {
    client.call("ping")
}
