//! Python quality: the troubleshooting advice Dify users get (timeouts, no hard-coded secrets,
//! safe reads of optional inputs), as diagnostics.

pub(crate) mod hardcoded_secret;
pub(crate) mod http_timeout;
pub(crate) mod optional_subscript;

use super::Ctx;
use crate::project::SourceFile;
use std::sync::Arc;

pub(crate) fn check(cx: &mut Ctx) {
    let project = cx.project;
    for p in &project.providers {
        let root = p.yaml.as_ref().and_then(|y| y.yaml_root());
        let mut modules: Vec<(&Arc<SourceFile>, Option<&Arc<SourceFile>>)> = p.py.iter().map(|py| (py, None)).collect();
        modules.extend(
            p.tools
                .iter()
                .filter_map(|t| t.py.as_ref().map(|py| (py, t.yaml.as_ref()))),
        );
        for (py, tool_yaml) in modules {
            http_timeout::check(cx, py);
            hardcoded_secret::check(cx, py);
            optional_subscript::check(cx, py, root, tool_yaml);
        }
    }
}
