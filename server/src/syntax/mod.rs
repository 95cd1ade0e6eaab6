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
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}
