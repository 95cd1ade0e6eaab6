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
