//! Generates the C header from the exported items into `OUT_DIR`, with the crate's version as
//! `NOVA_AUTH_MAJOR`/`MINOR`/`PATCH`. The committed `include/nova_auth.h`, which cargo-c
//! installs, must equal it: `scripts/check-header` compares the two.

use std::path::PathBuf;

fn main() {
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");

    let version =
        |part: &str| std::env::var(format!("CARGO_PKG_VERSION_{part}")).expect("set by cargo");
    let version_constants = format!(
        "\n#define NOVA_AUTH_MAJOR {}\n#define NOVA_AUTH_MINOR {}\n#define NOVA_AUTH_PATCH {}\n",
        version("MAJOR"),
        version("MINOR"),
        version("PATCH")
    );
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("cbindgen.toml is readable and valid");
    cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .with_after_include(version_constants)
        .generate()
        .expect("the exported items can be turned into a C header")
        .write_to_file(out_dir.join("nova_auth.h"));
}
