//! Pull diagnostics. `textDocument/diagnostic` answers with the analysis of the document's unit
//! as of the request's arrival (the stored one, or the scheduled run's: it waits for that run).
//! `workspace/diagnostic` answers at once with the latest stored analysis of every unit and never
//! waits: pull is offered only to clients that take `workspace/diagnostic/refresh`, and every run
//! whose result is current sends one, so the client pulls again when newer results exist.

use super::{Cancelled, cancellation};
use crate::lsp::publish::report;
use crate::lsp::server::Backend;
use crate::lsp::session::UnitResult;
use crate::lsp::state::State;
use crate::lsp::{from_proto, scheduler, to_proto};
use std::collections::HashMap;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

pub(crate) async fn document(b: &Backend, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
    b.queue.caught_up().await;
    let path = from_proto::path(&params.text_document.uri).ok_or_else(|| Error::invalid_params("not a file URI"))?;
    let state = &b.state;
    let result = match state.session.unit_of(&path) {
        Some(unit) => scheduler::result_for(state, &unit).await,
        None => None,
    };
    let Some(result) = result else {
        let empty = DocumentDiagnosticReport::Full(Default::default());
        return Ok(DocumentDiagnosticReportResult::Report(empty));
    };
    let report_of = report(state, &path, &result);
    let mut related = HashMap::new();
    for other in result.files.keys().filter(|p| **p != path) {
        if let Some(uri) = to_proto::uri(other) {
            related.insert(uri, DocumentDiagnosticReportKind::Full(report(state, other, &result)));
        }
    }
    let report = if params.previous_result_id.is_some() && params.previous_result_id == report_of.result_id {
        DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
            related_documents: Some(related),
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                result_id: report_of.result_id.unwrap_or_default(),
            },
        })
    } else {
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: Some(related),
            full_document_diagnostic_report: report_of,
        })
    };
    Ok(DocumentDiagnosticReportResult::Report(report))
}

pub(crate) async fn workspace(
    b: &Backend,
    params: WorkspaceDiagnosticParams,
) -> Result<WorkspaceDiagnosticReportResult> {
    b.queue.caught_up().await;
    let previous: HashMap<Uri, String> = params
        .previous_result_ids
        .into_iter()
        .map(|p| (p.uri, p.value))
        .collect();
    let state = b.state.clone();
    let (_guard, cancelled) = cancellation();
    let items = tokio::task::spawn_blocking(move || items(&state, &previous, &cancelled))
        .await
        .map_err(|_| Error::internal_error())?;
    Ok(WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport {
        items,
    }))
}

/// The reports of every file of every unit analysed so far; stops between units if cancelled.
fn items(
    state: &Arc<State>,
    previous: &HashMap<Uri, String>,
    cancelled: &Cancelled,
) -> Vec<WorkspaceDocumentDiagnosticReport> {
    let mut items = Vec::new();
    for unit in state.session.known_units() {
        if cancelled.is_set() {
            break;
        }
        if let Some(result) = state.session.latest(&unit) {
            unit_items(state, &result, previous, &mut items);
        }
    }
    items
}

fn unit_items(
    state: &State,
    result: &UnitResult,
    previous: &HashMap<Uri, String>,
    items: &mut Vec<WorkspaceDocumentDiagnosticReport>,
) {
    for path in result.files.keys() {
        let Some(uri) = to_proto::uri(path) else { continue };
        let report = report(state, path, result);
        let version = state.session.doc_version(path).map(i64::from);
        let id = report.result_id.clone().unwrap_or_default();
        items.push(if previous.get(&uri) == Some(&id) {
            WorkspaceDocumentDiagnosticReport::Unchanged(WorkspaceUnchangedDocumentDiagnosticReport {
                uri,
                version,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id: id },
            })
        } else {
            WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                uri,
                version,
                full_document_diagnostic_report: report,
            })
        });
    }
}
