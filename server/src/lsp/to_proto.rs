//! From the analysis core and the IDE layer (byte offsets, paths, plain data) to LSP types, in
//! the negotiated position encoding.

use crate::actions::{self, Change};
use crate::ide;
use crate::project::{Files, SourceFile};
use crate::rules::{self, Severity};
use crate::syntax::{Encoding, LineIndex, Span};
use std::collections::HashMap;
use std::path::Path;
use tower_lsp_server::ls_types::*;

pub(crate) fn encoding_kind(enc: Encoding) -> PositionEncodingKind {
    match enc {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

pub(crate) fn position(text: &str, lines: &LineIndex, offset: usize, enc: Encoding) -> Position {
    let (line, character) = lines.position(text, offset, enc);
    Position { line, character }
}

pub(crate) fn range(file: &SourceFile, span: Span, enc: Encoding) -> Range {
    Range {
        start: position(&file.text, &file.lines, span.start, enc),
        end: position(&file.text, &file.lines, span.end, enc),
    }
}

/// The `file:` URI of an absolute path: every byte but `A-Z a-z 0-9 - . _ ~ /` percent-encoded, so
/// a non-UTF-8 name round-trips exactly (the same encoding `Uri::from_file_path` uses for UTF-8).
pub(crate) fn uri(path: &Path) -> Option<Uri> {
    use std::fmt::Write;
    use std::os::unix::ffi::OsStrExt;
    if !path.is_absolute() {
        return None;
    }
    let mut s = String::from("file://");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            s.push(b as char);
        } else {
            let _ = write!(s, "%{b:02X}");
        }
    }
    s.parse().ok()
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A rule diagnostic as LSP sends it; `related` when the client shows related information.
pub(crate) fn diagnostic(d: &rules::Diagnostic, enc: Encoding, related: bool) -> Diagnostic {
    let related_information = related.then(|| {
        d.related
            .iter()
            .filter_map(|r| {
                Some(DiagnosticRelatedInformation {
                    location: Location {
                        uri: uri(&r.file.path)?,
                        range: range(&r.file, r.span, enc),
                    },
                    message: r.message.clone(),
                })
            })
            .collect::<Vec<_>>()
    });
    // VS Code rejects empty messages (the core never makes one, but keep the guarantee here).
    let message = if d.message.trim().is_empty() {
        d.rule.summary.to_string()
    } else {
        d.message.clone()
    };
    Diagnostic {
        range: range(&d.file, d.span, enc),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.code.to_string())),
        code_description: d.rule.doc_url().parse().ok().map(|href| CodeDescription { href }),
        source: Some(format!("dify-lsp ({})", short_source(d.rule.source))),
        message,
        related_information: related_information.filter(|r| !r.is_empty()),
        tags: None,
        data: None,
    }
}

/// The component that enforces a rule, without its file paths (`SDK`, `DAEMON`, `API`).
fn short_source(source: &str) -> &str {
    source.split([' ', ';', '(', ',']).next().unwrap_or(source)
}

/// A location of the IDE layer; the range is empty when the file cannot be read.
pub(crate) fn location(files: &dyn Files, l: &ide::Location, enc: Encoding) -> Option<Location> {
    let range = match files.read(&l.path) {
        Some(f) => range(&f, l.span, enc),
        None => Range::default(),
    };
    Some(Location {
        uri: uri(&l.path)?,
        range,
    })
}

pub(crate) fn markdown(value: String) -> MarkupContent {
    MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    }
}

pub(crate) fn hover(file: &SourceFile, (text, span): (String, Span), enc: Encoding) -> Hover {
    Hover {
        contents: HoverContents::Markup(markdown(text)),
        range: Some(range(file, span, enc)),
    }
}

/// A completion item, sorted by its place `i` in the list.
pub(crate) fn completion_item(file: &SourceFile, i: usize, c: ide::CompletionItem, enc: Encoding) -> CompletionItem {
    CompletionItem {
        label: c.label,
        kind: Some(match c.kind {
            ide::ItemKind::Key => CompletionItemKind::PROPERTY,
            ide::ItemKind::Value => CompletionItemKind::ENUM_MEMBER,
            ide::ItemKind::File => CompletionItemKind::FILE,
            ide::ItemKind::Snippet => CompletionItemKind::SNIPPET,
            ide::ItemKind::Name => CompletionItemKind::VARIABLE,
        }),
        detail: c.detail,
        documentation: c.doc.map(|d| Documentation::MarkupContent(markdown(d))),
        sort_text: Some(format!("{i:04}")),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range: range(file, c.replace, enc),
            new_text: c.insert,
        })),
        ..Default::default()
    }
}

