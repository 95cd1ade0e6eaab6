//! Python's `glob.glob` as the plugin SDK calls it on `models.<type>.predefined` patterns
//! (non-recursive, relative to the plugin root), over [`Files`] so that unsaved buffers and
//! listing problems are seen the way the rest of the analysis sees them.
//!
//! Semantics kept from CPython: the pattern is matched one path segment at a time with `fnmatch`
//! (`*`, `?`, `[seq]`, `[!seq]`; case-sensitive on Linux); a wildcard never matches a leading `.`
//! unless the segment itself starts with one; `**` without `recursive=True` is just `*`. Matches
//! are files only (the SDK opens each one; a folder fails it in other ways).

use super::Files;
use std::path::{Path, PathBuf};

/// The most matches one pattern may yield (a bound against pathological trees).
const MAX_MATCHES: usize = 10_000;

/// The files under `root` matching `pattern`, sorted. Patterns that leave the root (`..`,
/// absolute paths) match nothing here: the daemon never finds such files in the package.
pub(crate) fn glob(files: &dyn Files, root: &Path, pattern: &str) -> Vec<PathBuf> {
    if pattern.starts_with('/') || pattern.contains('\\') {
        return Vec::new();
    }
    let segments: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty() && *s != ".").collect();
    if segments.is_empty() || segments.contains(&"..") {
        return Vec::new();
    }
    let mut current = vec![root.to_path_buf()];
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let mut next = Vec::new();
        for dir in &current {
            if !has_magic(seg) {
                let p = dir.join(seg);
                let ok = if last { files.is_file(&p) } else { files.is_dir(&p) };
                if ok {
                    next.push(p);
                }
                continue;
            }
            for entry in files.list_dir(dir) {
                if entry.is_dir == last || !fnmatch(seg, &entry.name) {
                    continue;
                }
                if entry.name.starts_with('.') && !seg.starts_with('.') {
                    continue;
                }
                next.push(dir.join(&entry.name));
                if next.len() >= MAX_MATCHES {
                    break;
                }
            }
        }
        current = next;
        if current.is_empty() {
            break;
        }
    }
    current.sort();
    current
}

fn has_magic(seg: &str) -> bool {
    seg.contains(['*', '?', '['])
}

/// Whether `name` matches the shell pattern `pat` (Python's `fnmatch.fnmatchcase`).
pub(crate) fn fnmatch(pat: &str, name: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let n: Vec<char> = name.chars().collect();
    matches_at(&p, &n)
}

fn matches_at(p: &[char], n: &[char]) -> bool {
    // Iterative with one backtracking point per `*`, like the classic wildcard matcher.
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, ni));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                '[' => {
                    if let Some((hit, len)) = class(&p[pi..], n[ni]) {
                        if hit {
                            pi += len;
                            ni += 1;
                            continue;
                        }
                    } else if n[ni] == '[' {
                        // An unclosed `[` is a literal.
                        pi += 1;
                        ni += 1;
                        continue;
                    }
                }
                c if c == n[ni] => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, sn)) => {
                pi = sp + 1;
                ni = sn + 1;
                star = Some((sp, sn + 1));
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// A `[...]` class at the start of `p`: whether `c` is in it, and the class's length; `None` when
/// the bracket is not closed.
fn class(p: &[char], c: char) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = p.get(i) == Some(&'!');
    if negate {
        i += 1;
    }
    let start = i;
    let mut hit = false;
    while i < p.len() {
        if p[i] == ']' && i > start {
            return Some((hit != negate, i + 1));
        }
        if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
            if p[i] <= c && c <= p[i + 2] {
                hit = true;
            }
            i += 3;
        } else {
            if p[i] == c {
                hit = true;
            }
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnmatch_follows_python() {
        assert!(fnmatch("*.yaml", "gpt-4.yaml"));
        assert!(fnmatch("*", "_position.yaml"));
        assert!(!fnmatch("*.yaml", "gpt-4.yml"));
        assert!(fnmatch("gpt-?.yaml", "gpt-4.yaml"));
        assert!(fnmatch("[a-c]*.yaml", "b.yaml"));
        assert!(!fnmatch("[!a-c]*.yaml", "b.yaml"));
        assert!(fnmatch("[]]x", "]x"));
        assert!(fnmatch("a[b", "a[b"));
        assert!(fnmatch("**", "anything"));
        assert!(!fnmatch("*.YAML", "a.yaml"));
        assert!(fnmatch("*a*b*c", "xxaxxbxxc"));
        assert!(!fnmatch("*a*b*c", "xxaxxbxx"));
    }
}
