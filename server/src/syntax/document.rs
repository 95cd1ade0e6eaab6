//! An open document: its text, line index and tree-sitter tree, kept current through incremental
//! edits. Each edit is turned into a tree-sitter `InputEdit` computed against the text *before*
//! the change, then the tree is reparsed reusing the old one, when it is next asked for.

use super::{LineIndex, python, yaml_tree};
use std::sync::{Arc, Mutex};
use tree_sitter::{InputEdit, Point, Tree};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Yaml,
    Python,
    Other,
}

impl Lang {
    pub(crate) fn of(path: &std::path::Path) -> Lang {
        match path.extension().and_then(|e| e.to_str()) {
            Some("yaml" | "yml") => Lang::Yaml,
            Some("py") => Lang::Python,
            _ => Lang::Other,
        }
    }
}

pub struct Document {
    pub text: String,
    pub(crate) version: i32,
    pub(crate) lang: Lang,
    pub lines: LineIndex,
    /// Shared with the snapshots of the text handed to the analysis ([`Document::pending`]), which
    /// reparse on their own thread: the request loop only records edits, it never parses.
    slot: Arc<Mutex<TreeSlot>>,
}

#[derive(Default)]
struct TreeSlot {
    /// The last parse, with every edit since applied to it.
    tree: Option<Tree>,
    /// The tree has been edited (or never parsed) since the last parse.
    stale: bool,
    /// Edits so far: a snapshot may store its parse only if none came after it.
    edits: u64,
}

/// A document's text as of one version, whose tree is parsed (incrementally, from the document's
/// last tree) by whoever first asks for it, on their own thread.
pub(crate) struct PendingTree {
    slot: Arc<Mutex<TreeSlot>>,
    lang: Lang,
    /// The slot's edit count when the snapshot was taken.
    edits: u64,
}

impl PendingTree {
    /// The tree of `text` (the snapshot's text). Reuses and refreshes the document's tree when no
    /// edit came after the snapshot; parses from scratch otherwise (the shared tree has moved on).
    pub(crate) fn parse(&self, text: &str) -> Option<Tree> {
        let old = {
            let slot = lock(&self.slot);
            if slot.edits != self.edits {
                drop(slot);
                return parse(self.lang, text, None);
            }
            if !slot.stale && slot.tree.is_some() {
                return slot.tree.clone();
            }
            slot.tree.clone()
        };
        let tree = parse(self.lang, text, old.as_ref())?;
        let mut slot = lock(&self.slot);
        if slot.edits == self.edits {
            slot.tree = Some(tree.clone());
            slot.stale = false;
        }
        Some(tree)
    }
}

fn lock(slot: &Mutex<TreeSlot>) -> std::sync::MutexGuard<'_, TreeSlot> {
    slot.lock().unwrap_or_else(|e| e.into_inner())
}

fn parse(lang: Lang, text: &str, old: Option<&Tree>) -> Option<Tree> {
    match lang {
        Lang::Yaml => Some(yaml_tree::parse(text, old)),
        Lang::Python => Some(python::parse(text, old)),
        Lang::Other => None,
    }
}

/// The tree-sitter point (row, byte column) of a byte offset.
fn point(lines: &LineIndex, offset: usize) -> Point {
    let row = lines.line_of(offset);
    Point {
        row,
        column: offset - lines.line_start(row),
    }
}

impl Document {
    /// A document whose tree is parsed when first asked for (a huge document that is never
    /// analysed is never parsed).
    pub fn new(text: String, version: i32, lang: Lang) -> Self {
        let lines = LineIndex::new(&text);
        Document {
            text,
            version,
            lang,
            lines,
            slot: Arc::new(Mutex::new(TreeSlot {
                tree: None,
                stale: true,
                edits: 0,
            })),
        }
    }

    /// The tree of the current text, reparsed (reusing the edited tree) if edits came since.
    pub fn tree(&mut self) -> Option<Tree> {
        self.pending().parse(&self.text)
    }

