//! The plugin SDK release a plugin can run with: the `dify_plugin` requirement of
//! `requirements.txt` or `pyproject.toml`, read for its upper bound. The daemon installs the
//! newest release the requirement allows, so only an upper bound (`==0.7.4`, `<0.9`, `~=0.7.0`,
//! Poetry's `^0.7`) keeps a plugin on an SDK that lacks a kind or feature; a low lower bound does
//! not.

use super::vocab::Version;
use super::{Files, SourceFile};
use crate::syntax::Span;
use std::path::Path;
use std::sync::Arc;

/// The `dify_plugin` requirement of a plugin.
pub(crate) struct SdkPin {
    pub(crate) file: Arc<SourceFile>,
    /// The requirement as written (`dify_plugin==0.7.4`).
    pub(crate) span: Span,
    /// The newest release allowed: the bound, and whether the bound itself is allowed.
    pub(crate) upper: Option<(Version, bool)>,
}

impl SdkPin {
    /// Whether the requirement lets the daemon install `needed` or newer.
    pub(crate) fn allows(&self, needed: &Version) -> bool {
        match &self.upper {
            None => true,
            Some((bound, inclusive)) => {
                if *inclusive {
                    bound >= needed
                } else {
                    bound > needed
                }
            }
        }
    }
}

/// The requirement in `requirements.txt`, else in `pyproject.toml`.
pub(crate) fn sdk_pin(files: &dyn Files, root: &Path) -> Option<SdkPin> {
    for name in ["requirements.txt", "pyproject.toml"] {
        let Some(file) = files.read(&root.join(name)) else {
            continue;
        };
        if let Some((span, spec)) = find_requirement(&file.text, name == "pyproject.toml") {
            return Some(SdkPin {
                upper: upper_bound(&spec),
                file,
                span,
            });
        }
    }
    None
}

/// The span of the requirement and its version specifiers (`==0.7.4,<1`; Poetry: `^0.7`).
fn find_requirement(text: &str, toml: bool) -> Option<(Span, String)> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = ["dify_plugin", "dify-plugin"]
        .iter()
        .filter_map(|n| lower[from..].find(n).map(|j| from + j))
        .min()
    {
        from = i + "dify_plugin".len();
        let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
        let line = &text[line_start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        if line.trim_start().starts_with('#') {
            continue;
        }
        // The name must stand alone (not `dify_plugin_tools`).
        let after = &text[from..line_start + line.len()];
        if after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            continue;
        }
        let rest = after.trim_start();
        // Poetry: `dify_plugin = "^0.7"` (the name may be quoted).
        if toml {
            let r = rest.trim_start_matches(['"', '\'']).trim_start();
            if let Some(v) = r.strip_prefix('=').filter(|v| !v.starts_with('=')) {
                let v = v.trim().trim_matches(['"', '\'', ',']);
                let end = line_start + line.len();
                return Some((Span::new(i, end), v.to_string()));
            }
        }
        // PEP 508: specifiers up to a quote, `;` (a marker) or the end of the line; extras skipped.
        let mut at = from + (after.len() - rest.len());
        if let Some(r) = rest.strip_prefix('[') {
            at += 1 + r.find(']').map_or(0, |e| e + 1);
        }
        let tail = &text[at..line_start + line.len()];
        let raw = &tail[..tail.find(['"', '\'', ';', '#']).unwrap_or(tail.len())];
        let spec = raw.trim();
        let end = at + raw.trim_end().len();
        return Some((Span::new(i, end.max(from)), spec.to_string()));
    }
    None
}

