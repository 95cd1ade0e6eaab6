//! Every rule has a failing and a passing case on real files (tests/fixtures/rules/<CODE>/), and
//! each case reports exactly what its `# expect:` markers say. The bundled examples too.

mod common;

use common::*;
use dify_lsp::rules;

#[test]
fn base_templates_are_clean() {
    for base in ["plugin", "intree1", "intree0"] {
        let found = findings(&fixtures().join("base").join(base));
        assert!(found.is_empty(), "base `{base}` is not clean:\n{}", show(&found));
    }
}

#[test]
fn every_rule_has_a_failing_and_a_passing_case() {
    let mut problems = Vec::new();
    for rule in rules::all() {
        let dir = fixtures().join("rules").join(rule.code);
        let cases: Vec<_> = std::fs::read_dir(&dir)
            .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect())
            .unwrap_or_default();
        let fails: Vec<_> = cases
            .iter()
            .filter(|c| c.file_name().unwrap().to_string_lossy().starts_with("fail"))
            .collect();
        let passes: Vec<_> = cases
            .iter()
            .filter(|c| c.file_name().unwrap().to_string_lossy().starts_with("pass"))
            .collect();
        if fails.is_empty() || passes.is_empty() {
            problems.push(format!(
                "{}: needs fail* and pass* cases in {}",
                rule.code,
                dir.display()
            ));
            continue;
        }
        for case in cases {
            let tmp = materialize(&case);
            let expected = markers(tmp.path());
            let actual = findings(tmp.path());
            let name = format!("{}/{}", rule.code, case.file_name().unwrap().to_string_lossy());
            if expected != actual {
                let missing: std::collections::BTreeSet<_> = expected.difference(&actual).cloned().collect();
                let extra: std::collections::BTreeSet<_> = actual.difference(&expected).cloned().collect();
                problems.push(format!(
                    "{name}: expected but not reported:\n{}\n  reported but not expected:\n{}",
                    show(&missing),
                    show(&extra)
                ));
            }
            let is_fail = case.file_name().unwrap().to_string_lossy().starts_with("fail");
            let mentions = expected.iter().any(|(_, _, c)| c == rule.code);
            if is_fail != mentions {
                problems.push(format!(
                    "{name}: a fail case must expect {0}, a pass case must not",
                    rule.code
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn examples_report_exactly_their_documented_mistakes() {
    for example in ["broken-plugin", "dify-1x", "clean-plugin"] {
        let root = repo().join("examples").join(example);
        let expected = markers(&root);
        let actual = findings(&root);
        assert_eq!(
            expected,
            actual,
            "{example}:\nexpected:\n{}\nactual:\n{}",
            show(&expected),
            show(&actual)
        );
        if example == "clean-plugin" {
            assert!(actual.is_empty());
        } else {
            assert!(actual.len() >= 9, "{example} should show many mistakes");
        }
    }
}
