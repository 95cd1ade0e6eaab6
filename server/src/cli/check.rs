//! `dify-lsp check`: discover units, analyse them in parallel, print the findings.

use super::output::{self, Format};
use crate::analysis;
use crate::config::Overrides;
use crate::project::{DiskFiles, discover};
use crate::rules::Severity;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

struct Args {
    paths: Vec<PathBuf>,
    format: Format,
    overrides: Overrides,
    progress: bool,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut a = Args {
        paths: Vec::new(),
        format: Format::Text,
        overrides: Overrides::default(),
        progress: true,
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

pub fn run(args: &[String], out: &mut dyn Write) -> Result<i32, String> {
    let args = parse(args)?;
    let units = discover(&args.paths).map_err(|e| e.to_string())?;
    let configs = analysis::configs(&units, &args.overrides)?;
    let files = DiskFiles::new();
    let total = units.len();
    let show = args.progress && std::io::stderr().is_terminal() && total >= 20;
    let progress = |done: usize| {
        if show && (done.is_multiple_of(10) || done == total) {
            eprint!("\rchecked {done}/{total} providers");
            if done == total {
                eprint!("\r\x1b[K");
            }
        }
    };
    let diags = analysis::check_units(&units, &files, &configs, &progress);
    let cwd = std::env::current_dir().unwrap_or_default();
    output::write(out, args.format, &diags, &cwd, total).map_err(|e| e.to_string())?;
    Ok(if diags.iter().any(|d| d.severity == Severity::Error) {
        1
    } else {
        0
    })
}