pub(crate) fn document_symbols(file: &SourceFile, syms: Vec<ide::Symbol>, enc: Encoding) -> Vec<DocumentSymbol> {
    syms.into_iter()
        .map(|s| {
            #[allow(deprecated)]
            DocumentSymbol {
                name: if s.name.is_empty() { "?".into() } else { s.name },
                detail: s.detail,
                kind: match s.kind {
                    "class" => SymbolKind::CLASS,
                    "method" => SymbolKind::METHOD,
                    "item" => SymbolKind::OBJECT,
                    "declaration" => SymbolKind::MODULE,
                    _ => SymbolKind::PROPERTY,
                },
                tags: None,
                deprecated: None,
                range: range(file, s.span, enc),
                selection_range: range(file, s.selection, enc),
                children: Some(document_symbols(file, s.children, enc)),
            }
        })
        .collect()
}

pub(crate) fn document_link(
    file: &SourceFile,
    (span, path): (Span, std::path::PathBuf),
    enc: Encoding,
) -> DocumentLink {
    DocumentLink {
        range: range(file, span, enc),
        target: uri(&path),
        tooltip: Some(path.display().to_string()),
        data: None,
    }
}

pub(crate) fn code_action_kind(kind: actions::Kind) -> CodeActionKind {
    match kind {
        actions::Kind::QuickFix => CodeActionKind::QUICKFIX,
        actions::Kind::Rewrite => CodeActionKind::REFACTOR_REWRITE,
        actions::Kind::Insert => CodeActionKind::new("refactor.insert"),
    }
}

/// Where edits go: the files as they are now, the open documents' versions and what the client
/// can apply.
pub(crate) struct EditTarget<'a> {
    pub files: &'a dyn Files,
    pub version: &'a dyn Fn(&Path) -> Option<i32>,
    pub enc: Encoding,
    /// The client applies `documentChanges` with create and rename operations.
    pub resource_ops: bool,
}

/// The `WorkspaceEdit` of a list of changes, or `None` when it creates or renames files and the
/// client cannot, or when any change leaves the unit at `root` (the last guard of the plugin
/// boundary before an edit reaches the editor).
pub(crate) fn workspace_edit(to: &EditTarget, root: &Path, changes: &[Change]) -> Option<WorkspaceEdit> {
    let files = to.files;
    let confined = changes.iter().all(|c| match c {
        Change::Edit { path, .. } | Change::Create { path, .. } => actions::may_change(root, files, path),
        Change::Rename { from, to } => actions::may_change(root, files, from) && actions::may_change(root, files, to),
    });
    if !confined {
        return None;
    }
    let needs_ops = changes.iter().any(|c| !matches!(c, Change::Edit { .. }));
    if needs_ops && !to.resource_ops {
        return None;
    }
    let text_edit = |path: &Path, span: Span, text: &str| -> Option<TextEdit> {
        let file = files.read(path)?;
        Some(TextEdit {
            range: range(&file, span, to.enc),
            new_text: text.to_string(),
        })
    };
    if !to.resource_ops {
        let mut map: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
        for c in changes {
            if let Change::Edit { path, span, text } = c {
                map.entry(uri(path)?).or_default().push(text_edit(path, *span, text)?);
            }
        }
        return Some(WorkspaceEdit {
            changes: Some(map),
            ..Default::default()
        });
    }
    let mut ops = Vec::new();
    for c in changes {
        match c {
            Change::Edit { path, span, text } => ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri(path)?,
                    version: (to.version)(path),
                },
                edits: vec![OneOf::Left(text_edit(path, *span, text)?)],
            })),
            Change::Create { path, text } => {
                let uri = uri(path)?;
                ops.push(DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                })));
                let at = Position { line: 0, character: 0 };
                ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                    edits: vec![OneOf::Left(TextEdit {
                        range: Range { start: at, end: at },
                        new_text: text.clone(),
                    })],
                }));
            }
            Change::Rename { from, to } => ops.push(DocumentChangeOperation::Op(ResourceOp::Rename(RenameFile {
                old_uri: uri(from)?,
                new_uri: uri(to)?,
                options: Some(RenameFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(false),
                }),
                annotation_id: None,
            }))),
        }
    }
    Some(WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(ops)),
        ..Default::default()
    })
}
