//! DIFY519: a reverse invocation (`self.session.model.llm`, `.tool`, `.app`, `.workflow_node`,
//! `.storage`) that the manifest's `resource.permission` does not allow (K2).

use super::kind_role;
use crate::project::SourceFile;
use crate::project::views::{Field, ManifestDecl, PermissionDecl};
use crate::rules::python::classes::Classes;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::{Span, python};
use std::sync::Arc;
use tree_sitter::Node as TsNode;

pub(crate) static INVOKE_PERMISSION: Rule = Rule {
    code: "DIFY519",
    name: "reverse-invocation-permission",
    grade: Grade::Runtime,
    layouts: Layouts::PLUGIN,
    spec: "K2",
    source: "DAEMON `internal/core/io_tunnel/backwards_invocation/task.go` (`permissionMapping`)",
    summary: "The code calls back into Dify (a model, a tool, an app, a workflow node, the storage) without the manifest permission",
    doc: "A plugin of any kind can call back into Dify through `self.session`. The daemon checks each call \
against the manifest's `resource.permission` and refuses it otherwise, e.g. `permission denied, you need to \
enable llm access in plugin manifest`:

| Call | Permission |
|---|---|
| `self.session.model.llm`, `.llm_structured_output`, `.summary` | `model.enabled` and `model.llm` |
| `self.session.model.text_embedding` / `rerank` / `tts` / `speech2text` / `moderation` | `model.enabled` and that flag |
| `self.session.tool` | `tool.enabled` |
| `self.session.app` | `app.enabled` |
| `self.session.workflow_node` | `node.enabled` |
| `self.session.storage` | `storage.enabled` (and a `size`) |

The plugin loads; the call fails each time it runs. Uploading files (`self.session.file`) needs no permission.

**Example**

```yaml
# manifest.yaml
resource:
  memory: 268435456
```

```python
# tools/summarize.py
summary = self.session.model.summary.invoke(text=text, instruction=\"\")
```

Use instead:

```yaml
# manifest.yaml
resource:
  memory: 268435456
  permission:
    model:
      enabled: true
      llm: true
```",
    fix: None,
};

/// A permission: the manifest keys under `resource.permission`, and the daemon's word for it.
struct Permission {
    group: &'static str,
    flag: Option<&'static str>,
    word: &'static str,
}

fn permission(path: &[&str]) -> Option<Permission> {
    let (group, flag, word) = match path {
        ["model", "llm" | "llm_structured_output" | "summary"] => ("model", Some("llm"), "llm"),
        ["model", "text_embedding"] => ("model", Some("text_embedding"), "text-embedding"),
        ["model", "rerank"] => ("model", Some("rerank"), "rerank"),
        ["model", "tts"] => ("model", Some("tts"), "tts"),
        ["model", "speech2text"] => ("model", Some("speech2text"), "speech2text"),
        ["model", "moderation"] => ("model", Some("moderation"), "moderation"),
        ["tool", ..] => ("tool", None, "tool"),
        ["app", ..] => ("app", None, "app"),
        ["workflow_node", ..] => ("node", None, "node"),
        ["storage", ..] => ("storage", None, "storage"),
        _ => return None,
    };
    Some(Permission { group, flag, word })
}

fn granted(permissions: Option<PermissionDecl>, p: &Permission) -> bool {
    let on = |n: Option<Field>| n.and_then(Field::as_lax_bool) == Some(true);
    let Some(group) = permissions.and_then(|r| r.group(p.group)) else {
        return false;
    };
    on(group.enabled()) && p.flag.is_none_or(|f| on(group.flag(f)))
}

pub(super) fn check(cx: &mut Ctx) {
    let project = cx.project;
    let Some(manifest) = &project.manifest else { return };
    let Some(root) = manifest.yaml_root() else { return };
    let manifest_decl = ManifestDecl::new(root);
    let resource = manifest_decl.resource();
    // A malformed `resource` is the manifest rules' finding; nothing to compare with.
    if resource.is_some_and(|r| !r.is_mapping()) {
        return;
    }
    let permissions = resource.and_then(|r| r.permission());
    // The modules the declarations name, and the unit's modules they import.
    let mut files: Vec<Arc<SourceFile>> = Vec::new();
    for f in project.source_files() {
        if f.path.extension().is_some_and(|e| e == "py") && !files.iter().any(|o| o.path == f.path) {
            files.push(f.clone());
        }
    }
    let declared = files.len();
    for i in 0..declared {
        let imported = Classes::new(cx, kind_role("")).imported_modules(&files[i]);
        for f in imported {
            if !files.iter().any(|o| o.path == f.path) {
                files.push(f);
            }
        }
    }
    let anchor = manifest_decl
        .resource_field()
        .map_or_else(|| manifest.anchor(), Field::key_span);
    for file in &files {
        // Most modules never call back into Dify: skip their walk (a text test, far cheaper).
        if !file.text.contains("session") {
            continue;
        }
        if file.decode_error.is_some() || file.python().syntax_error.is_some() {
            continue;
        }
        let mut uses: Vec<(Vec<String>, Span)> = Vec::new();
        collect(file.python().tree.root_node(), &file.text, &mut uses);
        let mut reported: Vec<&str> = Vec::new();
        for (path, span) in &uses {
            let parts: Vec<&str> = path.iter().map(String::as_str).collect();
            let Some(p) = permission(&parts) else { continue };
            if granted(permissions, &p) || reported.contains(&p.word) {
                continue;
            }
            reported.push(p.word);
            let needed = match p.flag {
                Some(f) => format!("`{}.enabled` and `{}.{f}`", p.group, p.group),
                None => format!("`{}.enabled`", p.group),
            };
            let call = format!("self.session.{}", parts.join("."));
            let d = cx.report(
                &INVOKE_PERMISSION,
                file,
                *span,
                format!(
                    "`{call}` calls back into Dify, but the manifest's `resource.permission` lacks {needed}: the daemon refuses the call (`permission denied, you need to enable {} access in plugin manifest`); add {needed} under `resource.permission` in `manifest.yaml`",
                    p.word
                ),
            );
            d.with_related(manifest, anchor, "the manifest's resources");
        }
    }
}

/// `self.session.<a>` and `self.session.model.<b>` expressions: the names after `session`, and
/// the span of the expression.
fn collect(root: TsNode, src: &str, out: &mut Vec<(Vec<String>, Span)>) {
    super::walk(root, |node| {
        if node.kind() == "attribute"
            && let Some(object) = node.child_by_field_name("object")
            && let Some(attr) = node.child_by_field_name("attribute")
            && squeeze(python::text(object, src)) == "self.session"
        {
            let name = python::text(attr, src).to_string();
            let mut path = vec![name.clone()];
            let mut end = node;
            if name == "model"
                && let Some(parent) = node.parent()
                && parent.kind() == "attribute"
                && parent
                    .child_by_field_name("object")
                    .is_some_and(|o| o.id() == node.id())
                && let Some(a) = parent.child_by_field_name("attribute")
            {
                path.push(python::text(a, src).to_string());
                end = parent;
            }
            out.push((path, Span::new(node.start_byte(), end.end_byte())));
        }
        true
    });
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}
