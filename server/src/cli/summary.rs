//! What a `check` run covered, for the text summary line and the progress line: plugins by the
//! kinds their manifests declare, bundles, in-tree providers.

use crate::project::model::{PLUGIN_KINDS, declared_kinds, is_bundle_manifest};
use crate::project::{Files, Unit};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Checked {
    pub(crate) plugins: usize,
    /// Per kind (its summary name), the plugins that declare it, in the manifest schema's order;
    /// kinds no plugin declares are left out. A plugin with several kinds counts under each.
    pub(crate) kinds: Vec<(&'static str, usize)>,
    pub(crate) bundles: usize,
    pub(crate) in_tree: usize,
}

impl Checked {
    /// Sorts the units by what their manifests say (read through `files`, which caches them for
    /// the check that follows).
    pub(crate) fn of(units: &[Unit], files: &dyn Files) -> Checked {
        let mut c = Checked::default();
        let mut per_kind = vec![0; PLUGIN_KINDS.len()];
        for unit in units {
            if !unit.is_plugin() {
                c.in_tree += 1;
                continue;
            }
            // A plugin without a readable manifest is still a plugin, of no known kind.
            let manifest = files.read(&unit.root.join("manifest.yaml"));
            if manifest.as_deref().is_some_and(is_bundle_manifest) {
                c.bundles += 1;
                continue;
            }
            c.plugins += 1;
            for kind in manifest.as_deref().map(declared_kinds).unwrap_or_default() {
                if let Some(i) = PLUGIN_KINDS.iter().position(|(_, name)| *name == kind) {
                    per_kind[i] += 1;
                }
            }
        }
        c.kinds = PLUGIN_KINDS
            .iter()
            .zip(per_kind)
            .filter(|(_, n)| *n > 0)
            .map(|((_, name), n)| (*name, n))
            .collect();
        c
    }

    pub(crate) fn units(&self) -> usize {
        self.plugins + self.bundles + self.in_tree
    }

    /// `3 plugins: 2 tool, 1 endpoint; 1 bundle; 1 in-tree provider`. The kinds qualify the
    /// plugins ("2 tool [plugins]"), so they stay singular.
    pub(crate) fn phrase(&self) -> String {
        let mut groups = Vec::new();
        if self.plugins > 0 {
            let mut g = counted(self.plugins, "plugin", "plugins");
            if !self.kinds.is_empty() {
                let kinds: Vec<String> = self.kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
                g = format!("{g}: {}", kinds.join(", "));
            }
            groups.push(g);
        }
        if self.bundles > 0 {
            groups.push(counted(self.bundles, "bundle", "bundles"));
        }
        if self.in_tree > 0 {
            groups.push(counted(self.in_tree, "in-tree provider", "in-tree providers"));
        }
        if groups.is_empty() {
            return "0 units".to_string();
        }
        groups.join("; ")
    }

    /// What the progress line counts: the one kind of unit there is, or `units` when mixed.
    pub(crate) fn noun(&self) -> &'static str {
        match (self.plugins > 0, self.bundles > 0, self.in_tree > 0) {
            (_, false, false) => "plugins",
            (false, true, false) => "bundles",
            (false, false, true) => "in-tree providers",
            _ => "units",
        }
    }
}

fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_name_each_group_with_its_number() {
        let c = Checked {
            plugins: 3,
            kinds: vec![("tool", 2), ("endpoint", 2)],
            bundles: 1,
            in_tree: 1,
        };
        assert_eq!(
            c.phrase(),
            "3 plugins: 2 tool, 2 endpoint; 1 bundle; 1 in-tree provider"
        );
        assert_eq!(c.noun(), "units");
        let one = Checked {
            plugins: 1,
            ..Checked::default()
        };
        assert_eq!(one.phrase(), "1 plugin");
        assert_eq!(one.noun(), "plugins");
        let in_tree = Checked {
            in_tree: 4,
            ..Checked::default()
        };
        assert_eq!(in_tree.phrase(), "4 in-tree providers");
        assert_eq!(in_tree.noun(), "in-tree providers");
        assert_eq!(Checked::default().phrase(), "0 units");
    }
}
