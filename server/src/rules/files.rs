//! Files and structure: the files each layout's loader expects, the files YAML references, icons,
//! and files nothing loads.

use super::{Ctx, Fix, FixData, Grade, Layouts, Rule};
use crate::project::{Reference, SourceFile};
use crate::syntax::Span;
use crate::syntax::yaml::Node;
use std::path::Path;
use std::sync::Arc;

pub static INTREE_PROVIDER_FILES: Rule = Rule {
    code: "DIFY101",
    name: "intree-provider-files",
    grade: Grade::Error,
    layouts: Layouts::IN_TREE,
    spec: "A1a",
    source: "API `api/core/tools/tool_manager.py` `_list_hardcoded_providers` (0.x `_list_builtin_providers`)",
    summary: "An in-tree provider directory `D/` lacks `D/D.py` or `D/D.yaml`",
    doc: "Dify builds the provider's module path (`core.tools.builtin_tool.providers.D.D`) and YAML path \
(`D/D.yaml`) from the directory name `D`. Both files must exist and their stems must equal the directory \
name; otherwise the provider fails to load and is silently skipped (the log says `load builtin provider D`).",
    fix: Some(Fix {
        actions: crate::actions::fixes::intree_provider_files,
        placeholders: false,
    }),
};

pub static INTREE_TOOL_FILES: Rule = Rule {
    code: "DIFY102",
    name: "intree-tool-files",
    grade: Grade::Error,
    layouts: Layouts::IN_TREE,
    spec: "A3a",
    source: "API `api/core/tools/builtin_tool/provider.py` (tool loading)",
    summary: "An in-tree provider has no `tools/` folder, or a `tools/<stem>.yaml` has no `tools/<stem>.py`",
    doc: "In-tree tools are listed from `D/tools/*.yaml`; for each, Dify imports the module with the same stem \
(the file name up to its first dot) from `D/tools/<stem>.py`. A missing folder or module makes the whole \
provider fail to load.",
    fix: Some(Fix {
        actions: crate::actions::fixes::create_tool_py,
        placeholders: false,
    }),
};

pub static YML_TOOL: Rule = Rule {
    code: "DIFY103",
    name: "yml-tool-ignored",
    grade: Grade::Warn,
    layouts: Layouts::IN_TREE,
    spec: "A3c",
    source: "API tool listing (only `*.yaml` is listed)",
    summary: "An in-tree `tools/*.yml` file is never loaded",
    doc: "The in-tree loader lists only files ending in `.yaml`, so a tool declared in a `.yml` file silently \
does not exist. Rename it to `.yaml`.",
    fix: None,
};

pub static INTREE_ICON: Rule = Rule {
    code: "DIFY104",
    name: "intree-icon-missing",
    grade: Grade::Runtime,
    layouts: Layouts::IN_TREE,
    spec: "A5",
    source: "API `get_hardcoded_provider_icon` (0.x `get_builtin_provider_icon`)",
    summary: "The in-tree provider's icon is not in its `_assets/` folder",
    doc: "The icon is served from `D/_assets/<identity.icon>`. Loading works, but serving the icon fails with \
`builtin provider <name> icon not found`, so the provider shows without an icon and the request errors.",
    fix: Some(Fix {
        actions: crate::actions::fixes::create_icon_at_span,
        placeholders: false,
    }),
};

pub static NOT_IN_POSITION: Rule = Rule {
    code: "DIFY105",
    name: "not-in-position",
    grade: Grade::Warn,
    layouts: Layouts::IN_TREE,
    spec: "A8",
    source: "API `_positions.py` (ordering only)",
    summary: "The in-tree provider is not listed in `_position.yaml`",
    doc: "`_position.yaml` orders the builtin providers: listed ones come first, in list order, the rest after. \
An unlisted provider still loads; it just sorts last. Add its name to the list to place it.",
    fix: None,
};

