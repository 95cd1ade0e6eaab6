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

/// The file path of a `file:` URI, byte-exact (a non-UTF-8 name decodes to its own bytes) and with
/// `.` and `..` folded, so one file has one path whatever the client wrote.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    let host = uri.authority().map(|a| a.host().to_string()).unwrap_or_default();
    if !host.is_empty() && host != "localhost" {
        return None;
    }
    let raw = uri.path().as_str().as_bytes();
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            raw[i],
            raw.get(i + 1).copied().and_then(hex),
            raw.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                bytes.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                bytes.push(b);
                i += 1;
            }
        }
    }
    let path = PathBuf::from(std::ffi::OsString::from_vec(bytes));
    if !path.is_absolute() || bytes_have_nul(&path) {
        return None;
    }
    Some(crate::project::paths::join_folded(Path::new("/"), &path))
}

fn bytes_have_nul(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().contains(&0)
}

/// The `file:` URI of an absolute path: every byte but `A-Z a-z 0-9 - . _ ~ /` percent-encoded, so
/// a non-UTF-8 name round-trips exactly (the same encoding `Uri::from_file_path` uses for UTF-8).
pub fn uri_of(path: &Path) -> Option<Uri> {
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
