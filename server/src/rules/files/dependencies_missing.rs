//! DIFY108: the plugin has neither `pyproject.toml` nor `requirements.txt`.

use crate::edits::{Action, Change};
use crate::project::views::{Field, ManifestDecl};
use crate::project::{Files, Project, SourceFile};
use crate::rules::{Ctx, Diagnostic, Fix, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static DEPENDENCIES_MISSING: Rule = Rule {
    code: "DIFY108",
    name: "dependencies-missing",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B1c",
    source: "DAEMON `internal/core/local_runtime/setup_python_environment.go`",
    summary: "The plugin has neither `pyproject.toml` nor `requirements.txt`",
    doc: "At install time the daemon creates the plugin's virtual environment from `pyproject.toml` (preferred) \
or `requirements.txt`; with neither it fails with `neither pyproject.toml nor requirements.txt found in plugin \
directory`. Add one that lists `dify_plugin`.

**Example**

```text
demo/
  main.py
  manifest.yaml
```

Use instead:

```toml
# pyproject.toml
[project]
name = \"demo\"
version = \"0.0.1\"
requires-python = \">=3.12\"
dependencies = [\"dify_plugin>=0.9.0,<0.10.0\"]
```",
    fix: Some(Fix {
        actions: fix,
        placeholders: false,
    }),
};

/// `mroot` is the manifest's root.
pub(super) fn check(cx: &mut Ctx, manifest: &Arc<SourceFile>, mroot: Option<&Node>) {
    let root = cx.unit().root.clone();
    if !cx.files.is_file(&root.join("pyproject.toml")) && !cx.files.is_file(&root.join("requirements.txt")) {
        let span = mroot
            .and_then(|r| ManifestDecl::new(r).meta())
            .and_then(|m| m.runner_field())
            .map_or(manifest.anchor(), Field::key_span);
        cx.report(&DEPENDENCIES_MISSING, manifest, span, "neither `pyproject.toml` nor `requirements.txt` exists: installing fails with `neither pyproject.toml nor requirements.txt found in plugin directory`; add one that lists `dify_plugin`");
    }
}

/// Creates a `pyproject.toml` that depends on the SDK.
fn fix(d: &Diagnostic, project: &Project, _: &dyn Files) -> Vec<Action> {
    vec![Action::fix(
        "Create `pyproject.toml`",
        d.rule.code,
        vec![Change::Create {
            path: project.unit.root.join("pyproject.toml"),
            text: format!(
                "[project]\nname = {:?}\nversion = \"0.0.1\"\nrequires-python = \">=3.12\"\ndependencies = [\"dify_plugin>=0.9.0,<0.10.0\"]\n",
                project.unit.dir_name()
            ),
        }],
    )]
}