pub static MANIFEST_MISSING: Rule = Rule {
    code: "DIFY106",
    name: "manifest-missing",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B1a",
    source: "SDK `PluginRegistration`; DAEMON `pkg/plugin_packager/decoder/helper.go` `Manifest()`",
    summary: "The plugin has no `manifest.yaml` at its root",
    doc: "Every plugin starts from `manifest.yaml` at its root: the SDK reads it first and the daemon refuses to \
package or install without it. Create it (`dify plugin init` writes a template).",
    fix: None,
};

pub static ASSETS_MISSING: Rule = Rule {
    code: "DIFY107",
    name: "assets-missing",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B1b",
    source: "SDK `PluginRegistration._load_plugin_assets` (`os.scandir(\"_assets\")`); DAEMON `CheckAssetsValid`",
    summary: "The plugin has no `_assets/` folder",
    doc: "The SDK scans `_assets/` at start-up and the packager checks the icons in it; without the folder the \
plugin does not start or package. Create `_assets/` and put the icons there.",
    fix: Some(Fix {
        actions: crate::actions::fixes::create_manifest_icon,
        placeholders: false,
    }),
};

pub static DEPENDENCIES_MISSING: Rule = Rule {
    code: "DIFY108",
    name: "dependencies-missing",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B1c",
    source: "DAEMON `internal/core/local_runtime/setup_python_environment.go`",
    summary: "The plugin has neither `pyproject.toml` nor `requirements.txt`",
    doc: "At install time the daemon creates the plugin's virtual environment from `pyproject.toml` (preferred) \
or `requirements.txt`; with neither it fails with `neither pyproject.toml nor requirements.txt found in plugin \
directory`. Add one that lists `dify_plugin`.",
    fix: Some(Fix {
        actions: crate::actions::fixes::create_pyproject,
        placeholders: false,
    }),
};

pub static LISTED_FILE_MISSING: Rule = Rule {
    code: "DIFY109",
    name: "listed-file-missing",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B2",
    source: "SDK `load_yaml_file`; DAEMON `Manifest()` (`failed to read tool file: <p>`)",
    summary: "A YAML path listed in `plugins.tools` or a provider's `tools` does not exist",
    doc: "Paths are relative to the plugin root. The SDK's loader returns `{}` for a missing file, so the error \
it prints is the misleading `Error loading tool configuration: 'identity'`; the daemon says `failed to read \
tool file: <p>`. Fix the path or create the file.",
    fix: None,
};

pub static PROVIDER_COUNT: Rule = Rule {
    code: "DIFY110",
    name: "provider-count",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "B2b",
    source: "DAEMON `Manifest()` keeps only one tool provider; the SDK registers all",
    summary: "`plugins.tools` lists no provider, or more than one",
    doc: "A tool plugin declares exactly one provider. With several, the daemon keeps only one (the last) while \
the SDK registers all of them, so the two disagree about what the plugin offers. Split them into separate \
plugins or merge the tools into one provider.",
    fix: None,
};

pub static PYTHON_SOURCE_MISSING: Rule = Rule {
    code: "DIFY111",
    name: "python-source-missing",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B3a",
    source: "SDK `ToolProviderConfiguration`, `ToolConfiguration`, `PluginRegistration`",
    summary: "`extra.python.source` is missing, or names a file that does not exist",
    doc: "Plugin provider and tool YAML name their Python file in `extra.python.source` (relative to the plugin \
root). Without it the SDK fails (`extra Field required`, or for tools `... ToolConfigurationExtra python Field \
required`); a path that does not exist fails when the class is imported.",
    fix: Some(Fix {
        actions: crate::actions::fixes::python_source,
        placeholders: false,
    }),
};

