//! Definition, references, rename, document symbols and links: snapshots only, no analysis.

use super::at;
use crate::ide;
use crate::lsp::server::Backend;
use crate::lsp::to_proto;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

pub(crate) async fn definition(b: &Backend, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
    let pos = params.text_document_position_params;
    let locs = at(b, &pos.text_document.uri, Some(pos.position), |at| {
        let found = ide::definition(&at.project, &at.file, at.offset);
        locations(at, &found)
    })
    .await?;
    let locs = locs.unwrap_or_default();
    Ok((!locs.is_empty()).then_some(GotoDefinitionResponse::Array(locs)))
}

pub(crate) async fn references(b: &Backend, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let pos = params.text_document_position;
    let decl = params.context.include_declaration;
    at(b, &pos.text_document.uri, Some(pos.position), move |at| {
        locations(at, &ide::references(&at.project, &at.file, at.offset, decl))
    })
    .await
}

fn locations(at: &super::At, found: &[ide::Location]) -> Vec<Location> {
    let files = at.snapshot.files();
    found
        .iter()
        .filter_map(|l| to_proto::location(files, l, at.enc))
        .collect()
}

pub(crate) async fn prepare_rename(
    b: &Backend,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let found = at(b, &params.text_document.uri, Some(params.position), |at| {
        let (span, placeholder) = ide::prepare_rename(&at.project, &at.file, at.offset)?;
        let range = to_proto::range(&at.file, span, at.enc);
        Some(PrepareRenameResponse::RangeWithPlaceholder { range, placeholder })
    })
    .await?;
    Ok(found.flatten())
}

pub(crate) async fn rename(b: &Backend, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let (pos, new) = (params.text_document_position, params.new_name);
    if !ide::valid_name(&new) {
        let why = format!("`{new}` is not a valid parameter or credential name");
        return Err(Error::invalid_params(why));
    }
    let edit = at(b, &pos.text_document.uri, Some(pos.position), move |at| {
        let (_, changes) = ide::rename(&at.project, &at.file, at.offset, Some(&new))?;
        let version = |p: &std::path::Path| at.snapshot.doc_version(p);
        let target = at.state.edit_target(at.snapshot.files(), &version);
        to_proto::workspace_edit(&target, &at.project.unit.root, &changes)
    })
    .await?;
    Ok(edit.flatten())
}

pub(crate) async fn document_symbol(
    b: &Backend,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let syms = at(b, &params.text_document.uri, None, |at| {
        to_proto::document_symbols(&at.file, ide::symbols(&at.project, &at.file), at.enc)
    })
    .await?;
    Ok(syms.map(DocumentSymbolResponse::Nested))
}

pub(crate) async fn document_link(b: &Backend, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
    at(b, &params.text_document.uri, None, |at| {
        let links = ide::links(&at.project, &at.file);
        links
            .into_iter()
            .map(|l| to_proto::document_link(&at.file, l, at.enc))
            .collect()
    })
    .await
}
