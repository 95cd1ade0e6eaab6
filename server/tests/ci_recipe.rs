//! The GitHub Actions recipe (`docs/ci/github-actions.yml`) parses, and the commands it runs do
//! what it says when run here: each `run:` step that calls `uvx dify-lsp` runs with this build's
//! binary in place of `uvx dify-lsp`, in a copy of the broken example: the annotations step prints
//! `::error` lines and fails, the SARIF step writes a SARIF 2.1.0 log with the findings and
//! succeeds, and the upload step uploads that very file. The release workflow (wheels for PyPI)
//! parses and covers Linux, macOS and Windows.

mod common;

use common::*;
use std::process::Command;

fn recipe() -> serde_yaml::Value {
    let text = std::fs::read_to_string(repo().join("docs/ci/github-actions.yml")).unwrap();
    serde_yaml::from_str(&text).expect("the recipe is YAML")
}

fn steps(recipe: &serde_yaml::Value) -> Vec<serde_yaml::Value> {
    recipe["jobs"]["check"]["steps"]
        .as_sequence()
        .expect("jobs.check.steps")
        .clone()
}

/// Runs a step's shell command with `uvx dify-lsp` standing for this build's binary.
fn run_step(command: &str, dir: &std::path::Path) -> std::process::Output {
    assert!(command.contains("uvx dify-lsp "), "{command}");
    let local = command.replace("uvx dify-lsp ", &format!("{} ", env!("CARGO_BIN_EXE_dify-lsp")));
    // GitHub runs `run:` with `bash -e {0}`.
    Command::new("bash")
        .args(["-e", "-c", &local])
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn the_recipe_is_a_workflow_for_pushes_and_pull_requests() {
    let r = recipe();
    let on = &r["on"];
    assert!(on.get("push").is_some() && on.get("pull_request").is_some());
    assert_eq!(r["permissions"]["security-events"].as_str(), Some("write"));
    let all = steps(&r);
    let uses: Vec<&str> = all
        .iter()
        .filter_map(|s| s["uses"].as_str())
        .map(|u| u.split('@').next().unwrap())
        .collect();
    for action in [
        "actions/checkout",
        "astral-sh/setup-uv",
        "github/codeql-action/upload-sarif",
    ] {
        assert!(uses.contains(&action), "the recipe uses {action}: {uses:?}");
    }
}

#[test]
fn the_recipes_commands_annotate_and_write_the_sarif_it_uploads() {
    let r = recipe();
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("examples/broken-plugin"), &tmp.path().join("plugin"));
    let all = steps(&r);
    let runs: Vec<(&serde_yaml::Value, &str)> = all
        .iter()
        .filter_map(|s| s["run"].as_str().map(|c| (s, c)))
        .filter(|(_, c)| c.contains("dify-lsp"))
        .collect();
    assert_eq!(runs.len(), 2, "an annotations step and a SARIF step");

    let (_, annotate) = runs[0];
    assert!(annotate.contains("--format github"));
    let out = run_step(annotate, tmp.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "errors fail the job");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("::error file=plugin/tools/search.yaml,line=")),
        "{stdout}"
    );

    let (sarif_step, sarif) = runs[1];
    assert_eq!(
        sarif_step["if"].as_str(),
        Some("always()"),
        "SARIF is written even when the job failed"
    );
    let out = run_step(sarif, tmp.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let upload = all
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif"))
        })
        .unwrap();
    assert_eq!(upload["if"].as_str(), Some("always()"));
    let file = upload["with"]["sarif_file"].as_str().expect("with.sarif_file");
    let log: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join(file)).expect("the step wrote the uploaded file"),
    )
    .expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert!(results.len() >= 9, "{} results", results.len());
    assert!(
        results
            .iter()
            .all(|r| r["ruleId"].as_str().is_some_and(|id| id.starts_with("DIFY")))
    );
}

#[test]
fn the_release_workflow_builds_wheels_for_every_platform_and_publishes_on_tags() {
    let text = std::fs::read_to_string(repo().join(".github/workflows/release.yml")).unwrap();
    let w: serde_yaml::Value = serde_yaml::from_str(&text).expect("the release workflow is YAML");
    let matrix = w["jobs"]["wheels"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap();
    let oses: Vec<&str> = matrix.iter().filter_map(|m| m["os"].as_str()).collect();
    for os in ["ubuntu", "macos", "windows"] {
        assert!(oses.iter().any(|o| o.starts_with(os)), "{os}: {oses:?}");
    }
    let steps = w["jobs"]["publish"]["steps"].as_sequence().unwrap();
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("pypa/gh-action-pypi-publish"))
    }));
    assert_eq!(w["jobs"]["publish"]["permissions"]["id-token"].as_str(), Some("write"));
}
