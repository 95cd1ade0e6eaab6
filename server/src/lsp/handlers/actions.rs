//! Code actions and their resolution. The actions come from the IDE layer
//! ([`crate::ide::code_actions`]) over the unit's analysis as of the request; a client that
//! resolves gets them without edits and asks for each edit with `codeAction/resolve`.

use super::{At, at_analysed};
use crate::ide;
use crate::lsp::capabilities::FIX_ALL;
use crate::lsp::server::Backend;
use crate::lsp::{from_proto, to_proto};
use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(crate) async fn code_action(b: &Backend, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
    let (uri, range, only) = (params.text_document.uri, params.range, params.context.only);
    let resolve = b.state.flags().resolve;
    let found = actions_at(b, &uri, range).await?;
    let actions = found
        .into_iter()
        .filter(|(_, kind)| wanted(only.as_deref(), kind))
        .map(|(mut action, _)| {
            // The edit comes with codeAction/resolve; `data` says how to find it again.
            if resolve && action.edit.take().is_some() {
                action.data = Some(serde_json::json!({"uri": uri, "range": range, "title": action.title}));
            }
            CodeActionOrCommand::CodeAction(action)
        });
    Ok(Some(actions.collect()))
}

pub(crate) async fn resolve(b: &Backend, mut action: CodeAction) -> Result<CodeAction> {
    let data = action.data.clone().unwrap_or(Value::Null);
    let uri: Option<Uri> = data.get("uri").and_then(|u| serde_json::from_value(u.clone()).ok());
    let range: Option<Range> = data.get("range").and_then(|r| serde_json::from_value(r.clone()).ok());
    let (Some(uri), Some(range)) = (uri, range) else {
        return Ok(action);
    };
    let title = data
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or(&action.title)
        .to_string();
    if let Some((found, _)) = actions_at(b, &uri, range)
        .await?
        .into_iter()
        .find(|(a, _)| a.title == title)
    {
        action.edit = found.edit;
    }
    Ok(action)
}

/// Whether a kind is among those asked for (`only`), a sub-kind included.
fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|o| {
        o.iter()
            .any(|k| kind.as_str() == k.as_str() || kind.as_str().starts_with(&format!("{}.", k.as_str())))
    })
}

/// The code actions for a range of a document, each with its LSP kind and its edit.
async fn actions_at(b: &Backend, uri: &Uri, range: Range) -> Result<Vec<(CodeAction, CodeActionKind)>> {
    let found = at_analysed(b, uri, None, move |at| lsp_actions(at, range)).await?;
    Ok(found.unwrap_or_default())
}

fn lsp_actions(at: &At, range: Range) -> Vec<(CodeAction, CodeActionKind)> {
    let span = from_proto::span(&at.file, range, at.enc);
    let found = ide::code_actions(&at.project, at.snapshot.files(), &at.file.path, span, &at.diags);
    let version = |p: &std::path::Path| at.snapshot.doc_version(p);
    let target = at.state.edit_target(at.snapshot.files(), &version);
    let root = &at.project.unit.root;
    let related = at.state.flags().related;
    let mut out = Vec::new();
    for (action, diag) in found.actions {
        let kind = to_proto::code_action_kind(action.kind);
        let Some(edit) = to_proto::workspace_edit(&target, root, &action.changes) else {
            continue;
        };
        let code_action = CodeAction {
            title: action.title,
            kind: Some(kind.clone()),
            diagnostics: diag.map(|d| vec![to_proto::diagnostic(&d, at.enc, related)]),
            edit: Some(edit),
            is_preferred: action.preferred.then_some(true),
            ..Default::default()
        };
        out.push((code_action, kind));
    }
    if !found.fix_all.is_empty()
        && let Some(edit) = to_proto::workspace_edit(&target, root, &found.fix_all)
    {
        let kind = CodeActionKind::new(FIX_ALL);
        let fix_all = CodeAction {
            title: "Fix all auto-fixable dify-lsp problems".to_string(),
            kind: Some(kind.clone()),
            edit: Some(edit),
            ..Default::default()
        };
        out.push((fix_all, kind));
    }
    out
}
