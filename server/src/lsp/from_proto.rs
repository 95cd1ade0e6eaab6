//! From LSP types to the analysis core's: paths, byte offsets, host changes; and the position
//! encoding negotiated from the client's capabilities.

use crate::host::TextChange;
use crate::project::SourceFile;
use crate::syntax::{Encoding, LineIndex, Span};
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::*;

/// utf-8 > utf-32 > utf-16 among what the client offers; utf-16 when it says nothing.
pub(crate) fn negotiate(caps: &ClientCapabilities) -> Encoding {
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

/// The byte offset of an LSP position; out-of-range positions clamp.
pub(crate) fn offset(text: &str, lines: &LineIndex, pos: Position, enc: Encoding) -> usize {
    lines.offset(text, pos.line, pos.character, enc)
}

/// The byte span of an LSP range of `file`.
pub(crate) fn span(file: &SourceFile, range: Range, enc: Encoding) -> Span {
    Span::new(
        offset(&file.text, &file.lines, range.start, enc),
        offset(&file.text, &file.lines, range.end, enc),
    )
}

/// The file path of a `file:` URI, byte-exact (a non-UTF-8 name decodes to its own bytes) and with
/// `.` and `..` folded, so one file has one path whatever the client wrote.
pub(crate) fn path(uri: &Uri) -> Option<PathBuf> {
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

/// The text changes of a `didChange`, positions still in the client's encoding (the host converts
/// them against the text each one applies to).
pub(crate) fn text_changes(changes: Vec<TextDocumentContentChangeEvent>) -> Vec<TextChange> {
    changes
        .into_iter()
        .map(|c| TextChange {
            range: c
                .range
                .map(|r| ((r.start.line, r.start.character), (r.end.line, r.end.character))),
            text: c.text,
        })
        .collect()
}

/// The files of a `didChangeWatchedFiles`: `(still exists, path)`.
pub(crate) fn file_events(events: &[FileEvent]) -> Vec<(bool, PathBuf)> {
    events
        .iter()
        .filter_map(|c| path(&c.uri).map(|p| (c.typ != FileChangeType::DELETED, p)))
        .collect()
}

/// The workspace folders of `initialize` (the root URI when the client sends none).
pub(crate) fn folders(params: &InitializeParams) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| path(&f.uri))
        .collect();
    #[allow(deprecated)]
    if folders.is_empty() {
        folders.extend(params.root_uri.as_ref().and_then(path));
    }
    folders
}
