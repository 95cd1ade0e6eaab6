//! Syntax: files that cannot be read as text, YAML that libyaml rejects, Python that does not parse.

pub(crate) mod file_too_large;
pub(crate) mod python_syntax;
pub(crate) mod unreadable_file;
pub(crate) mod yaml_syntax;

use super::Ctx;

pub(crate) fn check(cx: &mut Ctx) {
    unreadable_file::check_folders(cx);
    let files: Vec<_> = cx.project.source_files().into_iter().cloned().collect();
    for file in files {
        if file.decode_error.is_some() {
            file_too_large::check_file(cx, &file);
            unreadable_file::check_file(cx, &file);
            continue;
        }
        if file.path.extension().is_some_and(|e| e == "py") {
            python_syntax::check(cx, &file);
        } else {
            yaml_syntax::check(cx, &file);
            file_too_large::check_aliases(cx, &file);
        }
    }
}
