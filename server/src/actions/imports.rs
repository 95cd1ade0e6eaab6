//! Adding imports where isort (ruff's `I001`, on by default) wants them, so that a snippet never
//! leaves the import block unsorted: each line goes into its section (future, standard library,
//! third party, first party, relative), `import x` before `from x import y`, modules in
//! case-insensitive order. First party is what ruff's default `src = ["."]` finds from the
//! project's folder: the plugin's own modules, or for an in-tree provider Dify's `api/` modules.

use crate::project::{Files, Layout, Project, SourceFile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Future,
    StandardLibrary,
    ThirdParty,
    FirstParty,
    Relative,
}

/// What ruff sorts an import by within its section.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    /// `from` imports come after plain ones (`force-sort-within-sections = false`).
    from: bool,
    module: String,
}

struct Existing {
    section: Section,
    key: Key,
    /// The start of its first line and of the line after it.
    start: usize,
    end: usize,
}

/// Where to insert import lines in one module: `(offset, text)` pairs, at most one per offset.
pub(crate) struct Plan {
    pub(crate) inserts: Vec<(usize, String)>,
    /// The start of the line after the import block (where module-level setup such as a logger
    /// goes), or `None` when the module has no import.
    pub(crate) after_block: Option<usize>,
}

/// Plans inserting `lines` (each `import a` or `from a import b`, not already present) into the
/// module's import block.
pub(crate) fn plan(file: &SourceFile, project: &Project, files: &dyn Files, lines: &[&str]) -> Plan {
    let first_party = FirstParty::of(project);
    let existing = block(file, &first_party, files);
    let after_block = existing.last().map(|e| e.end);
    let mut at: BTreeMap<usize, Vec<(Section, Key, String)>> = BTreeMap::new();
    let mut new_sections: BTreeMap<Section, Vec<(Key, String)>> = BTreeMap::new();
    for line in lines {
        let Some((from, module)) = parse(line) else {
            continue;
        };
        let section = first_party.section(&module, files);
        let key = Key {
            from,
            module: module.to_lowercase(),
        };
        let same: Vec<&Existing> = existing.iter().filter(|e| e.section == section).collect();
        if same.is_empty() {
            new_sections.entry(section).or_default().push((key, line.to_string()));
            continue;
        }
        let offset = match same.iter().find(|e| e.key > key) {
            Some(next) => next.start,
            None => same.last().expect("not empty").end,
        };
        at.entry(offset).or_default().push((section, key, line.to_string()));
    }
    let mut inserts: BTreeMap<usize, String> = at
        .into_iter()
        .map(|(offset, mut group)| {
            group.sort();
            (offset, group.into_iter().map(|(_, _, l)| l + "\n").collect())
        })
        .collect();
    // A section the block does not have yet: before the first later section, or after the block,
    // with the blank line isort puts between sections.
    for (section, mut group) in new_sections {
        group.sort();
        let text: String = group.into_iter().map(|(_, l)| l + "\n").collect();
        match existing.iter().find(|e| e.section > section) {
            Some(later) => inserts.entry(later.start).or_default().push_str(&format!("{text}\n")),
            None => match after_block {
                Some(end) => inserts.entry(end).or_default().push_str(&format!("\n{text}")),
                None => {
                    let start = module_start(file);
                    inserts.entry(start).or_default().push_str(&format!("{text}\n\n"));
                }
            },
        }
    }
    Plan {
        inserts: inserts.into_iter().collect(),
        after_block,
    }
}

/// `(is a from-import, module)` of one import line.
fn parse(line: &str) -> Option<(bool, String)> {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix("from ") {
        let module = rest.split_whitespace().next()?;
        return Some((true, module.to_string()));
    }
    let module = line.strip_prefix("import ")?.split([' ', ',']).next()?;
    Some((false, module.to_string()))
}

