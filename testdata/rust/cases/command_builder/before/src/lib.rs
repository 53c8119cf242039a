use std::process::Command;

pub fn git_version() -> String {
    let out = Command::new("git").arg("--version").output().expect("git");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn status_ok() -> bool {
    let mut cmd = Command::new("true");
    cmd.status().map(|s| s.success()).unwrap_or(false)
}