pub static PLUGIN_ICON: Rule = Rule {
    code: "DIFY112",
    name: "plugin-icon-missing",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B4a",
    source: "DAEMON `CheckAssetsValid` (packaging); `internal/core/plugin_manager/packages.go` (install)",
    summary: "The manifest `icon`/`icon_dark` or the provider `identity.icon` is not in `_assets/`",
    doc: "Icons are file names relative to `_assets/` (no `_assets/` prefix). Packaging fails with `plugin icon \
not found`, `plugin dark icon not found` or `tool icon not found` followed by `assets invalid`; installing \
fails with `file not found: icon.svg failed to remap tool icon ...`.",
    fix: Some(Fix {
        actions: crate::actions::fixes::create_icon_at_span,
        placeholders: false,
    }),
};

pub static PROVIDER_ICON_DARK: Rule = Rule {
    code: "DIFY113",
    name: "provider-icon-dark-missing",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "B4b",
    source: "Not checked by the packager (DAEMON `CheckAssetsValid` skips it)",
    summary: "The provider `identity.icon_dark` is not in `_assets/`",
    doc: "The packager does not check the provider's dark icon, so a missing file packages fine and then shows \
a broken image in dark mode.",
    fix: None,
};

pub static ORPHAN_TOOL: Rule = Rule {
    code: "DIFY114",
    name: "orphan-tool",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "B6",
    source: "SDK and DAEMON load only the paths a provider lists",
    summary: "A tool YAML that no provider lists is ignored",
    doc: "Plugin tools exist only when the provider's `tools:` list names their YAML. A tool file beside the \
others that is not listed is silently ignored. Add it to the list, or delete it.",
    fix: Some(Fix {
        actions: crate::actions::fixes::list_orphan,
        placeholders: false,
    }),
};

pub static TOOLS_NOT_A_LIST: Rule = Rule {
    code: "DIFY115",
    name: "tools-not-a-list",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B16",
    source: "SDK `ToolProviderConfiguration` field validator",
    summary: "The provider `tools` is not a list of path strings",
    doc: "The SDK requires `tools:` to be a list (`TypeError: tools should be a list`) whose items are strings \
(`TypeError: tool path should be a string`). The daemon would accept inline mappings; the SDK does not.",
    fix: None,
};

pub fn check(cx: &mut Ctx) {
    if cx.unit().is_plugin() {
        check_plugin(cx)
    } else {
        check_intree(cx)
    }
}

fn name_of(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("")
}

/// The span of `identity.name`'s value, or the file's anchor.
fn identity_name_span(file: &SourceFile) -> Span {
    file.yaml_root()
        .and_then(|r| r.path(&["identity", "name"]))
        .map_or(file.anchor(), |n| n.span)
}

