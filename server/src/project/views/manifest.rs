//! The plugin manifest, `manifest.yaml` (dify-format.md §6.3). Read by the SDK
//! (`PluginConfiguration`, `core/entities/plugin/setup.py`) when the plugin starts, by the daemon
//! (`PluginDeclaration`, `plugin_declaration.go`) at packaging and install, and by the API
//! (`core/plugin/entities/plugin.py`).

use super::{Field, view};

view! {
    /// The manifest's root mapping.
    ManifestDecl {
        name: "name",
        author: "author",
        version: "version",
        /// `plugin`; a bundle's manifest says `bundle`.
        kind: "type",
        icon: "icon",
        icon_dark: "icon_dark",
        created_at: "created_at",
        tags: "tags",
        meta_field: "meta",
        plugins_field: "plugins",
        resource_field: "resource",
        ; objects {
            meta: "meta" => MetaDecl,
            plugins: "plugins" => PluginsDecl,
            resource: "resource" => ResourceDecl,
        }
    }
}

view! {
    /// `meta`: the manifest spec version, the architectures and the runner.
    MetaDecl {
        /// The manifest *spec* version (daemon `version` regex).
        version: "version",
        arch: "arch",
        /// A PEP 440 version the SDK parses (SDK ≥ 0.2.0).
        minimum_dify_version: "minimum_dify_version",
        runner_field: "runner",
        ; objects { runner: "runner" => RunnerDecl }
    }
}

view! {
    /// `meta.runner`: how the daemon starts the plugin (`python -m <entrypoint>`).
    RunnerDecl {
        language: "language",
        version: "version",
        entrypoint: "entrypoint",
    }
}

view! {
    /// `plugins`: the declaration files of each kind the plugin provides.
    PluginsDecl {
        /// Exactly one tool provider YAML path.
        tools: "tools",
    }
}

impl<'a> PluginsDecl<'a> {
    /// The list of one kind's declarations; `key` comes from the table of plugin kinds
    /// (`model::PLUGIN_KINDS`: `tools`, `models`, `endpoints`, `agent_strategies`, …).
    pub(crate) fn kind(self, key: &str) -> Option<Field<'a>> {
        Field::of(self.node(), key)
    }
}

view! {
    /// `resource`: what the daemon grants the plugin.
    ResourceDecl {
        /// Bytes; the daemon requires it non-zero.
        memory: "memory",
        ; objects { permission: "permission" => PermissionDecl }
    }
}

view! {
    /// `resource.permission`.
    PermissionDecl {
        storage_field: "storage",
        ; objects { storage: "storage" => StorageDecl }
    }
}

impl<'a> PermissionDecl<'a> {
    /// A permission group (`model`, `tool`, `app`, `node`, `storage`, …) by name (§3.5 of
    /// dify-plugin-kinds.md); read as a [`PermissionGroupDecl`].
    pub(crate) fn group(self, name: &str) -> Option<PermissionGroupDecl<'a>> {
        Field::of(self.node(), name).map(|f| PermissionGroupDecl::new(f.node()))
    }
}

view! {
    /// A group of `resource.permission`: `enabled`, and per-feature flags (`llm`, `tts`, …).
    PermissionGroupDecl {
        enabled: "enabled",
    }
}

impl<'a> PermissionGroupDecl<'a> {
    /// A feature flag of the group (`model.llm`, `model.text_embedding`, …).
    pub(crate) fn flag(self, name: &str) -> Option<Field<'a>> {
        Field::of(self.node(), name)
    }
}

view! {
    /// `resource.permission.storage`: the daemon requires `size` when it is present.
    StorageDecl {
        size: "size",
    }
}
