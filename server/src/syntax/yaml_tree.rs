//! tree-sitter-yaml: a tolerant, incremental YAML tree for editor features that must work on text
//! the user is still typing. Its ERROR nodes are never reported as syntax errors (spec §2): the
//! libyaml loader in `yaml.rs` is the only syntax authority.

use std::cell::RefCell;
use tree_sitter::{Language, Parser, Tree};

pub(crate) fn language() -> Language {
    tree_sitter_yaml::LANGUAGE.into()
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(super::new_parser(language()));
}

/// Parses `text`, reusing `old` (already edited to match `text`) when given.
pub fn parse(text: &str, old: Option<&Tree>) -> Tree {
    super::parse_with(&PARSER, text, old)
}

#[cfg(test)]
mod tests {
    /// tree-sitter cores older than 0.25 compile against tree-sitter-python 0.25 but fail at
    /// runtime (ABI 15); this keeps the pair honest.
    #[test]
    fn both_grammars_load_into_the_core() {
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&super::language()).expect("yaml grammar loads");
        parser
            .set_language(&crate::syntax::python::language())
            .expect("python grammar loads");
        let tree = super::parse("a: [1, 2]\n", None);
        assert!(!tree.root_node().has_error());
        let py = crate::syntax::python::parse("def f():\n    yield 1\n", None);
        assert_eq!(py.root_node().kind(), "module");
    }
}
