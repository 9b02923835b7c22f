//! Generates `include/nova_auth.h` from the exported items, and gives the shared library its
//! SONAME (on macOS, an @rpath install name).

use std::path::PathBuf;

fn main() {
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");

    match std::env::var("CARGO_CFG_TARGET_OS").as_deref() {
        Ok("linux") => println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libnova_auth.so.0"),
        // Programs find the dylib through their own rpath, wherever it is installed.
        Ok("macos") => {
            println!("cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/libnova_auth.dylib")
        }
        _ => {}
    }

    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("cbindgen.toml is readable and valid");
    cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("the exported items can be turned into a C header")
        .write_to_file(crate_dir.join("include/nova_auth.h"));
}
