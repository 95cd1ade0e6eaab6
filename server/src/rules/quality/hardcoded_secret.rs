//! DIFY602: a string literal that looks like a hard-coded credential.

use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule, Severity};
use std::sync::Arc;

pub(crate) static HARDCODED_SECRET: Rule = Rule {
    code: "DIFY602",
    name: "hardcoded-secret",
    grade: Grade::Advice(Severity::Warning),
    layouts: Layouts::ALL,
    spec: "-",
    source: "dify-lsp",
    summary: "A string literal that looks like a hard-coded credential",
    doc: "API keys and tokens in the source end up in the `.difypkg` and in version control. Declare a \
`secret-input` credential under `credentials_for_provider` and read it with \
`self.runtime.credentials[\"…\"]`.",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx, py: &Arc<SourceFile>) {
    let facts = &py.python().facts;
    for span in &facts.secrets {
        cx.report(&HARDCODED_SECRET, py, *span, "this looks like a hard-coded credential: it ships in the package and in version control; declare a `secret-input` credential and read `self.runtime.credentials[...]`");
    }
}
