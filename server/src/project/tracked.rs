//! Which folders hold files that git tracks, read from the repository's index (`.git/index`).
//!
//! `.gitignore` describes untracked files: git keeps tracking a file that a pattern matches. A
//! broad pattern can match tracked source (Dify's own `.gitignore` once ended with `core/`, which
//! matches `api/core/`, home of every in-tree provider), so the walker skips an ignored folder
//! only when it holds no tracked file. Index versions 2 to 4 are read; anything else (or a
//! SHA-256 repository whose entries do not parse) gives no answer, and `.gitignore` alone decides.

use std::path::{Path, PathBuf};

/// The tracked paths of one repository, sorted as the index keeps them.
pub(crate) struct Tracked {
    top: PathBuf,
    paths: Vec<Vec<u8>>,
}

impl Tracked {
    /// Reads the index of the repository whose work tree starts at `top`.
    pub(crate) fn load(top: &Path) -> Option<Tracked> {
        // Bounded, regular files only: a cloned repository is untrusted input.
        const MAX_INDEX_BYTES: usize = 256 << 20;
        let bytes = super::files::read_regular(&git_dir(top)?.join("index"), MAX_INDEX_BYTES).ok()?;
        let mut paths = parse(&bytes)?;
        paths.sort();
        Some(Tracked {
            top: top.to_path_buf(),
            paths,
        })
    }

    /// Whether git tracks a file below `folder`.
    pub(crate) fn holds_tracked(&self, folder: &Path) -> bool {
        let Some(rel) = folder.strip_prefix(&self.top).ok().and_then(|r| r.to_str()) else {
            return false;
        };
        let prefix = format!("{rel}/").into_bytes();
        let at = self.paths.partition_point(|p| p.as_slice() < prefix.as_slice());
        self.paths.get(at).is_some_and(|p| p.starts_with(&prefix))
    }
}

/// The git directory of a work tree: `.git`, or where a `.git` file points (linked worktrees,
/// submodules).
fn git_dir(top: &Path) -> Option<PathBuf> {
    let dot_git = top.join(".git");
    if dot_git.is_dir() {
        return Some(dot_git);
    }
    let bytes = super::files::read_regular(&dot_git, 4096).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let dir = text.strip_prefix("gitdir:")?.trim();
    Some(top.join(dir))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// The paths of an index file (format: git's Documentation/gitformat-index.txt).
fn parse(bytes: &[u8]) -> Option<Vec<Vec<u8>>> {
    if bytes.get(..4)? != b"DIRC" {
        return None;
    }
    let version = be32(bytes, 4)?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = be32(bytes, 8)? as usize;
    // Stat data (40 bytes), object name (20: SHA-1), flags (2).
    const FIXED: usize = 62;
    let mut paths: Vec<Vec<u8>> = Vec::with_capacity(count.min(1 << 20));
    let mut pos = 12;
    let mut previous: Vec<u8> = Vec::new();
    for _ in 0..count {
        let start = pos;
        let flags = u16::from_be_bytes(bytes.get(start + 60..start + 62)?.try_into().ok()?);
        pos = start + FIXED;
        if version >= 3 && flags & 0x4000 != 0 {
            pos += 2;
        }
        let path = if version == 4 {
            let (strip, used) = varint(bytes.get(pos..)?)?;
            pos += used;
            let len = bytes.get(pos..)?.iter().position(|&b| b == 0)?;
            let keep = previous.len().checked_sub(strip)?;
            let mut path = previous[..keep].to_vec();
            path.extend_from_slice(&bytes[pos..pos + len]);
            pos += len + 1;
            path
        } else {
            let len = bytes.get(pos..)?.iter().position(|&b| b == 0)?;
            let path = bytes[pos..pos + len].to_vec();
            // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
            pos = start + (pos - start + len + 8) / 8 * 8;
            path
        };
        previous.clone_from(&path);
        paths.push(path);
    }
    Some(paths)
}

/// Git's offset varint: big-endian groups of 7 bits, each continuation adding one.
fn varint(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut used = 0;
    let mut c = *bytes.first()?;
    let mut value = (c & 0x7f) as usize;
    while c & 0x80 != 0 {
        used += 1;
        c = *bytes.get(used)?;
        // Checked: a hostile index must not overflow (a panic in debug builds, garbage in release).
        value = value.checked_add(1)?.checked_mul(128)? | (c & 0x7f) as usize;
    }
    Some((value, used + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn garbage_indexes_give_no_answer_and_never_panic() {
        let mut v4 = b"DIRC\0\0\0\x04\0\0\0\x02".to_vec();
        v4.extend(std::iter::repeat_n(0u8, 62));
        v4.extend(std::iter::repeat_n(0xffu8, 64)); // a varint that never ends in range
        assert!(parse(&v4).is_none());
        assert!(parse(b"DIRC\0\0\0\x02\xff\xff\xff\xff").is_none());
        assert!(parse(b"").is_none());
    }

    fn git(dir: &Path, args: &[&str]) -> bool {
        Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t"])
            .args(args)
            .current_dir(dir)
            .output()
            .is_ok_and(|o| o.status.success())
    }

    #[test]
    fn tracked_folders_are_read_from_every_index_version() {
        let t = tempfile::tempdir().unwrap();
        let top = t.path();
        if !git(top, &["init", "-q"]) {
            eprintln!("skipped: no git");
            return;
        }
        // A long path: its entry is padded like any other (and the length field is not trusted).
        let long = vec!["a".repeat(200); 10].join("/");
        for f in [
            "api/core/tools/x.py",
            "api/core2/y.py",
            "web/z.ts",
            &format!("deep/{long}/f"),
        ] {
            std::fs::create_dir_all(top.join(f).parent().unwrap()).unwrap();
            std::fs::write(top.join(f), "").unwrap();
        }
        std::fs::create_dir_all(top.join("api/untracked")).unwrap();
        assert!(git(top, &["add", "-A"]));
        let check = |version: &str, entries: usize| {
            assert!(git(top, &["update-index", "--index-version", version]));
            let index = std::fs::read(top.join(".git/index")).unwrap();
            assert_eq!(be32(&index, 4).map(|v| v.to_string()).as_deref(), Some(version));
            let tracked = Tracked::load(top).expect("index parses");
            assert_eq!(tracked.paths.len(), entries, "version {version}");
            for (folder, expected) in [
                ("api", true),
                ("api/core", true),
                ("api/core/tools", true),
                ("api/cor", false),
                ("api/untracked", false),
                ("web", true),
                ("deep", true),
                ("nowhere", false),
            ] {
                assert_eq!(
                    tracked.holds_tracked(&top.join(folder)),
                    expected,
                    "{folder}, version {version}"
                );
            }
        };
        check("2", 4);
        check("4", 4);
        // An intent-to-add entry has extended flags, which need version 3 at least.
        std::fs::write(top.join("web/later.ts"), "").unwrap();
        assert!(git(top, &["add", "-N", "web/later.ts"]));
        check("3", 5);
        check("4", 5);
    }

    #[test]
    fn varints_follow_git() {
        assert_eq!(varint(&[0x05]), Some((5, 1)));
        // 0x80 0x00 is 128 in git's encoding.
        assert_eq!(varint(&[0x80, 0x00]), Some((128, 2)));
        assert_eq!(varint(&[0x80]), None);
    }
}
