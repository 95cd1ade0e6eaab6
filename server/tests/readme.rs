//! README.md's rule table is the output of `dify-lsp rules --format markdown`.

mod common;

#[test]
fn readme_rule_table_is_current() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let begin = readme.find("<!-- rules:begin").expect("rules:begin marker");
    let start = readme[begin..].find('\n').unwrap() + begin + 1;
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    assert_eq!(
        &readme[start..end],
        dify_lsp::cli::rules_markdown(),
        "regenerate the table with `dify-lsp rules --format markdown`"
    );
}
