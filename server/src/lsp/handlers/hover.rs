//! Hover: what the thing under the cursor means and the documentation of the diagnostics there
//! (assembled by [`crate::ide::hover_at`] from the unit's analysis as of the request).

use super::at_analysed;
use crate::ide;
use crate::lsp::server::Backend;
use crate::lsp::to_proto;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(crate) async fn hover(b: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    let pos = params.text_document_position_params;
    let found = at_analysed(b, &pos.text_document.uri, Some(pos.position), |at| {
        let found = ide::hover_at(&at.project, &at.file, at.offset, &at.diags);
        found.map(|h| to_proto::hover(&at.file, h, at.enc))
    })
    .await?;
    Ok(found.flatten())
}
