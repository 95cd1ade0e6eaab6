//! The IDE layer in memory: a fixture of files (`//- /path` headers, over a small plugin at
//! `/p`) with `$0` marking the cursor, and no disk.

use super::*;
use crate::actions::{self, Change};
use crate::config::Config;
use crate::project::{DirEntry, Files, Layout, Project, SourceFile, Unit};
use crate::rules;
use crate::syntax::Span;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const PLUGIN: &str = r#"
//- /p/manifest.yaml
version: 0.0.1
type: plugin
author: acme
name: demo
label:
  en_US: Demo
description:
  en_US: A demo plugin.
icon: icon.svg
created_at: 2025-01-01T00:00:00Z
resource:
  memory: 268435456
plugins:
  tools:
    - provider/demo.yaml
meta:
  version: 0.0.1
  arch:
    - amd64
  runner:
    language: python
    version: "3.12"
    entrypoint: main
  minimum_dify_version: "1.13.0"
//- /p/_assets/icon.svg
<svg/>
//- /p/main.py
from dify_plugin import Plugin, DifyPluginEnv

plugin = Plugin(DifyPluginEnv())
//- /p/provider/demo.yaml
identity:
  author: acme
  name: demo
  label:
    en_US: Demo
  description:
    en_US: A demo provider.
  icon: icon.svg
credentials_for_provider:
  api_key:
    type: secret-input
    required: true
    label:
      en_US: API key
tools:
  - tools/echo.yaml
extra:
  python:
    source: provider/demo.py
//- /p/provider/demo.py
from typing import Any

from dify_plugin import ToolProvider


class DemoProvider(ToolProvider):
    def _validate_credentials(self, credentials: dict[str, Any]) -> None:
        if not credentials.get("api_key"):
            raise ValueError("missing key")
//- /p/tools/echo.yaml
identity:
  name: echo
  author: acme
  label:
    en_US: Echo
description:
  human:
    en_US: Echoes the text.
  llm: Echoes the given text back.
parameters:
  - name: text
    type: string
    required: true
    label:
      en_US: Text
    human_description:
      en_US: The text to echo.
    llm_description: The text to echo back.
    form: llm
extra:
  python:
    source: tools/echo.py
//- /p/tools/echo.py
from collections.abc import Generator
from typing import Any

from dify_plugin import Tool
from dify_plugin.entities.tool import ToolInvokeMessage


class EchoTool(Tool):
    def _invoke(self, tool_parameters: dict[str, Any]) -> Generator[ToolInvokeMessage, None, None]:
        key = self.runtime.credentials["api_key"]
        yield self.create_text_message(tool_parameters["text"] + key[:0])
"#;

/// Files in memory; folders are the paths' ancestors.
struct Mem(BTreeMap<PathBuf, Arc<SourceFile>>);

impl Files for Mem {
    fn read(&self, path: &Path) -> Option<Arc<SourceFile>> {
        self.0.get(path).cloned()
    }

    fn is_file(&self, path: &Path) -> bool {
        self.0.contains_key(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.0.keys().any(|k| k != path && k.starts_with(path))
    }

    fn list_dir(&self, path: &Path) -> Vec<DirEntry> {
        let mut out: BTreeMap<String, bool> = BTreeMap::new();
        for k in self.0.keys() {
            if let Ok(rest) = k.strip_prefix(path)
                && let Some(first) = rest.components().next()
            {
                let name = first.as_os_str().to_string_lossy().to_string();
                *out.entry(name).or_default() |= rest.components().count() > 1;
            }
        }
        let entry = |(name, is_dir)| DirEntry {
            name,
            is_dir,
            is_symlink: false,
        };
        out.into_iter().map(entry).collect()
    }
}

struct Fixture {
    files: Mem,
    project: Project,
    /// The file with the cursor, and the cursor's byte offset.
    file: Arc<SourceFile>,
    offset: usize,
}

fn parse(text: &str) -> Vec<(PathBuf, String)> {
    let mut out: Vec<(PathBuf, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        match line.strip_prefix("//- ") {
            Some(path) => out.push((PathBuf::from(path.trim()), String::new())),
            None => {
                if let Some((_, body)) = out.last_mut() {
                    body.push_str(line);
                }
            }
        }
    }
    out
}

/// The plugin with the files of `changes` replaced or added; exactly one holds `$0`.
fn fixture(changes: &str) -> Fixture {
    let mut texts: BTreeMap<PathBuf, String> = parse(PLUGIN).into_iter().collect();
    texts.extend(parse(changes));
    let mut cursor = None;
    let mut files = BTreeMap::new();
    for (path, text) in texts {
        let text = match text.find("$0") {
            Some(at) => {
                cursor = Some((path.clone(), at));
                text.replacen("$0", "", 1)
            }
            None => text,
        };
        files.insert(path.clone(), Arc::new(SourceFile::from_text(path, text)));
    }
    let (path, offset) = cursor.expect("a $0 cursor");
    let files = Mem(files);
    let unit = Unit {
        root: PathBuf::from("/p"),
        layout: Layout::Plugin,
    };
    let project = Project::load(&unit, &files);
    let file = files.read(&path).unwrap();
    Fixture {
        files,
        project,
        file,
        offset,
    }
}

impl Fixture {
    fn diagnostics(&self) -> Vec<rules::Diagnostic> {
        let report = rules::check_project_report(&self.project, &self.files, &Config::default(), None);
        report
            .diagnostics
            .into_iter()
            .filter(|d| d.path() == self.file.path)
            .collect()
    }

