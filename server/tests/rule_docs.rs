//! `docs/rules/<CODE>.md`, the page each diagnostic links to (`codeDescription.href`), is the rule's
//! `dify-lsp explain` text, for every rule and no other. `DIFY_UPDATE_DOCS=1` rewrites them.

mod common;

#[test]
fn every_rule_has_its_current_page_and_no_page_is_stale() {
    let dir = common::repo().join("docs/rules");
    let update = std::env::var_os("DIFY_UPDATE_DOCS").is_some();
    let mut problems = Vec::new();
    let mut expected = std::collections::BTreeSet::new();
    for r in dify_lsp::rules::all() {
        let name = format!("{}.md", r.code);
        let page = dify_lsp::cli::rule_page(r);
        let path = dir.join(&name);
        expected.insert(name.clone());
        if std::fs::read_to_string(&path).ok().as_deref() == Some(page.as_str()) {
            continue;
        }
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, page).unwrap();
        } else {
            problems.push(format!("docs/rules/{name} is missing or stale"));
        }
    }
    for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !expected.contains(&name) {
            problems.push(format!("docs/rules/{name} belongs to no rule"));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n(DIFY_UPDATE_DOCS=1 cargo test --test rule_docs rewrites them)",
        problems.join("\n")
    );
}
