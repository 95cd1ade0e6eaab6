//! When analyses run. Every change of a unit's inputs gives it a new generation (the host's);
//! the scheduler makes sure a run follows, and that the runs of one unit never overlap.
//!
//! * **Single flight per unit.** A *flight* holds a unit ([`Claim`]) and analyses it until its
//!   result is current: changes that arrive while it runs are picked up by one more round once it
//!   ends, so a burst of keystrokes costs at most two analyses and the first keystroke is answered
//!   without waiting. The workspace pass holds its units the same way.
//! * **Debounce.** `debounceMs` delays the start of a flight after a change; a newer change within
//!   it supersedes the wait.
//! * **Requests never analyse.** A request that needs a unit's diagnostics ([`result_for`]) takes
//!   the stored result if it is at least as new as the inputs were when the request arrived, and
//!   otherwise waits for the run that covers them: the flight in progress, or one it starts now
//!   (without debounce). The rules always run here, in a flight or in the workspace pass.
//! * **Cancellation.** A run stops between its phases (loading, rules) as soon as its unit's
//!   generation moves on ([`crate::host::Snapshot::analyze_unless`]): its result could not be
//!   published anyway. The workspace pass checks between units and stops when a newer pass starts
//!   (folders changed again). The rule families themselves run to the end once started.

use super::publish;
use super::session::UnitResult;
use super::state::{State, lock};
use crate::project::Unit;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::oneshot;
use tower_lsp_server::ls_types::{MessageType, NumberOrString};
use tower_lsp_server::{Bounded, NotCancellable, OngoingProgress};

type Waiter = (u64, oneshot::Sender<Option<UnitResult>>);

/// Per unit root held for analysis: the requests waiting for its result.
#[derive(Default)]
pub(crate) struct Scheduler {
    entries: std::sync::Mutex<HashMap<PathBuf, Entry>>,
    /// The number of workspace passes started; an older pass stops between units.
    passes: AtomicU64,
}

#[derive(Default)]
struct Entry {
    /// A flight or the workspace pass holds the unit (an entry without is a request's, about to
    /// start a flight).
    claimed: bool,
    /// Each with the generation it needs a result of (at least).
    waiters: Vec<Waiter>,
}

/// A unit held for analysis. Released by [`Claim::finish`], or, if the task holding it unwinds,
/// when dropped: a panic never stops a unit's analysis for good, nor leaves a request waiting.
pub(crate) struct Claim {
    state: Arc<State>,
    unit: Unit,
    done: bool,
}

impl Claim {
    /// Holds `unit` unless a flight or the workspace pass already does (that one sees the new
    /// generation and runs again).
    fn take(state: &Arc<State>, unit: &Unit) -> Option<Claim> {
        let mut entries = lock(&state.scheduler.entries);
        Claim::take_locked(&mut entries, state, unit)
    }

    fn take_locked(entries: &mut HashMap<PathBuf, Entry>, state: &Arc<State>, unit: &Unit) -> Option<Claim> {
        let entry = entries.entry(unit.root.clone()).or_default();
        (!entry.claimed).then(|| {
            entry.claimed = true;
            Claim {
                state: state.clone(),
                unit: unit.clone(),
                done: false,
            }
        })
    }

    /// After a run of generation `g`: lets the unit go if `g` is still its generation (asked
    /// under the lock that a new change's flight is started under, so no change is left
    /// unanalysed); else keeps it for another round and returns `false`.
    fn release_unless_changed(&mut self, g: u64) -> bool {
        let state = self.state.clone();
        let mut entries = lock(&state.scheduler.entries);
        if state.session.generation(&self.unit) != g {
            return false;
        }
        self.release_locked(&mut entries);
        true
    }

    /// Lets the unit go; the requests still waiting get the latest stored result (an analysis
    /// that failed or a unit that is gone leaves nothing newer).
    fn release_locked(&mut self, entries: &mut HashMap<PathBuf, Entry>) {
        self.done = true;
        if let Some(entry) = entries.remove(&self.unit.root) {
            let latest = self.state.session.latest(&self.unit);
            for (_, tx) in entry.waiters {
                let _ = tx.send(latest.clone());
            }
        }
    }

    /// Ends a run of generation `g` outside a flight (the workspace pass): the unit is let go, or
    /// a flight takes it over if it changed meanwhile or the run was cancelled (by a newer pass,
    /// which finds the flight's result stored when it gets there).
    fn finish(mut self, g: u64, analysed: bool) {
        if !analysed || !self.release_unless_changed(g) {
            tokio::spawn(flight(self));
        }
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if !self.done {
            let state = self.state.clone();
            self.release_locked(&mut lock(&state.scheduler.entries));
        }
    }
}

/// Schedules the analysis of a unit after a change of its inputs.
pub(crate) fn schedule(state: &Arc<State>, unit: Unit) {
    let debounce = Duration::from_millis(state.session.settings().debounce_ms);
    if debounce.is_zero() {
        return start(state, &unit);
    }
    let generation = state.session.generation(&unit);
    let state = state.clone();
    tokio::spawn(async move {
        tokio::time::sleep(debounce).await;
        if state.session.generation(&unit) == generation {
            start(&state, &unit); // Else a newer change waits its own debounce.
        }
    });
}

fn start(state: &Arc<State>, unit: &Unit) {
    if let Some(claim) = Claim::take(state, unit) {
        tokio::spawn(flight(claim));
    }
}

