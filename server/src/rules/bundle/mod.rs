//! Bundle manifests (`type: bundle`, dify-plugin-kinds.md §1.6 U1–U8 and §9): a bundle lists
//! plugins to install together. The SDK never reads it; the daemon's CLI packages it and the
//! daemon decodes it at upload. The engine runs this family (and YAML syntax) on bundles only,
//! and no other family on them.

pub(crate) mod bundle_dependency;
pub(crate) mod bundle_field;
pub(crate) mod bundle_files;
pub(crate) mod bundle_icon;
pub(crate) mod bundle_package_missing;
pub(crate) mod bundle_shape;

use super::Ctx;
use crate::project::views::{BundleManifestDecl, Field};
use crate::rules::manifest::version_format::daemon_version_ok;

pub(crate) fn check(cx: &mut Ctx) {
    let Some(m) = cx.project.manifest.clone() else {
        return;
    };
    let assets = cx.files.is_dir(&cx.unit().root.join("_assets"));
    let root = BundleManifestDecl::of(&m).filter(|r| r.is_mapping());
    bundle_files::check(cx, &m, root, assets);
    let Some(root) = root else {
        return;
    };
    bundle_shape::check(cx, &m, root);
    bundle_field::check(cx, &m, root);
    if assets {
        bundle_icon::check(cx, &m, root);
    }
    for dep in root.dependencies() {
        if !dep.is_mapping() {
            continue; // bundle-shape: the upload cannot decode it.
        }
        match dep.kind().and_then(Field::text) {
            Some("package") => bundle_package_missing::check(cx, &m, dep),
            _ => bundle_dependency::check(cx, &m, dep),
        }
    }
}

/// The CLI's identifier pattern: `^[a-z0-9_-]{1,max}$`.
pub(super) fn identifier_ok(s: &str, max: usize) -> bool {
    (1..=max).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// A version in a dependency pattern (DAEMON `dependency.go`): `[~^]?X.Y.Z[-suffix]`, `X.x.x`
/// (each part digits or `x`), or a range `A.B.C-D.E.F` (each side a plugin version).
pub(super) fn pattern_version_ok(v: &str) -> bool {
    let x_part =
        |p: &str| p.eq_ignore_ascii_case("x") || ((1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    let exact = daemon_version_ok(v.strip_prefix(['~', '^']).unwrap_or(v));
    let parts: Vec<&str> = v.split('.').collect();
    let xs = parts.len() == 3 && parts.iter().all(|p| x_part(p));
    let range = v
        .match_indices('-')
        .any(|(i, _)| daemon_version_ok(&v[..i]) && daemon_version_ok(&v[i + 1..]));
    exact || xs || range
}

/// `org/name:<ver>` (marketplace) or `org/repo:<ver>/<asset>` (GitHub), as the CLI checks them.
pub(super) fn pattern_ok(pattern: &str, github: bool) -> bool {
    let Some((org, rest)) = pattern.split_once('/') else {
        return false;
    };
    let Some((name, rest)) = rest.split_once(':') else {
        return false;
    };
    let version = if github {
        match rest.rsplit_once('/') {
            Some((v, asset)) if !asset.is_empty() => v,
            _ => return false,
        }
    } else {
        rest
    };
    identifier_ok(org, 64) && identifier_ok(name, 128) && pattern_version_ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_read_as_the_daemon_reads_them() {
        for ok in [
            "1.0.0",
            "^1.0.0",
            "~1.0.0",
            "1.x.x",
            "1.X.2",
            "1.0.0-2.0.0",
            "1.0.0-beta",
            "1.0.0-beta-2.0.0",
        ] {
            assert!(pattern_version_ok(ok), "{ok}");
        }
        for bad in ["v1.0.0", "1.0", "latest", "^1.x.x", "1.0.0-", "", "1.0.0-2.0"] {
            assert!(!pattern_version_ok(bad), "{bad}");
        }
        assert!(pattern_ok("acme/demo:0.0.1", false));
        assert!(!pattern_ok("acme/demo", false));
        assert!(!pattern_ok("Acme/demo:0.0.1", false));
        assert!(!pattern_ok("acme/demo:0.0.1/x.difypkg", false));
        assert!(pattern_ok("acme/demo-tools:0.0.1/demo.difypkg", true));
        assert!(pattern_ok("acme/demo:1.0.0-2.0.0/*.difypkg", true));
        assert!(!pattern_ok("acme/demo:0.0.1", true));
        assert!(!pattern_ok("acme/demo:0.0.1/", true));
        assert!(!pattern_ok("acme/demo:v0.0.1/demo.difypkg", true));
    }
}