    fn hover(&self) -> Option<(String, Span)> {
        hover_at(&self.project, &self.file, self.offset, &self.diagnostics())
    }

    fn complete(&self) -> Vec<CompletionItem> {
        complete(&self.project, &self.files, &self.file, self.offset, None)
    }

    /// The texts after applying `changes` (edits only).
    fn applied(&self, changes: &[Change]) -> BTreeMap<PathBuf, String> {
        let mut edits: BTreeMap<PathBuf, Vec<(Span, String)>> = BTreeMap::new();
        for c in changes {
            if let Change::Edit { path, span, text } = c {
                edits.entry(path.clone()).or_default().push((*span, text.clone()));
            }
        }
        edits
            .into_iter()
            .map(|(p, e)| {
                let text = actions::apply_edits(&self.files.read(&p).unwrap().text, &e);
                (p, text)
            })
            .collect()
    }
}

#[test]
fn hover_on_a_yaml_key_tells_its_allowed_values() {
    let f = fixture("//- /p/tools/echo.yaml\nparameters:\n  - name: text\n    type: string\n    fo$0rm: llm\n");
    let (text, span) = f.hover().unwrap();
    assert!(
        text.contains("**`form`**") && text.contains("Allowed: `schema`, `form` or `llm`"),
        "{text}"
    );
    assert_eq!(f.file.slice(span), "form");
}

#[test]
fn hover_adds_the_documentation_of_the_diagnostics_under_the_cursor() {
    let yaml = parse(PLUGIN)
        .into_iter()
        .find(|(p, _)| p.ends_with("echo.yaml"))
        .unwrap()
        .1
        .replace("type: string", "type: str$0ng");
    let f = fixture(&format!("//- /p/tools/echo.yaml\n{yaml}"));
    let (text, _) = f.hover().unwrap();
    assert!(
        text.contains("**DIFY402**") && text.contains("*Enforced by:*"),
        "{text}"
    );
    // Without diagnostics there, only what the value means (or nothing).
    let here = hover_at(&f.project, &f.file, f.offset, &[]);
    assert!(here.is_none_or(|(t, _)| !t.contains("DIFY402")));
}

#[test]
fn hover_on_a_python_read_names_the_parameter() {
    let f = fixture(
        "//- /p/tools/echo.py\nclass EchoTool(Tool):\n    def _invoke(self, tool_parameters):\n        yield tool_parameters[\"te$0xt\"]\n",
    );
    let (text, span) = f.hover().unwrap();
    assert!(text.contains("**parameter `text`** — `string`, form `llm`"), "{text}");
    assert!(f.file.slice(span).contains("text"));
}

#[test]
fn completion_offers_missing_keys_by_prefix_and_replaces_the_prefix() {
    let f = fixture(
        "//- /p/tools/echo.yaml\nparameters:\n  - name: text\n    type: string\n    fo$0\nextra:\n  python:\n    source: tools/echo.py\n",
    );
    let items = f.complete();
    let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels, ["form"]);
    assert_eq!(f.file.slice(items[0].replace), "fo");
    assert_eq!(items[0].insert, "form: ");
}