fn check_intree(cx: &mut Ctx) {
    let unit = cx.unit().clone();
    let p = &cx.project.providers[0];
    let dir = unit.dir_name().to_string();
    let listing = cx.files.list_dir(&unit.root);
    let stray = |ext: &str| {
        listing
            .iter()
            .find(|e| !e.is_dir && e.name.ends_with(ext) && !e.name.starts_with("__"))
            .map(|e| unit.root.join(&e.name))
    };
    for (have, ext, other) in [(p.yaml.is_some(), ".yaml", &p.py), (p.py.is_some(), ".py", &p.yaml)] {
        if have {
            continue;
        }
        let expected = format!("{dir}{ext}");
        let (file, message, fix) = match stray(ext).and_then(|s| cx.files.read(&s)) {
            Some(misnamed) => {
                let m = format!(
                    "`{}` must be named `{expected}`: Dify loads `{dir}/{expected}`, named after the provider directory",
                    misnamed.file_name()
                );
                (misnamed, m, Some(FixData::RenameFile { to: expected.clone() }))
            }
            None => {
                let m = format!(
                    "`{dir}/{expected}` is missing: Dify loads the provider from `{expected}`, named after the directory, so it skips this provider"
                );
                (
                    other
                        .clone()
                        .unwrap_or_else(|| Arc::new(SourceFile::placeholder(unit.root.clone()))),
                    m,
                    (ext == ".py").then_some(FixData::CreateProviderModule),
                )
            }
        };
        let span = if file.path.extension().is_some_and(|e| e == "yaml") {
            identity_name_span(&file)
        } else {
            file.first_line()
        };
        let d = cx.report(&INTREE_PROVIDER_FILES, &file, span, message);
        d.fix = fix;
    }
    let tools_dir = unit.root.join("tools");
    if !cx.files.is_dir(&tools_dir)
        && let Some(y) = &p.yaml
    {
        cx.report(&INTREE_TOOL_FILES, y, identity_name_span(y), format!("`{dir}/tools/` is missing: Dify lists the provider's tools there and fails to load the provider without it"));
    }
    for t in &p.tools {
        let (Some(yaml), None) = (&t.yaml, &t.py) else {
            continue;
        };
        let py = t.py_path.as_deref().map(name_of).unwrap_or("");
        cx.report(&INTREE_TOOL_FILES, yaml, identity_name_span(yaml), format!("`tools/{py}` is missing: Dify imports this tool's class from the module with the YAML's stem, so the provider fails to load"));
    }
    for yml in &cx.project.yml_tools {
        let file = cx
            .files
            .read(yml)
            .unwrap_or_else(|| Arc::new(SourceFile::placeholder(yml.clone())));
        let stem = name_of(yml).trim_end_matches(".yml");
        cx.report(
            &YML_TOOL,
            &file,
            file.anchor(),
            format!(
                "`{}` is never loaded: Dify lists only `*.yaml` files in `tools/`; rename it to `{stem}.yaml`",
                name_of(yml)
            ),
        );
    }
    let Some(yaml) = p.yaml.clone() else { return };
    let Some(root) = yaml.yaml_root() else { return };
    if let Some(icon) = root.path(&["identity", "icon"]).filter(|n| n.as_str().is_some()) {
        let name = icon.as_str().unwrap_or("");
        if !name.is_empty() && !cx.files.is_file(&unit.root.join("_assets").join(name)) {
            let (hint, fix) = asset_fix(cx, &unit.root.join("_assets"), name);
            cx.report(&INTREE_ICON, &yaml, icon.span, format!("`{name}` is not in `_assets/`: serving the icon fails with `builtin provider {dir} icon not found`{hint}")).replacement = fix;
        }
    }
    check_position(cx, &yaml, &dir);
}

