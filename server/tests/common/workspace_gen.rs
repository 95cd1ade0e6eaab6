//! A synthetic workspace of realistic plugins, with a few mistakes in each, for benchmarks and
//! stress tests.

use std::io;
use std::path::Path;

/// Writes `plugins` plugins with `tools` tools each under `root`; returns the number of files.
pub fn generate(root: &Path, plugins: usize, tools: usize) -> io::Result<usize> {
    let mut files = 0;
    for p in 0..plugins {
        let dir = root.join(format!("plugin_{p:04}"));
        std::fs::create_dir_all(dir.join("_assets"))?;
        std::fs::create_dir_all(dir.join("provider"))?;
        std::fs::create_dir_all(dir.join("tools"))?;
        // Every tenth plugin has an uppercase author (an error); the rest are valid.
        let author = if p % 10 == 0 { "Acme" } else { "acme" };
        let list: String = (0..tools).map(|t| format!("  - tools/tool_{t:02}.yaml\n")).collect();
        write(
            &dir.join("manifest.yaml"),
            &format!(
                "version: 0.0.1\ntype: plugin\nauthor: {author}\nname: plugin_{p:04}\nlabel:\n  en_US: Plugin {p}\n  zh_Hans: 插件 {p}\ndescription:\n  en_US: Generated plugin {p}.\nicon: icon.svg\ncreated_at: 2025-01-01T00:00:00Z\nresource:\n  memory: 268435456\n  permission:\n    tool:\n      enabled: true\nplugins:\n  tools:\n    - provider/main.yaml\nmeta:\n  version: 0.0.1\n  arch:\n    - amd64\n    - arm64\n  runner:\n    language: python\n    version: \"3.12\"\n    entrypoint: main\n  minimum_dify_version: \"1.13.0\"\n"
            ),
            &mut files,
        )?;
        write(
            &dir.join("provider/main.yaml"),
            &format!(
                "identity:\n  author: acme\n  name: provider_{p:04}\n  label:\n    en_US: Provider {p}\n    ja_JP: プロバイダー\n  description:\n    en_US: Provider {p}.\n  icon: icon.svg\n  tags:\n    - search\n    - utilities\ncredentials_for_provider:\n  api_key:\n    type: secret-input\n    required: true\n    label:\n      en_US: API key\n    placeholder:\n      en_US: Your key\n    help:\n      en_US: Get one from the dashboard.\n    url: https://example.com/keys\n  region:\n    type: select\n    required: false\n    default: eu\n    label:\n      en_US: Region\n    options:\n      - value: eu\n        label:\n          en_US: Europe\n      - value: us\n        label:\n          en_US: United States\ntools:\n{list}extra:\n  python:\n    source: provider/main.py\n"
            ),
            &mut files,
        )?;
        write(
            &dir.join("provider/main.py"),
            "from typing import Any\n\nimport requests\nfrom dify_plugin import ToolProvider\nfrom dify_plugin.errors.tool import ToolProviderCredentialValidationError\n\n\nclass MainProvider(ToolProvider):\n    def _validate_credentials(self, credentials: dict[str, Any]) -> None:\n        try:\n            r = requests.get(\"https://api.example.com/ping\", headers={\"Authorization\": f\"Bearer {credentials['api_key']}\"}, timeout=10)\n            r.raise_for_status()\n        except Exception as e:\n            raise ToolProviderCredentialValidationError(str(e)) from e\n",
            &mut files,
        )?;
        for t in 0..tools {
            // One tool in five reads an undeclared parameter; one in seven misses a timeout.
            let undeclared = if t % 5 == 0 {
                "        extra = tool_parameters.get(\"extra_flag\")\n"
            } else {
                ""
            };
            let timeout = if t % 7 == 0 { "" } else { ", timeout=30" };
            let mut params = String::new();
            for (i, (ty, form)) in [
                ("string", "llm"),
                ("number", "form"),
                ("select", "form"),
                ("boolean", "form"),
            ]
            .iter()
            .enumerate()
            {
                params.push_str(&format!("  - name: p{i}\n    type: {ty}\n    required: {}\n    label:\n      en_US: Param {i}\n      zh_Hans: 参数 {i}\n    human_description:\n      en_US: Parameter {i} of tool {t}.\n    llm_description: Parameter {i}, used for the query.\n    form: {form}\n", i == 0));
                match *ty {
                    "number" => params.push_str("    default: 10\n    min: 1\n    max: 100\n"),
                    "select" => params.push_str("    default: fast\n    options:\n      - value: fast\n        label:\n          en_US: Fast\n      - value: thorough\n        label:\n          en_US: Thorough\n"),
                    "boolean" => params.push_str("    default: false\n"),
                    _ => {}
                }
            }
            write(
                &dir.join(format!("tools/tool_{t:02}.yaml")),
                &format!(
                    "identity:\n  name: tool_{t:02}\n  author: acme\n  label:\n    en_US: Tool {t}\n    zh_Hans: 工具 {t}\ndescription:\n  human:\n    en_US: Tool {t} searches the example API.\n  llm: Searches the example API and returns JSON results for the query.\nparameters:\n{params}extra:\n  python:\n    source: tools/tool_{t:02}.py\n"
                ),
                &mut files,
            )?;
            write(
                &dir.join(format!("tools/tool_{t:02}.py")),
                &format!(
                    "from collections.abc import Generator\nfrom typing import Any\n\nimport requests\nfrom dify_plugin import Tool\nfrom dify_plugin.entities.tool import ToolInvokeMessage\n\n\nclass Tool{t:02}(Tool):\n    def _invoke(self, tool_parameters: dict[str, Any]) -> Generator[ToolInvokeMessage, None, None]:\n        query = tool_parameters[\"p0\"]\n        limit = int(tool_parameters.get(\"p1\", 10))\n        mode = tool_parameters.get(\"p2\", \"fast\")\n        verbose = bool(tool_parameters.get(\"p3\", False))\n{undeclared}        key = self.runtime.credentials[\"api_key\"]\n        region = self.runtime.credentials.get(\"region\", \"eu\")\n        response = requests.get(\n            f\"https://{{region}}.api.example.com/search\",\n            params={{\"q\": query, \"limit\": limit, \"mode\": mode}},\n            headers={{\"Authorization\": f\"Bearer {{key}}\"}}{timeout},\n        )\n        response.raise_for_status()\n        for item in response.json().get(\"items\", []):\n            if verbose:\n                yield self.create_json_message(item)\n            else:\n                yield self.create_text_message(str(item.get(\"title\", \"\")))\n"
                ),
                &mut files,
            )?;
        }
        write(
            &dir.join("main.py"),
            "from dify_plugin import DifyPluginEnv, Plugin\n\nplugin = Plugin(DifyPluginEnv(MAX_REQUEST_TIMEOUT=120))\n\nif __name__ == \"__main__\":\n    plugin.run()\n",
            &mut files,
        )?;
        write(
            &dir.join("pyproject.toml"),
            "[project]\nname = \"generated\"\nversion = \"0.0.1\"\ndependencies = [\"dify_plugin>=0.9.0,<0.10.0\"]\n",
            &mut files,
        )?;
        write(
            &dir.join("_assets/icon.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
            &mut files,
        )?;
    }
    Ok(files)
}

fn write(path: &Path, text: &str, count: &mut usize) -> io::Result<()> {
    *count += 1;
    std::fs::write(path, text)
}

/// Replaces the first tool of a generated plugin at `dir` with a tool YAML of about `lines` lines:
/// select parameters with labels in four languages and several options each. With `read_all`,
/// the Python tool reads every parameter (a clean file); without, it reads only the first four,
/// and each other parameter gets an "unread parameter" hint (a file with hundreds of diagnostics).
pub fn large_tool(dir: &Path, lines: usize, read_all: bool) -> io::Result<()> {
    let yaml_path = dir.join("tools/tool_00.yaml");
    let py_path = dir.join("tools/tool_00.py");
    let yaml = std::fs::read_to_string(&yaml_path)?;
    let mut params = String::new();
    let mut reads = String::new();
    let mut i = 0;
    while yaml.lines().count() + params.lines().count() < lines {
        params.push_str(&format!(
            "  - name: option_{i}\n    type: select\n    required: false\n    label:\n      en_US: Option {i}\n      zh_Hans: 选项 {i}\n      ja_JP: オプション {i}\n      pt_BR: Opção {i}\n    human_description:\n      en_US: How the search treats facet {i}.\n      zh_Hans: 搜索如何处理第 {i} 个方面。\n    llm_description: How the search treats facet {i}; one of include, exclude or boost.\n    form: llm\n    default: include\n    options:\n"
        ));
        for value in ["include", "exclude", "boost"] {
            params.push_str(&format!(
                "      - value: {value}\n        label:\n          en_US: {value}\n          zh_Hans: {value}\n"
            ));
        }
        if read_all {
            reads.push_str(&format!(
                "        option_{i} = tool_parameters.get(\"option_{i}\", \"include\")\n"
            ));
        }
        i += 1;
    }
    std::fs::write(
        &yaml_path,
        yaml.replace("extra:\n  python:", &format!("{params}extra:\n  python:")),
    )?;
    let py = std::fs::read_to_string(&py_path)?;
    let anchor = "        key = self.runtime.credentials";
    std::fs::write(&py_path, py.replacen(anchor, &format!("{reads}{anchor}"), 1))
}
