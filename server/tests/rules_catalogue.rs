//! The base templates of the rule cases are clean, and the bundled examples report exactly their
//! documented mistakes. (The rule cases themselves are `tests/rule_cases.rs`.)

mod common;

use common::*;

#[test]
fn base_templates_are_clean() {
    for base in ["plugin", "intree1", "intree0"] {
        let found = findings(&fixtures().join("base").join(base));
        assert!(found.is_empty(), "base `{base}` is not clean:\n{}", show(&found));
    }
}

#[test]
fn examples_report_exactly_their_documented_mistakes() {
    // (example, how many findings at least: the tool examples show many mistakes, each example of
    // another kind a few; 0 for the clean ones, which must report nothing).
    let examples = [
        ("broken-plugin", 9),
        ("dify-1x", 9),
        ("clean-plugin", 0),
        ("endpoint-plugin", 3),
        ("agent-strategy-plugin", 3),
        ("model-plugin", 3),
        ("datasource-plugin", 3),
        ("trigger-plugin", 3),
        ("clean-kinds/endpoint", 0),
        ("clean-kinds/agent-strategy", 0),
        ("clean-kinds/model", 0),
        ("clean-kinds/datasource", 0),
        ("clean-kinds/trigger", 0),
        ("clean-bundle", 0),
    ];
    for (example, at_least) in examples {
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
        if at_least == 0 {
            assert!(actual.is_empty(), "{example} should be clean");
        } else {
            assert!(
                actual.len() >= at_least,
                "{example} should show at least {at_least} mistakes"
            );
        }
    }
}