/// Analyses the claimed unit until its result is current, publishing each result that is.
async fn flight(mut claim: Claim) {
    let (state, unit) = (claim.state.clone(), claim.unit.clone());
    loop {
        if !state.session.is_live(&unit) {
            return claim.release_locked(&mut lock(&state.scheduler.entries)); // Deleted meanwhile.
        }
        let (st, u) = (state.clone(), unit.clone());
        let g = match tokio::task::spawn_blocking(move || run(&st, &u, &|| false)).await {
            Ok((g, result)) => {
                if let Some(result) = result {
                    publish::after_run(&state, &result).await;
                }
                g
            }
            Err(e) => {
                let msg = format!("dify-lsp: analysis of {} failed: {e}", unit.root.display());
                tracing::error!("{msg}");
                state.client.log_message(MessageType::ERROR, msg).await;
                state.session.generation(&unit)
            }
        };
        if claim.release_unless_changed(g) {
            return;
        }
    }
}

/// One run over a snapshot, on a blocking thread: the unit's generation in the snapshot, and
/// the result unless it went stale (or `stop()`) before the rules ran. A result is stored and
/// handed to the requests waiting for it.
fn run(state: &State, unit: &Unit, stop: &dyn Fn() -> bool) -> (u64, Option<UnitResult>) {
    let snapshot = state.session.host.snapshot();
    let g = snapshot.generation(unit);
    let stale = || stop() || state.session.generation(unit) != g;
    let Some(result) = snapshot.analyze_unless(unit, &stale) else {
        tracing::debug!("run {g} of {} cancelled", unit.root.display());
        return (g, None);
    };
    state.session.store(&result);
    if let Some(entry) = lock(&state.scheduler.entries).get_mut(&unit.root) {
        for (_, tx) in extract(&mut entry.waiters, |(at, _)| *at <= result.generation) {
            let _ = tx.send(Some(result.clone()));
        }
    }
    (g, Some(result))
}

/// The stored result if it is current (a flight or a request got there first), else a run.
fn current_or_run(state: &State, unit: &Unit, stop: &dyn Fn() -> bool) -> (u64, Option<UnitResult>) {
    let g = state.session.generation(unit);
    match state.session.latest(unit).filter(|r| r.generation == g && g != 0) {
        Some(r) => (g, Some(r)),
        None => run(state, unit, stop),
    }
}

fn extract(waiters: &mut Vec<Waiter>, pred: impl Fn(&Waiter) -> bool) -> Vec<Waiter> {
    let (out, keep) = std::mem::take(waiters).into_iter().partition(pred);
    *waiters = keep;
    out
}

/// The unit's analysis as of now (for a request): the stored one if it is at least as new as
/// the unit's inputs, else the one the flight in progress, or one started now, computes. `None`
/// when the unit is gone or its analysis failed and nothing is stored.
pub(crate) async fn result_for(state: &Arc<State>, unit: &Unit) -> Option<UnitResult> {
    let rx = {
        let mut entries = lock(&state.scheduler.entries);
        let at = state.session.generation(unit);
        // Generation 0: a unit the host does not track (nothing tells when its files change).
        if at != 0
            && let Some(r) = state.session.latest(unit).filter(|r| r.generation >= at)
        {
            return Some(r);
        }
        let (tx, rx) = oneshot::channel();
        entries.entry(unit.root.clone()).or_default().waiters.push((at, tx));
        if let Some(claim) = Claim::take_locked(&mut entries, state, unit) {
            tokio::spawn(flight(claim));
        }
        rx
    };
    rx.await.ok().flatten()
}

/// Analyses every unit of the workspace (after a walk), with work-done progress when the client
/// shows it; units a flight holds are left to it. Stops between units when a newer pass starts.
pub(crate) async fn workspace_pass(state: Arc<State>) {
    let pass = state.scheduler.passes.fetch_add(1, Ordering::SeqCst) + 1;
    let superseded = {
        let state = state.clone();
        move || state.scheduler.passes.load(Ordering::SeqCst) != pass
    };
    let units = state.session.host.workspace_units();
    let progress = match state.flags().progress {
        true => begin_progress(&state, units.len()).await,
        false => None,
    };
    for (i, chunk) in units.chunks(16).enumerate() {
        if superseded() {
            break;
        }
        let claims: Vec<Claim> = chunk.iter().filter_map(|u| Claim::take(&state, u)).collect();
        let (st, stop) = (state.clone(), superseded.clone());
        let runs = tokio::task::spawn_blocking(move || {
            use rayon::prelude::*;
            let runs: Vec<(u64, Option<UnitResult>)> =
                claims.par_iter().map(|c| current_or_run(&st, &c.unit, &stop)).collect();
            claims.into_iter().zip(runs).collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        for (claim, (g, result)) in runs {
            if let Some(result) = &result {
                publish::report_failures(&state, result).await;
                if !state.flags().pull {
                    publish::publish(&state, result).await;
                }
            }
            claim.finish(g, result.is_some());
        }
        if let Some(p) = &progress {
            let done = ((i + 1) * 16).min(units.len());
            let percentage = (done * 100 / units.len().max(1)) as u32;
            p.report_with_message(format!("{done}/{} providers", units.len()), percentage)
                .await;
        }
    }
    if let Some(p) = progress {
        p.finish_with_message(format!("{} providers analysed", units.len()))
            .await;
    }
    if state.flags().pull && state.flags().refresh {
        let _ = state.client.workspace_diagnostic_refresh().await;
    }
}

async fn begin_progress(state: &State, units: usize) -> Option<OngoingProgress<Bounded, NotCancellable>> {
    let token = NumberOrString::String(format!("dify-lsp/analysis/{}", state.client.next_request_id()));
    state.client.create_work_done_progress(token.clone()).await.ok()?;
    let progress = state.client.progress(token, "dify-lsp");
    Some(
        progress
            .with_message(format!("analysing {units} providers"))
            .with_percentage(0)
            .begin()
            .await,
    )
}
