//! Completion, with the unit's configuration (its file and the editor's overrides) as the
//! diagnostics see it.

use super::at;
use crate::ide;
use crate::lsp::server::Backend;
use crate::lsp::to_proto;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(crate) async fn completion(b: &Backend, params: CompletionParams) -> Result<Option<CompletionResponse>> {
    let pos = params.text_document_position;
    let items = at(b, &pos.text_document.uri, Some(pos.position), |at| {
        let target = at.snapshot.config(&at.project.unit).config.target_dify_version;
        let found = ide::complete(&at.project, at.snapshot.files(), &at.file, at.offset, target.as_ref());
        found
            .into_iter()
            .enumerate()
            .map(|(i, c)| to_proto::completion_item(&at.file, i, c, at.enc))
            .collect()
    })
    .await?;
    Ok(items.map(CompletionResponse::Array))
}