#[test]
fn completion_in_python_offers_the_declared_names() {
    let f = fixture(
        "//- /p/tools/echo.py\nclass EchoTool(Tool):\n    def _invoke(self, tool_parameters):\n        yield tool_parameters[\"te$0\"]\n        yield self.runtime.credentials[\"\"]\n",
    );
    let labels: Vec<String> = f.complete().into_iter().map(|i| i.label).collect();
    assert_eq!(labels, ["text"]);
}

#[test]
fn rename_from_the_declaration_edits_yaml_and_python() {
    let f = fixture(
        "//- /p/tools/echo.yaml\nparameters:\n  - name: te$0xt\n    type: string\n    form: llm\nextra:\n  python:\n    source: tools/echo.py\n",
    );
    let (span, changes) = rename(&f.project, &f.file, f.offset, Some("words")).unwrap();
    assert_eq!(f.file.slice(span), "text");
    let texts = f.applied(&changes);
    assert!(texts[Path::new("/p/tools/echo.yaml")].contains("- name: words\n"));
    assert!(texts[Path::new("/p/tools/echo.py")].contains("tool_parameters[\"words\"]"));
}

#[test]
fn prepare_rename_in_python_leaves_the_quotes_out() {
    let f = fixture(
        "//- /p/tools/echo.py\nclass EchoTool(Tool):\n    def _invoke(self, tool_parameters):\n        yield tool_parameters[\"t$0ext\"]\n",
    );
    let (span, placeholder) = prepare_rename(&f.project, &f.file, f.offset).unwrap();
    assert_eq!((f.file.slice(span), placeholder.as_str()), ("text", "text"));
    assert!(valid_name("api_key-2") && !valid_name("") && !valid_name("a b") && !valid_name("a\"b"));
}

#[test]
fn code_actions_fix_the_diagnostic_under_the_cursor_and_the_whole_file() {
    let manifest = parse(PLUGIN)
        .into_iter()
        .find(|(p, _)| p.ends_with("manifest.yaml"))
        .unwrap()
        .1
        .replace("author: acme", "author: A$0cme");
    let f = fixture(&format!("//- /p/manifest.yaml\n{manifest}"));
    let diags = f.diagnostics();
    let found = code_actions(
        &f.project,
        &f.files,
        &f.file.path,
        Span::new(f.offset, f.offset),
        &diags,
    );
    let (fix, fixed) = found
        .actions
        .iter()
        .find(|(a, _)| a.kind == actions::Kind::QuickFix)
        .expect("a quick fix");
    assert_eq!(fixed.as_ref().map(|d| d.rule.code), Some("DIFY201"));
    assert!(f.applied(&fix.changes)[&f.file.path].contains("author: acme\n"));
    assert!(f.applied(&found.fix_all)[&f.file.path].contains("author: acme\n"));
    // Away from the diagnostic: no quick fix, still fix-all.
    let away = code_actions(&f.project, &f.files, &f.file.path, Span::new(0, 0), &diags);
    assert!(away.actions.is_empty() && !away.fix_all.is_empty());
}

/// The manifest of the fixture plugin, listing a model provider as well.
fn with_models(rest: &str) -> String {
    let manifest = parse(PLUGIN)
        .into_iter()
        .find(|(p, _)| p.ends_with("manifest.yaml"))
        .unwrap()
        .1
        .replace("plugins:\n", "plugins:\n  models:\n    - provider/acme.yaml\n");
    format!(
        "//- /p/manifest.yaml\n{manifest}//- /p/provider/acme.yaml\nprovider: acme\nmodels:\n  llm:\n    predefined:\n      - models/llm/*.yaml\n{rest}"
    )
}

#[test]
fn completion_in_a_model_yaml_offers_the_model_types() {
    let f = fixture(&with_models("//- /p/models/llm/a.yaml\nmodel: a\nmodel_type: $0\n"));
    let labels: Vec<String> = f.complete().into_iter().map(|i| i.label).collect();
    assert_eq!(
        labels,
        [
            "llm",
            "text-embedding",
            "rerank",
            "speech2text",
            "moderation",
            "tts",
            "text2img"
        ]
    );
}

