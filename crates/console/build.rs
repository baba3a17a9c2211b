//! The web build is embedded by `rust-embed` at compile time (release builds): without this, a
//! `web/dist` built after the crate's first compilation would never be embedded.
fn main() {
    println!("cargo:rerun-if-changed=../../web/dist");
    println!("cargo:rerun-if-changed=../../web/dist/index.html");
    println!("cargo:rerun-if-changed=../../web/dist/assets");
}