/// The top-level imports before the first other statement (a module docstring and comments do
/// not end the block).
fn block(file: &SourceFile, first_party: &FirstParty, files: &dyn Files) -> Vec<Existing> {
    let root = file.python().tree.root_node();
    let mut cursor = root.walk();
    let mut out = Vec::new();
    for (i, node) in root.named_children(&mut cursor).enumerate() {
        let kind = node.kind();
        let text = &file.text[node.byte_range()];
        let (from, module) = match kind {
            "comment" => continue,
            "expression_statement" if i == 0 && node.named_child(0).is_some_and(|c| c.kind() == "string") => continue,
            "future_import_statement" => (true, "__future__".to_string()),
            "import_statement" | "import_from_statement" => match parse(text) {
                Some(p) => p,
                None => break,
            },
            _ => break,
        };
        let section = if module.starts_with('.') {
            Section::Relative
        } else {
            first_party.section(&module, files)
        };
        out.push(Existing {
            section,
            key: Key {
                from,
                module: module.to_lowercase(),
            },
            start: file.lines.line_start(file.lines.line_of(node.start_byte())),
            end: crate::edits::text::next_line_start(file, node.end_byte()),
        });
    }
    out
}

/// The start of the first statement after a module docstring (where imports go in a module
/// without any).
fn module_start(file: &SourceFile) -> usize {
    let root = file.python().tree.root_node();
    let mut cursor = root.walk();
    let first = root.named_children(&mut cursor).find(|n| n.kind() != "comment");
    match first {
        Some(n) if n.kind() == "expression_statement" && n.named_child(0).is_some_and(|c| c.kind() == "string") => {
            crate::edits::text::next_line_start(file, n.end_byte())
        }
        Some(n) => file.lines.line_start(file.lines.line_of(n.start_byte())),
        None => file.text.len(),
    }
}

/// Where ruff's default `src = ["."]` looks for first-party modules: the plugin's folder, or
/// Dify's `api/` folder for an in-tree provider.
struct FirstParty {
    root: Option<PathBuf>,
}

impl FirstParty {
    fn of(project: &Project) -> FirstParty {
        let unit = &project.unit.root;
        let root = match project.unit.layout {
            Layout::Plugin => Some(unit.clone()),
            Layout::InTree(_) => unit
                .ancestors()
                .find(|a| a.file_name().is_some_and(|n| n == "api") && unit.starts_with(a.join("core")))
                .map(Path::to_path_buf),
        };
        FirstParty { root }
    }

    fn section(&self, module: &str, files: &dyn Files) -> Section {
        let top = module.split('.').next().unwrap_or(module);
        if top == "__future__" {
            return Section::Future;
        }
        if STANDARD_LIBRARY.binary_search(&top).is_ok() {
            return Section::StandardLibrary;
        }
        // Like ruff, the whole module path must exist: `core.tools.tool` is first party where
        // `core/tools/tool.py` (or the folder) is there.
        let Some(root) = &self.root else {
            return Section::ThirdParty;
        };
        let path = module.split('.').fold(root.clone(), |p, part| p.join(part));
        let as_module = path.with_file_name(format!(
            "{}.py",
            path.file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned())
        ));
        if files.is_dir(&path) || files.is_file(&as_module) {
            Section::FirstParty
        } else {
            Section::ThirdParty
        }
    }
}