#[test]
fn completion_in_a_model_provider_offers_its_keys_and_list_values() {
    let f = fixture(&with_models(
        "//- /p/provider/acme.yaml\nprovider: acme\nconfigurate_methods:\n  - $0\n",
    ));
    let labels: Vec<String> = f.complete().into_iter().map(|i| i.label).collect();
    assert_eq!(labels, ["predefined-model", "customizable-model"]);
    let f = fixture(&with_models("//- /p/provider/acme.yaml\nprovider: acme\nsupp$0\n"));
    let labels: Vec<String> = f.complete().into_iter().map(|i| i.label).collect();
    assert_eq!(labels, ["supported_model_types"]);
}

#[test]
fn hover_in_a_model_yaml_documents_the_field_and_its_values() {
    let f = fixture(&with_models("//- /p/models/llm/a.yaml\nmodel: a\nmodel_ty$0pe: llm\n"));
    let (text, span) = f.hover().unwrap();
    assert!(
        text.contains("**`model_type`**") && text.contains("Allowed: `llm`, `text-embedding`"),
        "{text}"
    );
    assert_eq!(f.file.slice(span), "model_type");
}

/// The demo manifest with `plugins.tools` replaced by `plugins:` lines of other kinds.
fn manifest_with(plugins: &str) -> String {
    let manifest = parse(PLUGIN)
        .into_iter()
        .find(|(p, _)| p.ends_with("manifest.yaml"))
        .unwrap()
        .1;
    let manifest = manifest.replace(
        "plugins:\n  tools:\n    - provider/demo.yaml\n",
        &format!("plugins:\n{plugins}"),
    );
    format!("//- /p/manifest.yaml\n{manifest}")
}

const ENDPOINTS: &str = r#"
//- /p/group/hooks.yaml
settings: []
endpoints:
  - endpoints/hook.yaml
//- /p/endpoints/hook.yaml
path: "/hook/<int:id>"
method: post
extra:
  python:
    source: endpoints/hook.py
//- /p/endpoints/hook.py
from dify_plugin import Endpoint


class HookEndpoint(Endpoint):
    def _invoke(self, r, values, settings):
        pass
"#;

const MODELS: &str = r#"
//- /p/provider/lumen.yaml
provider: lumen
label:
  en_US: Lumen
icon_small:
  en_US: icon.svg
supported_model_types:
  - llm
configurate_methods:
  - predefined-model
models:
  llm:
    predefined:
      - "models/llm/*.yaml"
extra:
  python:
    provider_source: provider/lumen.py
    model_sources:
      - models/llm/llm.py
//- /p/provider/lumen.py
from dify_plugin import ModelProvider


class LumenProvider(ModelProvider):
    def validate_provider_credentials(self, credentials):
        pass
//- /p/models/llm/llm.py
from dify_plugin import LargeLanguageModel


class LumenLLM(LargeLanguageModel):
    pass
//- /p/models/llm/lumen-small.yaml
model: lumen-small
model_type: llm
model_properties:
  mode: chat
  context_size: 32768
"#;

/// Where go-to-definition leads from the cursor, as paths.
fn definition_paths(f: &Fixture) -> Vec<PathBuf> {
    definition(&f.project, &f.file, f.offset)
        .into_iter()
        .map(|l| l.path)
        .collect()
}

#[test]
fn definition_follows_the_paths_of_endpoint_groups() {
    let manifest = manifest_with("  tools:\n    - provider/demo.yaml\n  endpoints:\n    - group/ho$0oks.yaml\n");
    let f = fixture(&format!("{ENDPOINTS}{manifest}"));
    assert_eq!(definition_paths(&f), [PathBuf::from("/p/group/hooks.yaml")]);
    let f = fixture(&format!(
        "{ENDPOINTS}{}\n//- /p/group/hooks.yaml\nsettings: []\nendpoints:\n  - endpoints/ho$0ok.yaml\n",
        manifest_with("  endpoints:\n    - group/hooks.yaml\n")
    ));
    assert_eq!(definition_paths(&f), [PathBuf::from("/p/endpoints/hook.yaml")]);
    let f = fixture(&format!(
        "{ENDPOINTS}{}\n//- /p/endpoints/hook.yaml\npath: /hook\nmethod: POST\nextra:\n  python:\n    source: endpoints/$0hook.py\n",
        manifest_with("  endpoints:\n    - group/hooks.yaml\n")
    ));
    assert_eq!(definition_paths(&f), [PathBuf::from("/p/endpoints/hook.py")]);
    // A path naming no file leads nowhere.
    let f = fixture(&format!(
        "{ENDPOINTS}{}",
        manifest_with("  endpoints:\n    - group/hooks.yaml\n    - group/miss$0ing.yaml\n")
    ));
    assert!(definition_paths(&f).is_empty());
}

