//! Path rules for every YAML path field of a plugin (spec §6.8).

pub(crate) mod path_form;
pub(crate) mod path_outside_plugin;
pub(crate) mod source_not_py;

use super::Ctx;
use crate::project::Reference;

/// Every path the unit's YAML writes, and whether it is an `extra.python.source`.
fn references(cx: &Ctx) -> Vec<(Reference, bool)> {
    let mut out = Vec::new();
    for p in &cx.project.providers {
        out.extend(p.listed.iter().map(|r| (r.clone(), false)));
        out.extend(p.source.iter().map(|r| (r.clone(), true)));
        for t in &p.tools {
            out.extend(t.listed.iter().map(|r| (r.clone(), false)));
            out.extend(t.source.iter().map(|r| (r.clone(), true)));
        }
    }
    out
}

pub(crate) fn check(cx: &mut Ctx) {
    if !cx.unit().is_plugin() {
        return;
    }
    for (r, is_source) in references(cx) {
        path_form::check(cx, &r);
        path_outside_plugin::check(cx, &r);
        if is_source {
            source_not_py::check(cx, &r);
        }
    }
}