    /// A handle that parses the current text later, on another thread.
    pub(crate) fn pending(&self) -> PendingTree {
        PendingTree {
            slot: self.slot.clone(),
            lang: self.lang,
            edits: lock(&self.slot).edits,
        }
    }

    /// Replaces the byte range `start..end` (clamped to the text and to character boundaries)
    /// with `new_text`. The tree is reparsed when next asked for ([`Document::tree`]).
    pub fn edit(&mut self, start: usize, end: usize, new_text: &str) {
        let start = super::line_index::floor_char_boundary(&self.text, start.min(self.text.len()));
        let end = super::line_index::floor_char_boundary(&self.text, end.clamp(start, self.text.len()));
        let start_position = point(&self.lines, start);
        let old_end_position = point(&self.lines, end);
        let new_end_byte = start + new_text.len();
        let new_end_position = match new_text.rfind('\n') {
            Some(nl) => Point {
                row: start_position.row + new_text.matches('\n').count(),
                column: new_text.len() - nl - 1,
            },
            None => Point {
                row: start_position.row,
                column: start_position.column + new_text.len(),
            },
        };
        {
            let mut slot = lock(&self.slot);
            if let Some(tree) = &mut slot.tree {
                tree.edit(&InputEdit {
                    start_byte: start,
                    old_end_byte: end,
                    new_end_byte,
                    start_position,
                    old_end_position,
                    new_end_position,
                });
            }
            slot.stale = true;
            slot.edits += 1;
        }
        self.text.replace_range(start..end, new_text);
        self.lines = LineIndex::new(&self.text);
    }

    /// Replaces the whole text (full synchronisation).
    pub(crate) fn set_text(&mut self, text: String) {
        self.text = text;
        self.lines = LineIndex::new(&self.text);
        let mut slot = lock(&self.slot);
        slot.tree = None;
        slot.stale = true;
        slot.edits += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sexp(d: &mut Document) -> String {
        d.tree().unwrap().root_node().to_sexp()
    }

    #[test]
    fn incremental_edits_match_a_fresh_parse() {
        let mut d = Document::new("def f(x):\n    return x\n".into(), 1, Lang::Python);
        let at = d.text.find("return x").unwrap();
        d.edit(at, at + 8, "yield x\n    yield 2");
        d.edit(0, 0, "# 日本語\n");
        let mut fresh = Document::new(d.text.clone(), 2, Lang::Python);
        assert_eq!(sexp(&mut d), sexp(&mut fresh));
        assert_eq!(d.text, "# 日本語\ndef f(x):\n    yield x\n    yield 2\n");

        let mut y = Document::new("a: 1\nb:\n  - x\n".into(), 1, Lang::Yaml);
        y.edit(3, 4, "[1, 2]");
        y.edit(999, 999, "c: 3\n");
        let mut fresh = Document::new(y.text.clone(), 2, Lang::Yaml);
        assert_eq!(sexp(&mut y), sexp(&mut fresh));
    }

    #[test]
    fn a_snapshot_parses_its_own_text_even_after_later_edits() {
        let mut d = Document::new("def f(x):\n    return x\n".into(), 1, Lang::Python);
        d.tree();
        d.edit(4, 5, "g");
        let (t1, p1) = (d.text.clone(), d.pending());
        d.edit(0, 0, "import os\n");
        // The snapshot's parse runs after the next edit: it must not reuse the moved-on tree.
        let from_snapshot = std::thread::spawn(move || p1.parse(&t1).unwrap().root_node().to_sexp());
        let fresh = Document::new("def g(x):\n    return x\n".into(), 1, Lang::Python)
            .tree()
            .unwrap();
        assert_eq!(from_snapshot.join().unwrap(), fresh.root_node().to_sexp());
        let mut again = Document::new(d.text.clone(), 2, Lang::Python);
        assert_eq!(sexp(&mut d), sexp(&mut again));
    }
}
