#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::jsonrpc(data, &checks::fixtures(env!("CARGO_MANIFEST_DIR"))));