#[test]
fn definition_and_links_follow_model_sources() {
    let manifest = manifest_with("  models:\n    - provider/lumen.yaml\n");
    let provider = |cursor: &str| {
        let text = parse(MODELS)
            .into_iter()
            .find(|(p, _)| p.ends_with("lumen.yaml"))
            .unwrap()
            .1
            .replacen(cursor, &cursor.replacen('/', "/$0", 1), 1);
        format!("{MODELS}{manifest}\n//- /p/provider/lumen.yaml\n{text}")
    };
    let f = fixture(&provider("provider/lumen.py"));
    assert_eq!(definition_paths(&f), [PathBuf::from("/p/provider/lumen.py")]);
    let f = fixture(&provider("models/llm/llm.py"));
    assert_eq!(definition_paths(&f), [PathBuf::from("/p/models/llm/llm.py")]);
    // Links: both modules (icons are checked on disk, so not here).
    let targets: Vec<PathBuf> = links(&f.project, &f.file).into_iter().map(|(_, p)| p).collect();
    for want in ["/p/provider/lumen.py", "/p/models/llm/llm.py"] {
        assert!(targets.contains(&PathBuf::from(want)), "{want}: {targets:?}");
    }
    // The manifest links its `plugins.models` item.
    let m = f.files.read(Path::new("/p/manifest.yaml")).unwrap();
    let targets: Vec<PathBuf> = links(&f.project, &m).into_iter().map(|(_, p)| p).collect();
    assert!(
        targets.contains(&PathBuf::from("/p/provider/lumen.yaml")),
        "{targets:?}"
    );
}

#[test]
fn symbols_name_what_kind_files_declare() {
    let manifest = manifest_with("  endpoints:\n    - group/hooks.yaml\n");
    let f = fixture(&format!(
        "{ENDPOINTS}{manifest}\n//- /p/endpoints/hook.yaml\n$0path: \"/hook/<int:id>\"\nmethod: post\nextra:\n  python:\n    source: endpoints/hook.py\n"
    ));
    let syms = symbols(&f.project, &f.file);
    assert_eq!(syms.len(), 1);
    assert_eq!(
        (syms[0].name.as_str(), syms[0].detail.as_deref(), syms[0].kind),
        ("POST /hook/<int:id>", Some("endpoint"), "declaration")
    );
    assert_eq!(f.file.slice(syms[0].selection), "\"/hook/<int:id>\"");
    let keys: Vec<&str> = syms[0].children.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(keys, ["path", "method", "extra"]);
    // The group itself keeps the plain outline.
    let group = f.files.read(Path::new("/p/group/hooks.yaml")).unwrap();
    let keys: Vec<String> = symbols(&f.project, &group).into_iter().map(|s| s.name).collect();
    assert_eq!(keys, ["settings", "endpoints"]);

    let manifest = manifest_with("  models:\n    - provider/lumen.yaml\n");
    let f = fixture(&format!("{MODELS}{manifest}\n//- /p/_assets/x.svg\n$0<svg/>\n"));
    let named = |path: &str| {
        let file = f.files.read(Path::new(path)).unwrap();
        let s = symbols(&f.project, &file).into_iter().next().unwrap();
        (s.name, s.detail.unwrap_or_default())
    };
    assert_eq!(
        named("/p/provider/lumen.yaml"),
        ("lumen".into(), "model provider".into())
    );
    assert_eq!(
        named("/p/models/llm/lumen-small.yaml"),
        ("lumen-small".into(), "llm model".into())
    );
    // Tool files are not declarations of another kind.
    let f = fixture("//- /p/tools/echo.yaml\n$0identity:\n  name: echo\n");
    assert_eq!(symbols(&f.project, &f.file)[0].name, "identity");
}

