//! What the client can do (read once from `initialize`) and what the server offers in return.

use super::to_proto;
use crate::syntax::Encoding;
use tower_lsp_server::ls_types::*;

/// The code action kind of "fix all".
pub(crate) const FIX_ALL: &str = "source.fixAll.dify-lsp";

/// What the client can do, read once at `initialize`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ClientFlags {
    /// `documentChanges` with create and rename operations.
    pub resource_ops: bool,
    /// `codeAction/resolve` of the `edit` property (with `data` kept).
    pub resolve: bool,
    pub pull: bool,
    pub refresh: bool,
    pub related: bool,
    pub progress: bool,
    pub watch_dynamic: bool,
    pub configuration: bool,
}

impl ClientFlags {
    pub(crate) fn of(caps: &ClientCapabilities) -> ClientFlags {
        let td = caps.text_document.as_ref();
        let ws = caps.workspace.as_ref();
        let refresh = ws
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        ClientFlags {
            // Pull only when the client also takes refresh requests: otherwise an edit of a tool YAML
            // could not update the diagnostics of its (open, unchanged) Python file. Neovim 0.11 pulls
            // but has no refresh support, so it gets pushed diagnostics.
            pull: td.and_then(|t| t.diagnostic.as_ref()).is_some() && refresh,
            refresh,
            related: td
                .and_then(|t| t.publish_diagnostics.as_ref())
                .and_then(|p| p.related_information)
                .unwrap_or(false)
                || td
                    .and_then(|t| t.diagnostic.as_ref())
                    .and_then(|d| d.related_document_support)
                    .is_some(),
            progress: caps.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false),
            watch_dynamic: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
            resolve: td.and_then(|t| t.code_action.as_ref()).is_some_and(|c| {
                c.data_support == Some(true)
                    && c.resolve_support
                        .as_ref()
                        .is_some_and(|r| r.properties.iter().any(|p| p == "edit"))
            }),
            resource_ops: ws.and_then(|w| w.workspace_edit.as_ref()).is_some_and(|e| {
                e.document_changes == Some(true)
                    && e.resource_operations.as_ref().is_some_and(|ops| {
                        ops.contains(&ResourceOperationKind::Create) && ops.contains(&ResourceOperationKind::Rename)
                    })
            }),
        }
    }
}

/// The server's capabilities for a client with `flags`, in the negotiated encoding.
pub(crate) fn server(flags: ClientFlags, enc: Encoding) -> ServerCapabilities {
    let diagnostic_provider = flags.pull.then(|| {
        DiagnosticServerCapabilities::Options(DiagnosticOptions {
            identifier: Some("dify-lsp".into()),
            inter_file_dependencies: true,
            workspace_diagnostics: true,
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })
    });
    ServerCapabilities {
        position_encoding: Some(to_proto::encoding_kind(enc)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..Default::default()
        })),
        diagnostic_provider,
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".into(), "'".into(), ":".into(), " ".into()]),
            ..Default::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::REFACTOR_REWRITE,
                CodeActionKind::new("refactor.insert"),
                CodeActionKind::new(FIX_ALL),
            ]),
            work_done_progress_options: WorkDoneProgressOptions::default(),
            resolve_provider: flags.resolve.then_some(true),
        })),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..Default::default()
    }
}

/// The answer to `initialize`.
pub(crate) fn initialize_result(flags: ClientFlags, enc: Encoding) -> InitializeResult {
    InitializeResult {
        capabilities: server(flags, enc),
        server_info: Some(ServerInfo {
            name: "dify-lsp".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        offset_encoding: None,
    }
}

/// The dynamic registration of the client's file watchers: every file the analysis reads.
pub(crate) fn watched_files_registration() -> Registration {
    let watchers = [
        "**/*.yaml",
        "**/*.yml",
        "**/*.py",
        "**/*.toml",
        "**/requirements.txt",
        "**/.gitignore",
        "**/_assets/**",
    ]
    .into_iter()
    .map(|g| FileSystemWatcher {
        glob_pattern: GlobPattern::String(g.to_string()),
        kind: None,
    })
    .collect();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    Registration {
        id: "dify-lsp-watch".into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: serde_json::to_value(options).ok(),
    }
}
