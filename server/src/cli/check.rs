//! `dify-lsp check`: discover units, analyse them in parallel, print the findings.

use super::output::{self, Format};
use super::summary::Checked;
use crate::config::Overrides;
use crate::host::Host;
use crate::project::{Files, discover_all};
use crate::rules::Severity;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

struct Args {
    paths: Vec<PathBuf>,
    format: Format,
    overrides: Overrides,
    progress: bool,
    fix: bool,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut a = Args {
        paths: Vec::new(),
        format: Format::Text,
        overrides: Overrides::default(),
        progress: true,
        fix: false,
    };
    let mut it = args.iter();
    let list = |v: &str| {
        v.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
    };
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| format!("`{flag}` needs a value"))
        };
        match flag {
            "--format" => a.format = Format::parse(&value()?)?,
            "--select" => a.overrides.select = Some(list(&value()?)),
            "--ignore" => a.overrides.ignore = Some(list(&value()?)),
            "--target-dify-version" => a.overrides.target_dify_version = Some(value()?),
            "--no-progress" => a.progress = false,
            "--fix" => a.fix = true,
            "-h" | "--help" => return Err(super::USAGE.to_string()),
            f if f.starts_with('-') => {
                return Err(format!("unknown option `{f}`\n\n{}", super::USAGE));
            }
            _ => a.paths.push(PathBuf::from(arg)),
        }
    }
    if a.paths.is_empty() {
        a.paths.push(PathBuf::from("."));
    }
    Ok(a)
}

pub(crate) fn run(args: &[String], out: &mut dyn Write) -> Result<i32, String> {
    let args = parse(args)?;
    let found = discover_all(&args.paths).map_err(|e| e.to_string())?;
    // A folder met on the way (a Docker volume, say) is skipped with a warning; a folder the user
    // named that cannot be read is an error: nothing in it was checked, so nothing "passed".
    let named: Vec<PathBuf> = args.paths.iter().filter_map(|p| std::path::absolute(p).ok()).collect();
    let mut unreadable_named = false;
    for skipped in &found.unreadable {
        if named.contains(&skipped.path) {
            unreadable_named = true;
            eprintln!("dify-lsp: error: cannot read {skipped}");
        } else {
            eprintln!("dify-lsp: warning: skipped a folder that cannot be read: {skipped}");
        }
    }
    let units = found.units;
    // The host over the disk: the same configuration resolution and sibling index as the server.
    let host = Host::of_units(units.clone(), args.overrides.clone());
    let snapshot = host.snapshot();
    if let Some(e) = snapshot.config_error() {
        return Err(e);
    }
    let files = snapshot.files();
    let checked = Checked::of(&units, files);
    let (total, noun) = (units.len(), checked.noun());
    let show = args.progress && std::io::stderr().is_terminal() && total >= 20;
    let progress = |done: usize| {
        if show && (done.is_multiple_of(10) || done == total) {
            eprint!("\rchecked {done}/{total} {noun}");
            if done == total {
                eprint!("\r\x1b[K");
            }
        }
    };
    let mut diags = snapshot.check_all(&progress);
    if args.fix {
        let (fixes, changed) = fix(&units, files, &diags).map_err(|e| e.to_string())?;
        if fixes > 0 {
            eprintln!(
                "dify-lsp: fixed {fixes} problem{} in {changed} file{}",
                plural(fixes),
                plural(changed)
            );
            let fresh = Host::of_units(units.clone(), args.overrides.clone());
            diags = fresh.snapshot().check_all(&|_| {});
        }
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    output::write(out, args.format, &diags, &cwd, &checked).map_err(|e| e.to_string())?;
    Ok(
        if unreadable_named || diags.iter().any(|d| d.severity == Severity::Error) {
            1
        } else {
            0
        },
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Applies the safe fixes of every file, writing each file atomically; files that do not parse,
/// or would not parse after the fixes, are left alone. Returns (fixes applied, files changed).
fn fix(
    units: &[crate::project::Unit],
    files: &dyn Files,
    diags: &[crate::rules::Diagnostic],
) -> std::io::Result<(usize, usize)> {
    use crate::actions;
    let (mut fixes, mut changed) = (0, 0);
    for unit in units {
        // A file of a nested unit is fixed by that unit alone, by its own project.
        let unit_diags: Vec<crate::rules::Diagnostic> = diags
            .iter()
            .filter(|d| owner(units, d.path()) == Some(unit))
            .cloned()
            .collect();
        if unit_diags.is_empty() {
            continue;
        }
        let project = crate::project::Project::load(unit, files);
        let mut paths: Vec<&std::path::Path> = unit_diags.iter().map(|d| d.path()).collect();
        paths.sort();
        paths.dedup();
        for path in paths {
            if !actions::may_change(&unit.root, files, path) {
                continue;
            }
            let Some(file) = files.read(path) else { continue };
            let is_py = path.extension().is_some_and(|e| e == "py");
            let parses = |text: &str| {
                if is_py {
                    crate::project::python::PyModule::parse(text).syntax_error.is_none()
                } else {
                    crate::syntax::yaml::load(text).error.is_none()
                }
            };
            if file.decode_error.is_some() || !parses(&file.text) {
                continue;
            }
            let edits = actions::fix_all(&unit_diags, &project, files, path);
            if edits.is_empty() {
                continue;
            }
            let new = actions::apply_edits(&file.text, &edits);
            if new == file.text || !parses(&new) {
                continue;
            }
            // A file that cannot be replaced safely is left as it is and said so; the others are fixed.
            match write_atomically(path, &new) {
                Ok(()) => {
                    fixes += edits.len();
                    changed += 1;
                }
                Err(e) => eprintln!("dify-lsp: {} not fixed: {e}", path.display()),
            }
        }
    }
    Ok((fixes, changed))
}

/// The deepest unit holding `path`: the unit that owns it when units are nested.
fn owner<'u>(units: &'u [crate::project::Unit], path: &std::path::Path) -> Option<&'u crate::project::Unit> {
    units
        .iter()
        .filter(|u| u.contains(path))
        .max_by_key(|u| u.root.components().count())
}

/// Writes through a new temporary file in the same folder and a rename, so a crash never leaves a
/// half-written file; the original permissions are kept. Only a regular file is replaced: never a
/// symbolic link (renaming over it would replace the link, and writing through it would reach
/// wherever it points) nor anything else. The temporary file is created exclusively, so a link
/// planted under its name is never followed.
fn write_atomically(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.file_type().is_file() {
        return Err(std::io::Error::other(format!(
            "{}: not a regular file, left unchanged",
            path.display()
        )));
    }
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.dify-lsp-{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.set_permissions(meta.permissions())?;
        f.sync_all()
    })();
    written.and_then(|()| std::fs::rename(&tmp, path)).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
