//! Files and structure: the files each layout's loader expects, the files YAML references, icons,
//! and files nothing loads.

pub(crate) mod assets_missing;
pub(crate) mod dependencies_missing;
pub(crate) mod icon_in_subfolder;
pub(crate) mod intree_icon_missing;
pub(crate) mod intree_provider_files;
pub(crate) mod intree_tool_files;
pub(crate) mod listed_file_missing;
pub(crate) mod manifest_missing;
pub(crate) mod not_in_position;
pub(crate) mod orphan_tool;
pub(crate) mod plugin_icon_missing;
pub(crate) mod provider_count;
pub(crate) mod provider_icon_dark_missing;
pub(crate) mod python_source_missing;
pub(crate) mod tools_not_a_list;
pub(crate) mod yml_tool_ignored;

use super::{Ctx, Diagnostic, Rule};
use crate::edits::{Action, Change};
use crate::project::views::{Field, ProviderDecl};
use crate::project::{Files, Project, Reference, SourceFile};
use crate::syntax::Span;
use crate::syntax::yaml::Node;
use std::path::Path;
use std::sync::Arc;

pub(crate) fn check(cx: &mut Ctx) {
    if cx.unit().is_plugin() {
        check_plugin(cx)
    } else {
        check_intree(cx)
    }
}

fn check_intree(cx: &mut Ctx) {
    intree_provider_files::check(cx);
    intree_tool_files::check(cx);
    yml_tool_ignored::check(cx);
    let Some(yaml) = cx.project.providers[0].yaml.clone() else {
        return;
    };
    let Some(root) = yaml.yaml_root() else { return };
    intree_icon_missing::check(cx, &yaml, root);
    let dir = cx.unit().dir_name().to_string();
    not_in_position::check(cx, &yaml, &dir);
}

fn check_plugin(cx: &mut Ctx) {
    let Some(manifest) = cx.project.manifest.clone() else {
        manifest_missing::check(cx);
        check_plugin_files(cx);
        return;
    };
    let mroot = manifest.yaml_root();
    assets_missing::check(cx, &manifest, mroot);
    dependencies_missing::check(cx, &manifest, mroot);
    if let Some(root) = mroot {
        plugin_icon_missing::check_manifest(cx, &manifest, root);
        plugin_icon_missing::check_kinds(cx);
        provider_count::check(cx, &manifest, root);
    }
    check_plugin_files(cx);
}

/// The files the providers and tools reference, and the tool files no provider lists.
fn check_plugin_files(cx: &mut Ctx) {
    let project = cx.project;
    for p in &project.providers {
        if let Some(r) = &p.listed {
            listed_file_missing::check_provider(cx, r);
        }
        let Some(yaml) = &p.yaml else { continue };
        let Some(root) = yaml.yaml_root() else {
            continue;
        };
        python_source_missing::check(cx, yaml, p.source.as_ref(), "provider");
        plugin_icon_missing::check_provider(cx, yaml, root);
        provider_icon_dark_missing::check(cx, yaml, root);
        tools_not_a_list::check(cx, yaml, root);
        for t in &p.tools {
            if let Some(r) = &t.listed {
                listed_file_missing::check_tool(cx, r);
            }
            if let Some(ty) = &t.yaml {
                python_source_missing::check(cx, ty, t.source.as_ref(), "tool");
            }
        }
    }
    orphan_tool::check(cx);
    check_kind_files(cx);
}

/// The files the declarations of the other kinds list and the modules they name
/// (dify-plugin-kinds.md E1, E2, E5, E8, G1, G2, G4, G8, M1, M2, M13, D1–D3, D5a, T1–T3, T7).
fn check_kind_files(cx: &mut Ctx) {
    use crate::project::kinds::Kind;
    let project = cx.project;
    for d in &project.kinds {
        listed_file_missing::check_declaration(cx, d.kind, &d.listed);
        let Some(yaml) = &d.yaml else { continue };
        if yaml.yaml_root().is_none_or(|r| r.as_map().is_none()) {
            continue;
        }
        for m in &d.modules {
            python_source_missing::check_module(cx, yaml, m);
        }
        match d.kind {
            Kind::Models => {
                python_source_missing::check_key(cx, yaml, "provider_source", "model provider", "provider/<name>.py")
            }
            Kind::Datasources => {
                python_source_missing::check_key(cx, yaml, "source", "datasource provider", "provider/<name>.py")
            }
            Kind::Triggers => {
                python_source_missing::check_key(cx, yaml, "source", "trigger provider", "provider/<name>.py")
            }
            Kind::Endpoints | Kind::AgentStrategies => {}
        }
        for item in &d.items {
            listed_file_missing::check_item(cx, d.kind, d.item_role, &item.listed);
            let Some(iy) = &item.yaml else { continue };
            if iy.yaml_root().is_none_or(|r| r.as_map().is_none()) {
                continue;
            }
            let (_, what) = d.kind.items().expect("a kind with items");
            let folder = item.listed.raw.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
            let example = if folder.is_empty() {
                "<name>.py".to_string()
            } else {
                format!("{folder}/<name>.py")
            };
            match &item.module {
                Some(m) => python_source_missing::check_module(cx, iy, m),
                None => python_source_missing::check_key(cx, iy, "source", what, &example),
            }
        }
    }
}

