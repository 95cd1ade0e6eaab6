//! The one owner of the host's inputs: a task that applies every state-changing message in the
//! order it was queued.
//!
//! tower-lsp-server runs handlers concurrently (four at a time); it only starts them in arrival
//! order. So a notification handler is a plain function (no `async`, so nothing can be awaited
//! before its change is taken) whose one effect is [`Queue::send`]: the order of the queue is the
//! order of arrival. The owner then applies the messages one by one, including those that take
//! time (a workspace walk after a manifest or folder change) and those that come from the server
//! itself (the server-side watcher's events, the answer to `workspace/configuration`), so a
//! `didChange` that arrives after a `didChangeWatchedFiles` is always applied after it, and two
//! configuration changes apply in the order they were made.
//!
//! An actor rather than "apply synchronously in each handler": a change that walks the disk would
//! have to block a runtime thread inside the handler, or be deferred and lose its place; in the
//! queue it keeps its place and the owner waits for it on a blocking thread.
//!
//! Requests see every notification that came before them: they wait on [`Queue::caught_up`]
//! before they take a snapshot (immediate unless the owner is busy, say with a walk).
//!
//! The owner never awaits a client *request* (`workspace/configuration`, `registerCapability`,
//! progress creation, refresh): those are spawned, and their answers come back as messages. With
//! four handler slots, a handler waiting for the owner while the owner waits for the client would
//! stop the server from reading the client's answer.

use super::handlers::{lifecycle, text_document, workspace};
use super::state::{State, lock};
use crate::host::TextChange;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, Weak};
use tokio::sync::{mpsc, watch};

/// A change for the owner to apply.
pub(crate) enum Msg {
    /// `initialize`: the workspace folders and the `initializationOptions`.
    Initialize {
        folders: Vec<PathBuf>,
        options: Option<Value>,
    },
    /// `initialized`: register the watchers, then walk the workspace.
    Initialized,
    /// The workspace folders (again): walk them and analyse every unit.
    Rediscover,
    Open {
        path: PathBuf,
        text: String,
        version: i32,
    },
    Edit {
        path: PathBuf,
        version: i32,
        changes: Vec<TextChange>,
    },
    Saved(PathBuf),
    Close(PathBuf),
    /// Files changed on disk (the client's watcher or the server's): `(still exists, path)`.
    Disk(Vec<(bool, PathBuf)>),
    /// `didChangeConfiguration`, with its payload (used when the client cannot be asked).
    Configuration(Value),
    /// New settings: the answer to the `workspace/configuration` request of a given ticket.
    Settings {
        ticket: u64,
        value: Value,
    },
    Folders {
        added: Vec<PathBuf>,
        removed: Vec<PathBuf>,
    },
}

/// The owner's inbox. Sending is synchronous and numbered; the owner reports how many messages it
/// has applied.
pub(crate) struct Queue {
    tx: Mutex<(u64, mpsc::UnboundedSender<Msg>)>,
    applied: watch::Receiver<u64>,
}

impl Queue {
    /// Starts the owner of `state`'s inputs.
    pub(crate) fn start(state: Arc<State>) -> Arc<Queue> {
        let (tx, rx) = mpsc::unbounded_channel();
        let (applied_tx, applied) = watch::channel(0);
        let queue = Arc::new(Queue {
            tx: Mutex::new((0, tx)),
            applied,
        });
        tokio::spawn(run(state, Arc::downgrade(&queue), rx, applied_tx));
        queue
    }

    /// Queues a message. Never waits.
    pub(crate) fn send(&self, msg: Msg) {
        let mut tx = lock(&self.tx);
        if tx.1.send(msg).is_ok() {
            tx.0 += 1;
        }
    }

    /// Waits until every message queued so far is applied.
    pub(crate) async fn caught_up(&self) {
        let target = lock(&self.tx).0;
        let mut applied = self.applied.clone();
        // An owner that is gone (the server is ending) has nothing more to apply.
        let _ = applied.wait_for(|n| *n >= target).await;
    }
}

async fn run(state: Arc<State>, queue: Weak<Queue>, mut rx: mpsc::UnboundedReceiver<Msg>, applied: watch::Sender<u64>) {
    let mut owner = Owner {
        state,
        queue,
        tickets: 0,
        applied_ticket: 0,
    };
    let mut n = 0;
    while let Some(msg) = rx.recv().await {
        owner.apply(msg).await;
        n += 1;
        applied.send_replace(n);
    }
}

/// What the owner keeps besides the state: the way back into its queue, and the tickets of
/// configuration requests (a late answer never replaces a newer one).
pub(crate) struct Owner {
    pub state: Arc<State>,
    pub queue: Weak<Queue>,
    tickets: u64,
    applied_ticket: u64,
}

impl Owner {
    async fn apply(&mut self, msg: Msg) {
        let state = &self.state;
        match msg {
            Msg::Initialize { folders, options } => lifecycle::initialize_inputs(state, folders, options),
            Msg::Initialized => lifecycle::start(self),
            Msg::Rediscover => workspace::rediscover(state).await,
            Msg::Open { path, text, version } => text_document::opened(state, path, text, version),
            Msg::Edit { path, version, changes } => text_document::changed(state, path, version, changes),
            Msg::Saved(path) => text_document::saved(state, path),
            Msg::Close(path) => text_document::closed(state, path).await,
            Msg::Disk(changes) => workspace::disk_changed(state, changes).await,
            Msg::Configuration(payload) => {
                self.tickets += 1;
                if let Some(value) = workspace::configuration_changed(self, self.tickets, payload) {
                    self.applied_ticket = self.tickets;
                    workspace::settings_changed(&self.state, &value).await;
                }
            }
            Msg::Settings { ticket, value } if ticket > self.applied_ticket => {
                self.applied_ticket = ticket;
                workspace::settings_changed(state, &value).await;
            }
            Msg::Settings { ticket, .. } => tracing::debug!("settings of request {ticket} superseded"),
            Msg::Folders { added, removed } => workspace::folders_changed(state, added, removed).await,
        }
    }

    /// Queues a message from a task the owner started.
    pub(crate) fn send_later(queue: &Weak<Queue>, msg: Msg) {
        if let Some(q) = queue.upgrade() {
            q.send(msg);
        }
    }
}
