//! What the binary's end-to-end tests share: the real `leakwatch` with the
//! test dictionary, run to success, and the demo's store.
#![allow(dead_code)] // each test file uses its own part of it

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_leakwatch");

/// The checkout's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `leakwatch` with the tests' dictionary and no standard input, on `db` if given.
pub fn leakwatch(db: Option<&Path>) -> Command {
    let mut c = Command::new(BIN);
    if let Some(db) = db {
        c.arg("--db").arg(db);
    }
    c.env(
        "LEAKWATCH_DICT",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("ipadic"),
    )
    .stdin(Stdio::null());
    c
}

/// Runs `leakwatch [--db db] args…`, which must succeed.
pub fn run_ok(db: Option<&Path>, args: &[&str]) -> Output {
    let out = leakwatch(db).args(args).output().expect("leakwatch runs");
    assert!(
        out.status.success(),
        "leakwatch {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A fresh demo store (`samples/`, no server) at `db`.
pub fn demo(db: &Path) {
    let samples = repo().join("samples");
    run_ok(
        Some(db),
        &[
            "demo",
            "--no-serve",
            "--samples",
            samples.to_str().expect("utf-8"),
        ],
    );
}