pub(super) fn name_of(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("")
}

/// The span of `identity.name`'s value, or the file's anchor.
pub(super) fn identity_name_span(file: &SourceFile) -> Span {
    ProviderDecl::of(file)
        .and_then(ProviderDecl::identity)
        .and_then(|i| i.name())
        .map_or(file.anchor(), Field::span)
}

/// The file in `dir` whose name is nearest to `name` (`only` filters candidates by extension).
fn near_file(cx: &Ctx, dir: &Path, name: &str, only: Option<&str>) -> Option<String> {
    let names: Vec<String> = cx
        .files
        .list_dir(dir)
        .into_iter()
        .filter(|e| !e.is_dir && only.is_none_or(|x| e.name.ends_with(x)))
        .map(|e| e.name)
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    super::suggest(name, &refs).map(String::from)
}

/// For a missing icon: the message's hint and the icon name that fixes it.
pub(super) fn asset_fix(cx: &Ctx, assets: &Path, name: &str) -> (String, Option<String>) {
    if let Some(stripped) = name.strip_prefix("_assets/") {
        return (
            format!("; icon names are relative to `_assets/`, so write `{stripped}`"),
            Some(stripped.to_string()),
        );
    }
    match near_file(cx, assets, name, None) {
        Some(s) => (format!(" (did you mean `{s}`?)"), Some(s)),
        None => (String::new(), None),
    }
}

/// For a missing listed file: the message's hint and the path that fixes it.
pub(super) fn path_fix(cx: &Ctx, r: &Reference, only: Option<&str>) -> (String, Option<String>) {
    let dir = r.target.path.parent().map(Path::to_path_buf).unwrap_or_default();
    match near_file(cx, &dir, name_of(&r.target.path), only) {
        Some(s) => {
            let fixed = match r.raw.rsplit_once('/') {
                Some((d, _)) => format!("{d}/{s}"),
                None => s,
            };
            (format!(" (did you mean `{fixed}`?)"), Some(fixed))
        }
        None => (String::new(), None),
    }
}

/// A missing icon (plugin-icon-missing, provider-icon-dark-missing): the hint and the replacement come from `_assets/`.
pub(super) fn check_plugin_icon(
    cx: &mut Ctx,
    file: &Arc<SourceFile>,
    icon: &Node,
    rule: &'static Rule,
    consequence: &str,
) {
    let Some(name) = icon.as_str().filter(|n| !n.is_empty()) else {
        return;
    };
    let assets = cx.unit().root.join("_assets");
    // Without the folder, assets-missing says it all.
    if cx.files.is_dir(&assets) && cx.files.is_file(&assets.join(name)) {
        icon_in_subfolder::check(cx, file, icon.span, name);
    }
    if cx.files.is_dir(&assets) && !cx.files.is_file(&assets.join(name)) {
        let (hint, fix) = asset_fix(cx, &assets, name);
        cx.report(
            rule,
            file,
            icon.span,
            format!("`{name}` is not in `_assets/`: {consequence}{hint}"),
        )
        .replacement = fix;
    }
}

/// A placeholder icon, for the fixes of missing icons.
const PLACEHOLDER_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><rect width=\"24\" height=\"24\" rx=\"4\" fill=\"#6b7280\"/></svg>\n";

/// Creates a placeholder `_assets/<name>` (an SVG name inside `_assets/`, not yet a file).
pub(super) fn create_icon(d: &Diagnostic, project: &Project, files: &dyn Files, name: Option<&str>) -> Vec<Action> {
    let Some(name) = name.filter(|n| n.ends_with(".svg") && !n.contains("..") && !n.starts_with('/')) else {
        return Vec::new();
    };
    let path = project.unit.root.join("_assets").join(name);
    if files.is_file(&path) {
        return Vec::new();
    }
    vec![Action::fix(
        format!("Create a placeholder `_assets/{name}`"),
        d.rule.code,
        vec![Change::Create {
            path,
            text: PLACEHOLDER_SVG.into(),
        }],
    )]
}
