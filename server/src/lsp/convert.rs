//! Conversions between the analysis core (byte offsets, paths, rule diagnostics) and LSP types,
//! in the negotiated position encoding.

use crate::project::SourceFile;
use crate::rules::{self, Severity};
use crate::syntax::{Encoding, LineIndex, Span};
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::{
    ClientCapabilities, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, PositionEncodingKind, Range, Uri,
};

/// utf-8 > utf-32 > utf-16 among what the client offers; utf-16 when it says nothing.
pub fn negotiate(caps: &ClientCapabilities) -> Encoding {
    let offered = caps.general.as_ref().and_then(|g| g.position_encodings.as_ref());
    let has = |k: &PositionEncodingKind| offered.is_some_and(|o| o.contains(k));
    if has(&PositionEncodingKind::UTF8) {
        Encoding::Utf8
    } else if has(&PositionEncodingKind::UTF32) {
        Encoding::Utf32
    } else {
        Encoding::Utf16
    }
}

pub fn encoding_kind(enc: Encoding) -> PositionEncodingKind {
    match enc {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

pub fn position(text: &str, lines: &LineIndex, offset: usize, enc: Encoding) -> Position {
    let (line, character) = lines.position(text, offset, enc);
    Position { line, character }
}

pub fn range(file: &SourceFile, span: Span, enc: Encoding) -> Range {
    Range {
        start: position(&file.text, &file.lines, span.start, enc),
        end: position(&file.text, &file.lines, span.end, enc),
    }
}

/// The byte offset of an LSP position; out-of-range positions clamp.
pub fn offset(text: &str, lines: &LineIndex, pos: Position, enc: Encoding) -> usize {
    lines.offset(text, pos.line, pos.character, enc)
}

pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

pub fn uri_of(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
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
pub fn diagnostic(d: &rules::Diagnostic, enc: Encoding, related: bool) -> Diagnostic {
    let related_information = related.then(|| {
        d.related
            .iter()
            .filter_map(|r| {
                Some(DiagnosticRelatedInformation {
                    location: Location {
                        uri: uri_of(&r.file.path)?,
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
        code_description: None,
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