fn check_position(cx: &mut Ctx, yaml: &Arc<SourceFile>, dir: &str) {
    let Some(position_path) = cx
        .unit()
        .root
        .parent()
        .and_then(Path::parent)
        .map(|p| p.join("_position.yaml"))
    else {
        return;
    };
    let Some(position) = cx.files.read(&position_path) else {
        return;
    };
    let Some(list) = position.yaml_root().and_then(Node::as_seq) else {
        return;
    };
    if !list.iter().any(|n| n.text() == Some(dir)) {
        let d = cx.report(&NOT_IN_POSITION, yaml, identity_name_span(yaml), format!("`{dir}` is not listed in `_position.yaml`, so it sorts after the listed providers; add `- {dir}` there to place it"));
        d.with_related(&position, position.anchor(), "the provider order");
    }
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
fn asset_fix(cx: &Ctx, assets: &Path, name: &str) -> (String, Option<String>) {
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
fn path_fix(cx: &Ctx, r: &Reference, only: Option<&str>) -> (String, Option<String>) {
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

fn check_plugin(cx: &mut Ctx) {
    let root = cx.unit().root.clone();
    let project = cx.project;
    let Some(manifest) = project.manifest.clone() else {
        let carrier = project
            .providers
            .iter()
            .find_map(|p| p.yaml.clone())
            .unwrap_or_else(|| Arc::new(SourceFile::placeholder(root.join("manifest.yaml"))));
        cx.report(&MANIFEST_MISSING, &carrier, carrier.anchor(), format!("`{}` has no `manifest.yaml`: the SDK and the daemon start every plugin from it; create it at the plugin root", cx.unit().dir_name()));
        check_plugin_files(cx);
        return;
    };
    let mroot = manifest.yaml_root();
    let assets = root.join("_assets");
    if !cx.files.is_dir(&assets) {
        let span = mroot.and_then(|r| r.get("icon")).map_or(manifest.anchor(), |n| n.span);
        cx.report(&ASSETS_MISSING, &manifest, span, "the plugin has no `_assets/` folder: the SDK scans it at start-up and the packager checks icons in it; create `_assets/` and put the icons there");
    }
    if !cx.files.is_file(&root.join("pyproject.toml")) && !cx.files.is_file(&root.join("requirements.txt")) {
        let span = SourceFile::key_or(mroot.and_then(|r| r.get("meta")), "runner", manifest.anchor());
        cx.report(&DEPENDENCIES_MISSING, &manifest, span, "neither `pyproject.toml` nor `requirements.txt` exists: installing fails with `neither pyproject.toml nor requirements.txt found in plugin directory`; add one that lists `dify_plugin`");
    }
    if let Some(root_node) = mroot {
        for (key, what) in [("icon", "plugin icon"), ("icon_dark", "plugin dark icon")] {
            if let Some(icon) = root_node.get(key) {
                check_plugin_icon(
                    cx,
                    &manifest,
                    icon,
                    &PLUGIN_ICON,
                    &format!("packaging fails with `{what} not found` (`assets invalid`)"),
                );
            }
        }
        if let Some(tools) = root_node.path(&["plugins", "tools"]) {
            // An empty list beside another kind (an endpoint-only plugin) declares no tool
            // provider at all, which is fine.
            let other_kind = ["models", "endpoints", "agent_strategies", "datasources", "triggers"]
                .iter()
                .any(|k| {
                    root_node
                        .path(&["plugins", k])
                        .and_then(Node::as_seq)
                        .is_some_and(|s| !s.is_empty())
                });
            match tools.as_seq() {
                Some([]) if other_kind => {}
                Some([]) => {
                    let span = SourceFile::key_or(root_node.get("plugins"), "tools", tools.span);
                    cx.report(
                        &PROVIDER_COUNT,
                        &manifest,
                        span,
                        "`plugins.tools` lists no provider: a tool plugin declares exactly one provider YAML",
                    );
                }
                Some([_, second, ..]) => {
                    cx.report(&PROVIDER_COUNT, &manifest, second.span, "`plugins.tools` lists more than one provider: the daemon keeps only one of them while the SDK registers all; use one provider per plugin");
                }
                _ => {}
            }
        }
    }
    check_plugin_files(cx);
}

fn check_plugin_icon(cx: &mut Ctx, file: &Arc<SourceFile>, icon: &Node, rule: &'static Rule, consequence: &str) {
    let Some(name) = icon.as_str().filter(|n| !n.is_empty()) else {
        return;
    };
    let assets = cx.unit().root.join("_assets");
    // Without the folder, DIFY107 says it all.
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

fn report_missing(cx: &mut Ctx, r: &Reference, what: &str) {
    if r.target.exists || r.target.unknown {
        return;
    }
    let (hint, fix) = path_fix(cx, r, None);
    cx.report(
        &LISTED_FILE_MISSING,
        &r.file,
        r.span,
        format!("`{}` does not exist{hint}: {what}", r.raw),
    )
    .replacement = fix;
}

fn check_plugin_files(cx: &mut Ctx) {
    let project = cx.project;
    for p in &project.providers {
        if let Some(r) = &p.listed {
            report_missing(
                cx,
                r,
                "the daemon fails with `failed to read tool file` and the SDK with `Error loading tool configuration: 'identity'`",
            );
        }
        let Some(yaml) = &p.yaml else { continue };
        let Some(root) = yaml.yaml_root() else {
            continue;
        };
        check_source(cx, yaml, p.source.as_ref(), "provider");
        if let Some(icon) = root.path(&["identity", "icon"]) {
            check_plugin_icon(
                cx,
                yaml,
                icon,
                &PLUGIN_ICON,
                "packaging fails with `tool icon not found` (`assets invalid`)",
            );
        }
        if let Some(icon) = root.path(&["identity", "icon_dark"]) {
            check_plugin_icon(
                cx,
                yaml,
                icon,
                &PROVIDER_ICON_DARK,
                "the packager does not check it, so the dark theme shows a broken icon",
            );
        }
        if let Some(tools) = root.get("tools") {
            match tools.as_seq() {
                None if !tools.is_null() => {
                    cx.report(&TOOLS_NOT_A_LIST, yaml, tools.span, format!("`tools` is {}, but the SDK requires a list of tool YAML paths (`TypeError: tools should be a list`)", tools.kind_name()));
                }
                Some(items) => {
                    for item in items.iter().filter(|i| i.as_str().is_none()) {
                        cx.report(&TOOLS_NOT_A_LIST, yaml, item.span, format!("this entry is {}, but each `tools` entry must be a path string (`TypeError: tool path should be a string`)", item.kind_name()));
                    }
                }
                None => {}
            }
        }
        for t in &p.tools {
            if let Some(r) = &t.listed {
                report_missing(
                    cx,
                    r,
                    "the SDK fails with `Error loading tool configuration: 'identity'`",
                );
            }
            if let Some(ty) = &t.yaml {
                check_source(cx, ty, t.source.as_ref(), "tool");
            }
        }
    }
    for orphan in &project.orphans {
        let provider = project.providers.iter().find_map(|p| p.yaml.clone());
        let rel = orphan
            .path
            .strip_prefix(&cx.unit().root)
            .unwrap_or(&orphan.path)
            .display()
            .to_string();
        let d = cx.report(
            &ORPHAN_TOOL,
            orphan,
            identity_name_span(orphan),
            format!("no provider lists `{rel}`, so Dify ignores this tool; add it to the provider's `tools:` list"),
        );
        if let Some(pf) = provider {
            let span = SourceFile::key_or(pf.yaml_root(), "tools", pf.anchor());
            d.with_related(&pf, span, "the provider's tool list");
        }
    }
}

fn check_source(cx: &mut Ctx, yaml: &Arc<SourceFile>, source: Option<&Reference>, kind: &str) {
    let Some(root) = yaml.yaml_root().filter(|r| r.as_map().is_some()) else {
        return;
    };
    match source {
        Some(r) if !r.target.exists && !r.target.unknown => {
            let (hint, fix) = path_fix(cx, r, Some(".py"));
            cx.report(
                &PYTHON_SOURCE_MISSING,
                yaml,
                r.span,
                format!(
                    "`{}` does not exist{hint}: the SDK imports the {kind} class from this file",
                    r.raw
                ),
            )
            .replacement = fix;
        }
        Some(_) => {}
        None => {
            let node = root.path(&["extra", "python", "source"]);
            if node.is_some_and(|n| !n.is_null()) {
                return; // Present but not a string: the wrong-type rule reports it.
            }
            let extra = root.get("extra");
            let python = extra.and_then(|e| e.get("python"));
            let span = match (root.entry("extra"), python) {
                (Some(_), Some(_)) => SourceFile::key_or(extra, "python", yaml.anchor()),
                (Some(e), None) => e.key.span,
                (None, _) => yaml.anchor(),
            };
            let msg = if kind == "tool" {
                "`extra.python.source` is missing: the SDK fails with `Error loading tool configuration: 1 validation error for ToolConfigurationExtra python Field required`; set it to the tool's file, e.g. `tools/<name>.py`"
            } else {
                "`extra.python.source` is missing: the SDK fails with `extra Field required`; set it to the provider's file, e.g. `provider/<name>.py`"
            };
            cx.report(&PYTHON_SOURCE_MISSING, yaml, span, msg);
        }
    }
}
