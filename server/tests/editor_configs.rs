//! The shipped editor configurations start the same server the same way.

mod common;

#[test]
fn helix_languages_toml_adds_dify_lsp_to_yaml_and_python() {
    let text = std::fs::read_to_string(common::repo().join("editors/helix/languages.toml")).unwrap();
    let doc: toml::Table = toml::from_str(&text).expect("valid TOML");
    let server = &doc["language-server"]["dify-lsp"];
    assert_eq!(server["command"].as_str(), Some("dify-lsp"));
    assert!(
        server.get("args").is_none_or(|a| a.as_array().unwrap().is_empty()),
        "no arguments: stdio is the default"
    );
    let languages = doc["language"].as_array().unwrap();
    for name in ["yaml", "python"] {
        let lang = languages
            .iter()
            .find(|l| l["name"].as_str() == Some(name))
            .unwrap_or_else(|| panic!("no {name}"));
        let servers: Vec<&str> = lang["language-servers"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s.as_str())
            .collect();
        assert!(servers.contains(&"dify-lsp"), "{name}: {servers:?}");
        assert!(servers.len() > 1, "{name}: dify-lsp runs beside the usual servers");
    }
}

#[test]
fn neovim_configs_run_the_same_command() {
    let lsp = std::fs::read_to_string(common::repo().join("editors/neovim/lsp/dify_lsp.lua")).unwrap();
    assert!(lsp.contains("cmd = { 'dify-lsp' }") && lsp.contains("filetypes = { 'yaml', 'python' }"));
    assert!(lsp.contains("'manifest.yaml', 'dify-lsp.toml', '.git'"));
    let legacy = std::fs::read_to_string(common::repo().join("editors/neovim/lua/dify_lsp_legacy.lua")).unwrap();
    assert!(legacy.contains("{ 'dify-lsp' }") && legacy.contains("'manifest.yaml', 'dify-lsp.toml', '.git'"));
}
