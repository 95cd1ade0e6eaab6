//! DIFY420: an endpoint's `path` or `method` that werkzeug or the daemon refuses (E6, E7a, E7b).

use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static ENDPOINT_ROUTE: Rule = Rule {
    code: "DIFY420",
    name: "endpoint-route",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "E6, E7a, E7b",
    source: "SDK `_resolve_endpoints` (werkzeug `Rule`, `Map.add`); DAEMON `endpoint_declaration.go` (`is_available_endpoint_method`), `/e/:hook_id/*path`",
    summary: "An endpoint `path` without its leading `/` or with an unknown converter, or a `method` the daemon does not serve",
    doc: "The SDK routes endpoints with werkzeug when the plugin starts: a `path` must start with `/` (`URL rule \
'hello' must start with a slash.`) and use werkzeug's converters (`<name>`, `<int:n>`, `<float:x>`, `<path:p>`, \
`<uuid:u>`, `<any(a, b):v>`; otherwise `the converter 'foo' does not exist`), or the plugin does not start. The \
daemon serves `HEAD`, `GET`, `POST`, `PUT`, `DELETE` and `OPTIONS` only, and remote debugging checks the method \
case-sensitively: a lower-case `post` works packaged but fails debugging, and any other method is never reached.

**Example**

```yaml
# endpoints/hello.yaml
path: hello/<name>
method: post
```

Use instead:

```yaml
# endpoints/hello.yaml
path: /hello/<name>
method: POST
```",
    fix: None,
};

const METHODS: [&str; 6] = ["HEAD", "GET", "POST", "PUT", "DELETE", "OPTIONS"];
const CONVERTERS: [&str; 7] = ["default", "string", "any", "path", "int", "float", "uuid"];

/// `decl` is an endpoint declaration: a whole endpoint YAML, or an inline mapping in a group.
pub(super) fn check(cx: &mut Ctx, file: &Arc<SourceFile>, decl: &Node) {
    let endpoint = crate::project::views::EndpointDecl::new(decl);
    if let Some(path) = endpoint.path().map(crate::project::views::Field::node)
        && let Some(p) = path.as_str()
    {
        if !p.starts_with('/') {
            cx.report(
                &ENDPOINT_ROUTE,
                file,
                path.span,
                format!("the path `{p}` does not start with `/`: werkzeug refuses it when the plugin starts (`URL rule '{p}' must start with a slash.`); write `/{p}`"),
            )
            .replacement = Some(format!("/{p}"));
        }
        for converter in converters(p) {
            if !CONVERTERS.contains(&converter) {
                cx.report(
                    &ENDPOINT_ROUTE,
                    file,
                    path.span,
                    format!("the path uses the converter `{converter}`, which werkzeug does not know: the plugin does not start (`the converter '{converter}' does not exist`); use {}", crate::rules::one_of(&CONVERTERS[1..])),
                );
            }
        }
    }
    if let Some(method) = endpoint.method().map(crate::project::views::Field::node)
        && let Some(m) = method.as_str()
        && !METHODS.contains(&m)
    {
        let upper = m.to_ascii_uppercase();
        if METHODS.contains(&upper.as_str()) {
            let message = format!(
                "the method `{m}` is lower-case: it works packaged, but remote debugging rejects it (`is_available_endpoint_method`); write `{upper}`"
            );
            cx.report(&ENDPOINT_ROUTE, file, method.span, message).replacement = Some(upper);
        } else {
            cx.report(
                &ENDPOINT_ROUTE,
                file,
                method.span,
                format!("the method `{m}` is never served: the daemon routes only {} to endpoints, and remote debugging rejects it", crate::rules::one_of(&METHODS)),
            );
        }
    }
}

/// The converter names of a werkzeug rule: `<int:n>` → `int`, `<any(a, b):v>` → `any`.
fn converters(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else { break };
        let inner = &rest[open + 1..open + close];
        if let Some((conv, _)) = inner.rsplit_once(':') {
            let name = conv.split('(').next().unwrap_or(conv).trim();
            out.push(name);
        }
        rest = &rest[open + close + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::converters;

    #[test]
    fn converters_are_read_from_the_rule() {
        assert_eq!(converters("/a/<name>/<int:n>/<any(x, y):v>"), vec!["int", "any"]);
        assert!(converters("/plain").is_empty());
    }
}
