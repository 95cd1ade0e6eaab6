//! dify-lsp: static analysis of Dify tool providers (plugins and in-tree builtin providers), served
//! over LSP and through `dify-lsp check`.
//!
//! Layers, from the bottom: [`syntax`] (text, parsers, positions), [`project`] (discovery and typed
//! views of a provider's files), [`rules`] (the catalogue), [`config`], [`host`] (the analysis
//! host: every input in one place, changes that return the units they affect, snapshots), and the
//! edges on top of the host: [`cli`] and [`lsp`].

pub mod actions;
pub mod analysis;
pub mod cli;
pub mod config;
pub mod edits;
pub mod host;
pub mod ide;
pub mod lsp;
pub mod project;
pub mod rules;
pub mod syntax;