/// `sys.stdlib_module_names` of Python 3.11, without private modules; sorted.
const STANDARD_LIBRARY: &[&str] = &[
    "__future__",
    "abc",
    "aifc",
    "antigravity",
    "argparse",
    "array",
    "ast",
    "asynchat",
    "asyncio",
    "asyncore",
    "atexit",
    "audioop",
    "base64",
    "bdb",
    "binascii",
    "bisect",
    "builtins",
    "bz2",
    "cProfile",
    "calendar",
    "cgi",
    "cgitb",
    "chunk",
    "cmath",
    "cmd",
    "code",
    "codecs",
    "codeop",
    "collections",
    "colorsys",
    "compileall",
    "concurrent",
    "configparser",
    "contextlib",
    "contextvars",
    "copy",
    "copyreg",
    "crypt",
    "csv",
    "ctypes",
    "curses",
    "dataclasses",
    "datetime",
    "dbm",
    "decimal",
    "difflib",
    "dis",
    "distutils",
    "doctest",
    "email",
    "encodings",
    "ensurepip",
    "enum",
    "errno",
    "faulthandler",
    "fcntl",
    "filecmp",
    "fileinput",
    "fnmatch",
    "fractions",
    "ftplib",
    "functools",
    "gc",
    "genericpath",
    "getopt",
    "getpass",
    "gettext",
    "glob",
    "graphlib",
    "grp",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "http",
    "idlelib",
    "imaplib",
    "imghdr",
    "imp",
    "importlib",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "json",
    "keyword",
    "lib2to3",
    "linecache",
    "locale",
    "logging",
    "lzma",
    "mailbox",
    "mailcap",
    "marshal",
    "math",
    "mimetypes",
    "mmap",
    "modulefinder",
    "msilib",
    "msvcrt",
    "multiprocessing",
    "netrc",
    "nis",
    "nntplib",
    "nt",
    "ntpath",
    "nturl2path",
    "numbers",
    "opcode",
    "operator",
    "optparse",
    "os",
    "ossaudiodev",
    "pathlib",
    "pdb",
    "pickle",
    "pickletools",
    "pipes",
    "pkgutil",
    "platform",
    "plistlib",
    "poplib",
    "posix",
    "posixpath",
    "pprint",
    "profile",
    "pstats",
    "pty",
    "pwd",
    "py_compile",
    "pyclbr",
    "pydoc",
    "pydoc_data",
    "pyexpat",
    "queue",
    "quopri",
    "random",
    "re",
    "readline",
    "reprlib",
    "resource",
    "rlcompleter",
    "runpy",
    "sched",
    "secrets",
    "select",
    "selectors",
    "shelve",
    "shlex",
    "shutil",
    "signal",
    "site",
    "smtpd",
    "smtplib",
    "sndhdr",
    "socket",
    "socketserver",
    "spwd",
    "sqlite3",
    "sre_compile",
    "sre_constants",
    "sre_parse",
    "ssl",
    "stat",
    "statistics",
    "string",
    "stringprep",
    "struct",
    "subprocess",
    "sunau",
    "symtable",
    "sys",
    "sysconfig",
    "syslog",
    "tabnanny",
    "tarfile",
    "telnetlib",
    "tempfile",
    "termios",
    "textwrap",
    "this",
    "threading",
    "time",
    "timeit",
    "tkinter",
    "token",
    "tokenize",
    "tomllib",
    "trace",
    "traceback",
    "tracemalloc",
    "tty",
    "turtle",
    "turtledemo",
    "types",
    "typing",
    "unicodedata",
    "unittest",
    "urllib",
    "uu",
    "uuid",
    "venv",
    "warnings",
    "wave",
    "weakref",
    "webbrowser",
    "winreg",
    "winsound",
    "wsgiref",
    "xdrlib",
    "xml",
    "xmlrpc",
    "zipapp",
    "zipfile",
    "zipimport",
    "zlib",
    "zoneinfo",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_library_list_is_sorted() {
        assert!(STANDARD_LIBRARY.windows(2).all(|w| w[0] < w[1]));
        assert!(STANDARD_LIBRARY.contains(&"logging") && !STANDARD_LIBRARY.contains(&"requests"));
    }

    #[test]
    fn import_lines_are_parsed() {
        assert_eq!(parse("import requests"), Some((false, "requests".into())));
        assert_eq!(
            parse("from urllib3.util.retry import Retry"),
            Some((true, "urllib3.util.retry".into()))
        );
    }
}
