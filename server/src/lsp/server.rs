//! The `LanguageServer` implementation: one line per method, each into [`super::handlers`].
//! Notification handlers are plain functions (they only queue a change for the owner, see
//! [`super::owner`]); request handlers are `async` and read snapshots.

use super::handlers::{actions, completion, diagnostics, hover, lifecycle, navigation, text_document, workspace};
use super::owner::Queue;
use super::state::State;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

#[derive(Clone)]
pub(crate) struct Backend {
    pub(crate) state: Arc<State>,
    pub(crate) queue: Arc<Queue>,
}

impl Backend {
    pub(crate) fn new(client: Client) -> Self {
        let state = Arc::new(State::new(client));
        let queue = Queue::start(state.clone());
        Backend { state, queue }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(lifecycle::initialize(self, params))
    }

    async fn initialized(&self, _: InitializedParams) {
        lifecycle::initialized(self)
    }

    async fn shutdown(&self) -> Result<()> {
        lifecycle::shutdown()
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        text_document::did_open(self, params)
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        text_document::did_change(self, params)
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        text_document::did_save(self, params)
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        text_document::did_close(self, params)
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        workspace::did_change_watched_files(self, params)
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        workspace::did_change_configuration(self, params)
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        workspace::did_change_workspace_folders(self, params)
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        diagnostics::document(self, params).await
    }

    async fn workspace_diagnostic(&self, params: WorkspaceDiagnosticParams) -> Result<WorkspaceDiagnosticReportResult> {
        diagnostics::workspace(self, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        actions::code_action(self, params).await
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        actions::resolve(self, action).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        hover::hover(self, params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        completion::completion(self, params).await
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        navigation::definition(self, params).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        navigation::references(self, params).await
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        navigation::prepare_rename(self, params).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        navigation::rename(self, params).await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        navigation::document_symbol(self, params).await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        navigation::document_link(self, params).await
    }
}