#[test]
fn symbols_name_strategies_datasources_and_events() {
    for (key, provider, list, item, what) in [
        (
            "agent_strategies",
            "provider/agent.yaml",
            "strategies",
            "strategies/s.yaml",
            "agent strategy",
        ),
        (
            "datasources",
            "provider/ds.yaml",
            "datasources",
            "datasources/s.yaml",
            "datasource",
        ),
        ("triggers", "provider/tr.yaml", "events", "events/s.yaml", "event"),
    ] {
        let manifest = manifest_with(&format!("  {key}:\n    - {provider}\n"));
        let f = fixture(&format!(
            "{manifest}\n//- /p/{provider}\nidentity:\n  name: prov\n{list}:\n  - {item}\n//- /p/{item}\n$0identity:\n  name: thing\n  author: acme\n"
        ));
        let s = &symbols(&f.project, &f.file)[0];
        assert_eq!((s.name.as_str(), s.detail.as_deref()), ("thing", Some(what)), "{key}");
        let p = f.files.read(&PathBuf::from("/p").join(provider)).unwrap();
        let s = &symbols(&f.project, &p)[0];
        assert_eq!(s.name, "prov", "{key}");
        assert!(s.detail.as_deref().unwrap().ends_with("provider"), "{key}");
    }
}

/// The titles of the snippets (actions fixing no diagnostic) offered at the fixture's cursor.
fn snippet_actions(f: &Fixture) -> Vec<actions::Action> {
    let diags = f.diagnostics();
    code_actions(
        &f.project,
        &f.files,
        &f.file.path,
        Span::new(f.offset, f.offset),
        &diags,
    )
    .actions
    .into_iter()
    .filter(|(_, d)| d.is_none())
    .map(|(a, _)| a)
    .collect()
}

#[test]
fn endpoint_modules_get_the_endpoint_snippets_and_tools_keep_theirs() {
    let manifest = manifest_with("  tools:\n    - provider/demo.yaml\n  endpoints:\n    - group/hooks.yaml\n");
    let f = fixture(&format!(
        "{}{manifest}",
        ENDPOINTS.replace("        pass\n", "        pa$0ss\n")
    ));
    let snippets = snippet_actions(&f);
    let titles: Vec<&str> = snippets.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Endpoint: answer with JSON and handle errors",
            "Endpoint: call an API with a timeout"
        ]
    );
    // The placeholder body gives way to the JSON answer, at the method's indentation.
    let json = &f.applied(&snippets[0].changes)[&f.file.path];
    assert!(
        json.contains(
            "from dify_plugin import Endpoint\nfrom werkzeug import Response\n\nlogger = logging.getLogger(__name__)\n"
        ),
        "{json}"
    );
    assert!(json.starts_with("import json\nimport logging\n\n"), "{json}");
    assert!(
        json.contains(
            "    def _invoke(self, r, values, settings):\n        payload = r.get_json(silent=True) or {}\n        try:\n"
        ) && json.contains("        except Exception:\n            logger.exception(\"The endpoint failed\")\n")
            && json.ends_with(
                "        return Response(json.dumps(result), status=200, content_type=\"application/json\")\n"
            )
            && !json.contains("pass"),
        "{json}"
    );
    let call = &f.applied(&snippets[1].changes)[&f.file.path];
    assert!(
        call.starts_with("import requests\nfrom dify_plugin import Endpoint\n"),
        "{call}"
    );
    assert!(
        call.contains("        response = requests.post(\"https://api.example.com/v1/run\", json=r.get_json(silent=True), timeout=30)\n        response.raise_for_status()\n        pass\n"),
        "{call}"
    );
    // The tool module of the same plugin: the tool snippets, none of the endpoint's.
    let tool = parse(PLUGIN)
        .into_iter()
        .find(|(p, _)| p.ends_with("tools/echo.py"))
        .unwrap()
        .1
        .replace("key = self", "key = se$0lf");
    let f = fixture(&format!("{ENDPOINTS}{manifest}\n//- /p/tools/echo.py\n{tool}"));
    let titles: Vec<String> = snippet_actions(&f).into_iter().map(|a| a.title).collect();
    assert!(
        titles.iter().any(|t| t.starts_with("Wrap the body of `_invoke`")),
        "{titles:?}"
    );
    assert!(!titles.iter().any(|t| t.starts_with("Endpoint:")), "{titles:?}");
}
