//! Replays every committed fuzz input (the seeds, and each crash fuzzing ever found, kept in
//! `server/fuzz/regressions/<target>/`) through the checks the fuzz targets make.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out: Vec<PathBuf> = ["seeds", "regressions"]
        .iter()
        .filter_map(|d| std::fs::read_dir(fuzz.join(d).join(target)).ok())
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

fn replay(target: &str, check: impl Fn(&[u8])) -> usize {
    let inputs = inputs(target);
    for input in &inputs {
        eprintln!("{target}: {}", input.display());
        check(&std::fs::read(input).unwrap());
    }
    inputs.len()
}

#[test]
fn committed_fuzz_inputs_pass_their_checks() {
    let fixtures = checks::fixtures(env!("CARGO_MANIFEST_DIR"));
    let mut n = replay("yaml", checks::yaml);
    n += replay("python", checks::python);
    n += replay("positions", checks::positions);
    n += replay("edits", |d| checks::edits(d, &fixtures));
    n += replay("jsonrpc", |d| checks::jsonrpc(d, &fixtures));
    assert!(n >= 7, "the seeds are replayed too ({n} inputs)");
}
