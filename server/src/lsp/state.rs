//! The server's state, shared by the mutation owner, the scheduled analyses and the requests:
//! the session (host, settings, stored analyses), the client and what it can do, what was
//! published, and the scheduler's bookkeeping. Mutation of the host's inputs is the owner's alone
//! (see [`super::owner`]); everything here may be read from any task.

use super::capabilities::ClientFlags;
use super::publish::Published;
use super::scheduler::Scheduler;
use super::session::Session;
use super::to_proto::EditTarget;
use super::watch::ServerWatcher;
use crate::project::Files;
use crate::syntax::Encoding;
use std::collections::HashSet;
use std::sync::{Mutex, MutexGuard, OnceLock};
use tower_lsp_server::Client;

pub(crate) struct State {
    pub client: Client,
    pub session: Session,
    pub scheduler: Scheduler,
    /// Per file: the last pushed diagnostics.
    pub published: Published,
    flags: OnceLock<ClientFlags>,
    encoding: OnceLock<Encoding>,
    /// Messages already shown to the user (configuration errors, unreadable folders).
    shown: Mutex<HashSet<String>>,
    /// The server-side watcher, when the client does not watch files.
    pub watcher: Mutex<Option<ServerWatcher>>,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl State {
    pub(crate) fn new(client: Client) -> State {
        State {
            client,
            session: Session::default(),
            scheduler: Scheduler::default(),
            published: Published::default(),
            flags: OnceLock::new(),
            encoding: OnceLock::new(),
            shown: Mutex::new(HashSet::new()),
            watcher: Mutex::new(None),
        }
    }

    /// Records what the client can do and the negotiated encoding (once, at `initialize`).
    pub(crate) fn set_client(&self, flags: ClientFlags, enc: Encoding) {
        let _ = self.flags.set(flags);
        let _ = self.encoding.set(enc);
    }

    pub(crate) fn flags(&self) -> ClientFlags {
        self.flags.get().copied().unwrap_or_default()
    }

    pub(crate) fn enc(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or(Encoding::Utf16)
    }

    /// Whether `key` is shown for the first time (then it is remembered).
    pub(crate) fn first_time(&self, key: String) -> bool {
        lock(&self.shown).insert(key)
    }

    /// Where edits computed over `files` go.
    pub(crate) fn edit_target<'a>(
        &self,
        files: &'a dyn Files,
        version: &'a dyn Fn(&std::path::Path) -> Option<i32>,
    ) -> EditTarget<'a> {
        EditTarget {
            files,
            version,
            enc: self.enc(),
            resource_ops: self.flags().resource_ops,
        }
    }
}