/// The newest release a specifier set allows (`None`: no upper bound).
fn upper_bound(spec: &str) -> Option<(Version, bool)> {
    let mut best: Option<(Version, bool)> = None;
    let mut tighten = |v: Version, inclusive: bool| {
        let tighter = match &best {
            None => true,
            Some((b, _)) => v < *b || (v == *b && !inclusive),
        };
        if tighter {
            best = Some((v, inclusive));
        }
    };
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (op, ver) = split_op(part);
        let parts: Vec<u64> = ver
            .trim()
            .trim_end_matches(".*")
            .split('.')
            .map_while(|p| p.parse().ok())
            .collect();
        if parts.is_empty() {
            continue;
        }
        let v = |p: &[u64]| Version::parse(&p.iter().map(u64::to_string).collect::<Vec<_>>().join("."));
        match op {
            "==" | "===" if ver.ends_with(".*") => {
                // `==0.7.*`: below the next release of the last given part.
                let mut next = parts.clone();
                *next.last_mut().expect("non-empty") += 1;
                tighten(v(&next)?, false);
            }
            "==" | "===" => tighten(v(&parts)?, true),
            "<" => tighten(v(&parts)?, false),
            "<=" => tighten(v(&parts)?, true),
            "~=" if parts.len() >= 2 => {
                let mut next = parts[..parts.len() - 1].to_vec();
                *next.last_mut().expect("non-empty") += 1;
                tighten(v(&next)?, false);
            }
            "^" => {
                // Poetry: the first non-zero part may not change.
                let i = parts.iter().position(|p| *p != 0).unwrap_or(parts.len() - 1);
                let mut next = parts[..=i].to_vec();
                next[i] += 1;
                tighten(v(&next)?, false);
            }
            "~" => {
                // Poetry: `~1.2.3` → <1.3.0; `~1` → <2.
                let keep = if parts.len() >= 2 { 2 } else { 1 };
                let mut next = parts[..keep].to_vec();
                *next.last_mut().expect("non-empty") += 1;
                tighten(v(&next)?, false);
            }
            "" if !ver.trim().is_empty() => tighten(v(&parts)?, true), // Poetry's bare `0.7.4`.
            _ => {}
        }
    }
    best
}

fn split_op(part: &str) -> (&str, &str) {
    for op in ["===", "==", "~=", "<=", ">=", "!=", "<", ">", "^", "~"] {
        if let Some(rest) = part.strip_prefix(op) {
            return (op, rest);
        }
    }
    ("", part)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(spec: &str, needed: &str) -> bool {
        let pin = SdkPin {
            file: Arc::new(SourceFile::from_text("r".into(), String::new())),
            span: Span::new(0, 0),
            upper: upper_bound(spec),
        };
        pin.allows(&Version::parse(needed).unwrap())
    }

    #[test]
    fn upper_bounds_follow_pep_440_and_poetry() {
        assert!(allows(">=0.5.0", "0.9.0"));
        assert!(!allows("==0.7.4", "0.9.0"));
        assert!(allows("==0.9.0", "0.9.0"));
        assert!(!allows(">=0.5,<0.9", "0.9.0"));
        assert!(allows("<=0.9.0", "0.9.0"));
        assert!(!allows("~=0.7.0", "0.9.0"));
        assert!(allows("~=0.7", "0.9.0"));
        assert!(!allows("==0.8.*", "0.9.0"));
        assert!(!allows("^0.7", "0.9.0"));
        assert!(allows("^0.9.1", "0.9.0"));
        assert!(allows("", "0.9.0"));
    }

    #[test]
    fn the_requirement_is_found_in_both_files() {
        let (span, spec) = find_requirement("requests\ndify_plugin==0.7.4 ; python_version>'3'\n", false).unwrap();
        assert_eq!(spec, "==0.7.4");
        assert_eq!(
            &"requests\ndify_plugin==0.7.4 ; python_version>'3'\n"[span.start..span.end],
            "dify_plugin==0.7.4"
        );
        let toml = "[project]\ndependencies = [\"dify-plugin>=0.9.1,<0.10\", \"x\"]\n";
        let (span, spec) = find_requirement(toml, true).unwrap();
        assert_eq!(spec, ">=0.9.1,<0.10");
        assert_eq!(&toml[span.start..span.end], "dify-plugin>=0.9.1,<0.10");
        let (_, spec) = find_requirement("[tool.poetry.dependencies]\ndify_plugin = \"^0.7\"\n", true).unwrap();
        assert_eq!(spec, "^0.7");
        assert!(find_requirement("# dify_plugin==0.1\ndify_plugin_tools==1\n", false).is_none());
    }
}
