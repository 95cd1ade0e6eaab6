//! Batch analysis over any [`Files`]: kept for the tests and the benchmark; the CLI and the server
//! run on [`crate::host`], whose configuration resolution and sibling index these reuse.

use crate::config::{Config, Overrides};
use crate::host::{ConfigFiles, ToolIndex};
use crate::project::{Files, Unit};
use crate::rules::Diagnostic;

/// The configuration of each unit (found upwards from its root), with overrides applied; the
/// first that cannot be used is an error.
pub fn configs(units: &[Unit], overrides: &Overrides) -> Result<Vec<Config>, String> {
    let files = ConfigFiles::default();
    units
        .iter()
        .map(|u| {
            let r = files.resolve(&u.root, overrides);
            match r.error {
                Some(e) => Err(e),
                None => Ok(r.config),
            }
        })
        .collect()
}

/// Checks every unit in parallel; `progress` is called with the number done so far.
pub fn check_units(
    units: &[Unit],
    files: &dyn Files,
    configs: &[Config],
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<Diagnostic> {
    let index = ToolIndex::build(units, files);
    crate::host::check_units_with(units, files, configs, &index, progress)
}
