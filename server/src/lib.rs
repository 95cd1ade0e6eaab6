//! dify-lsp: static analysis of Dify tool providers (plugins and in-tree builtin providers), served
//! over LSP and through `dify-lsp check`.
//!
//! Layers, from the bottom: [`syntax`] (text, parsers, positions), [`project`] (discovery and typed
//! views of a provider's files), `edits` (actions as data: edits, new files, renames), [`rules`]
//! (the catalogue: one file per rule, with its check, documentation and quick fix), [`config`]
//! (which depends on the catalogue, not the other way round), [`actions`] (the quick fixes,
//! snippets and "fix all" offered for a unit), [`host`] (the analysis host: every input in one
//! place, changes that return the units they affect, snapshots), and the edges on top of the host:
//! [`cli`] and [`lsp`].
//!
//! The public surface is what the binary (`src/main.rs`), the integration tests and the benchmark
//! use. Each layer below is a public module so that those paths stay put; inside it, only what
//! they use is `pub` and everything else is `pub(crate)`. `edits` is internal: `actions`
//! re-exports its data types.

// The facade: the binary, the tests and the benchmark reach these.
pub mod actions;
pub mod analysis;
pub mod cli;
pub mod config;
pub mod host;
pub mod lsp;
pub mod project;
pub mod rules;
pub mod syntax;

// Internal layers. (`ide`, the editor features the LSP edge serves, is being reworked on its own
// branch; it stays public until then.)
pub(crate) mod edits;
pub mod ide;
