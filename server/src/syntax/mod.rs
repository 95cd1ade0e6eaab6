//! The syntax layer: source text, line index and position encodings, and the YAML and Python
//! parsers. Knows nothing about Dify or LSP.

pub mod document;
pub mod line_index;
pub mod python;
pub mod yaml;
pub mod yaml_tree;

pub use line_index::{Encoding, LineIndex};

/// A half-open byte range into a file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub(crate) const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub(crate) fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// Parses with a per-thread parser of the grammar, reusing `old` (already edited to match `text`).
pub(crate) fn parse_with(
    parser: &'static std::thread::LocalKey<std::cell::RefCell<tree_sitter::Parser>>,
    text: &str,
    old: Option<&tree_sitter::Tree>,
) -> tree_sitter::Tree {
    parser
        .with(|p| p.borrow_mut().parse(text, old))
        .expect("parsing without a timeout or cancellation always yields a tree")
}

/// A parser for a grammar; panics only if the grammar's ABI does not match the core (a build bug
/// that the grammar-loading test catches).
pub(crate) fn new_parser(language: tree_sitter::Language) -> tree_sitter::Parser {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&language)
        .expect("the grammar matches the tree-sitter core ABI");
    parser
}
