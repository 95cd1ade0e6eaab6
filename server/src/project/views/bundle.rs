//! A bundle's `manifest.yaml` (`type: bundle`, dify-plugin-kinds.md §9). Never read by the SDK;
//! decoded by the daemon (`Bundle`, `bundle_entities/bundle.go`; `Dependency`, `dependency.go`)
//! when the CLI packages the bundle and when it is uploaded.

use super::view;

view! {
    /// The bundle manifest's root mapping (DAEMON `Bundle`).
    BundleManifestDecl {
        /// CLI `bundle init`: `^[a-z0-9_-]{1,128}$`.
        name: "name",
        /// An I18nObject (plural, unlike a plugin's `label`).
        labels: "labels",
        /// Not a bundle field: dropped when the daemon decodes the manifest.
        label: "label",
        /// An I18nObject.
        description: "description",
        /// A file under `_assets/`.
        icon: "icon",
        /// `X.Y.Z[-suffix]` (B10).
        version: "version",
        /// CLI `bundle init`: `^[a-z0-9_-]{1,64}$`.
        author: "author",
        /// `bundle`.
        kind: "type",
        /// A list of PluginTag.
        tags: "tags",
        /// A list of `{type, value}`.
        dependencies_field: "dependencies",
        ; lists { dependencies: "dependencies" => DependencyDecl }
    }
}

view! {
    /// One entry of `dependencies` (DAEMON `Dependency`): its `value` is decoded by `type`.
    DependencyDecl {
        /// `github`, `marketplace` or `package`.
        kind: "type",
        value_field: "value",
        ; objects { value: "value" => DependencyValueDecl }
    }
}

view! {
    /// A dependency's `value`: which key counts depends on the dependency's `type`.
    DependencyValueDecl {
        /// `github`: `org/repo:<ver>/<asset>`.
        repo_pattern: "repo_pattern",
        /// `marketplace`: `org/plugin:<ver>`.
        marketplace_pattern: "marketplace_pattern",
        /// `package`: a file path relative to `_assets/`.
        path: "path",
    }
}
