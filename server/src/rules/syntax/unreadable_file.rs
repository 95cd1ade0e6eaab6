//! DIFY003: a file or folder that cannot be read, a file that is not UTF-8 text, or one that is
//! not a regular file.

use crate::project::SourceFile;
use crate::project::files::ReadProblem;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::Span;
use std::sync::Arc;

pub(crate) static UNREADABLE: Rule = Rule {
    code: "DIFY003",
    name: "unreadable-file",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "§2",
    source: "SDK (files are opened as UTF-8 text)",
    summary: "A file or folder cannot be read, is not UTF-8 text, or is not a regular file",
    doc: "Dify reads YAML and Python files as UTF-8 text. A file with invalid UTF-8 or NUL bytes cannot be \
loaded; re-save it as UTF-8. A file or folder without read permission cannot be packaged or loaded: fix its \
permissions (`chmod a+r FILE`, `chmod a+rx FOLDER`). A FIFO, socket or device where a plugin file belongs is \
never read (reading it could block forever): replace it with a regular file.

**Example**

```text
$ ls -l tools/search.yaml
--w------- 1 me me 812 Jan  1 12:00 tools/search.yaml
```

Use instead:

```text
$ chmod a+r tools/search.yaml
```",
    fix: None,
};

/// A file that cannot be read (too large is file-too-large's).
pub(super) fn check_file(cx: &mut Ctx, file: &Arc<SourceFile>) {
    let Some(problem) = &file.decode_error else { return };
    if matches!(problem, ReadProblem::TooLarge(_)) {
        return;
    }
    let message = format!("cannot read `{}`: {}", file.file_name(), problem.describe());
    cx.report(&UNREADABLE, file, Span::default(), message);
}

/// A folder to look at, with the reference that leads into it (where a problem is reported).
type FolderUse = (std::path::PathBuf, Option<(Arc<SourceFile>, Span)>);

/// Folders the unit's files live in that exist but cannot be listed: their files would otherwise
/// be reported as missing.
pub(super) fn check_folders(cx: &mut Ctx) {
    let project = cx.project;
    let root = &project.unit.root;
    let mut dirs: Vec<FolderUse> = vec![
        (root.clone(), None),
        (root.join("tools"), None),
        (root.join("_assets"), None),
    ];
    let refs = project.providers.iter().flat_map(|p| {
        p.listed
            .iter()
            .chain(&p.source)
            .chain(p.tools.iter().flat_map(|t| t.listed.iter().chain(&t.source)))
    });
    for r in refs {
        if let Some(parent) = r.target.path.parent() {
            dirs.push((parent.to_path_buf(), Some((r.file.clone(), r.span))));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (dir, at) in dirs {
        if !seen.insert(dir.clone()) {
            continue;
        }
        let Some(problem) = cx.files.dir_problem(&dir) else {
            continue;
        };
        let (file, span) = at.unwrap_or_else(|| {
            let carrier = project
                .manifest
                .clone()
                .or_else(|| project.providers.iter().find_map(|p| p.yaml.clone()))
                .unwrap_or_else(|| Arc::new(SourceFile::placeholder(dir.clone())));
            let span = carrier.anchor();
            (carrier, span)
        });
        let shown = dir
            .strip_prefix(root)
            .map_or(dir.display().to_string(), |r| format!("{}/", r.display()));
        let shown = if shown == "/" {
            format!("{}/", project.unit.dir_name())
        } else {
            shown
        };
        cx.report(
            &UNREADABLE,
            &file,
            span,
            format!(
                "cannot list the folder `{shown}`: {}; its files can be neither checked nor packaged",
                problem.describe()
            ),
        );
    }
}
