//! Python parsing with tree-sitter-python.

use std::cell::RefCell;
use tree_sitter::{Language, Node, Parser, Tree};

pub(crate) fn language() -> Language {
    tree_sitter_python::LANGUAGE.into()
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(super::new_parser(language()));
}

/// Parses `text`, reusing `old` (already edited to match `text`) when given.
pub fn parse(text: &str, old: Option<&Tree>) -> Tree {
    super::parse_with(&PARSER, text, old)
}

/// The first ERROR or MISSING node, in document order.
pub(crate) fn first_error(tree: &Tree) -> Option<Node<'_>> {
    let root = tree.root_node();
    if !root.has_error() {
        return None;
    }
    let mut node = root;
    'descend: loop {
        if node.is_error() || node.is_missing() {
            return Some(node);
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.has_error() {
                node = child;
                continue 'descend;
            }
        }
        return Some(node);
    }
}

/// The text of a node.
pub(crate) fn text<'a>(node: Node<'_>, src: &'a str) -> &'a str {
    src.get(node.byte_range()).unwrap_or("")
}
