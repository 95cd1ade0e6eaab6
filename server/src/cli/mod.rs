//! The command line: `dify-lsp check`, `dify-lsp rules`, `dify-lsp explain`.

pub(crate) mod check;
pub(crate) mod output;
pub(crate) mod summary;

use crate::rules;
use std::io::Write;

pub(crate) const USAGE: &str = "\
dify-lsp — language server and checker for Dify tool providers

Usage:
  dify-lsp [serve] [--log-file FILE]    run the language server on stdin/stdout
  dify-lsp check [PATH ...] [options]   check plugins and in-tree providers (default: .)
  dify-lsp rules [--format text|json|markdown]
  dify-lsp explain CODE                 print a rule's documentation
  dify-lsp --version

Check options:
  --format text|json|sarif|github       output format (default: text)
  --select CODES / --ignore CODES       comma-separated codes or prefixes (e.g. DIFY6)
  --target-dify-version VERSION         the Dify release in-tree providers run on
  --fix                                 apply the safe fixes (files are written atomically)
  --no-progress                         never show progress on the terminal

Exit status: 0 no errors, 1 errors found, 2 usage or I/O failure.
";

/// Runs the CLI with the arguments after the program name; returns the exit status.
pub fn run(args: &[String]) -> i32 {
    match args.first().map(String::as_str) {
        None | Some("serve") | Some("--stdio") => return serve(args.get(1..).unwrap_or(&[])),
        Some("--log-file") => return serve(args),
        _ => init_logging(None),
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = match args.first().map(String::as_str) {
        Some("check") => check::run(&args[1..], &mut out),
        Some("rules") => print_rules(&args[1..], &mut out),
        Some("explain") => explain(&args[1..], &mut out),
        Some("--version" | "-V" | "version") => writeln!(out, "dify-lsp {}", env!("CARGO_PKG_VERSION"))
            .map(|_| 0)
            .map_err(|e| e.to_string()),
        Some("--help" | "-h" | "help") => write!(out, "{USAGE}").map(|_| 0).map_err(|e| e.to_string()),
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
        None => unreachable!("no arguments serve"),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            // A closed pipe (`| head`) is not a failure worth a message.
            if !message.contains("Broken pipe") {
                eprintln!("dify-lsp: {message}");
            }
            2
        }
    }
}

/// Logs go to stderr or a file, never stdout (which carries the protocol in `serve`).
fn init_logging(file: Option<&str>) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("RUST_LOG").unwrap_or_else(|_| "warn".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let file = file.and_then(|f| std::fs::OpenOptions::new().create(true).append(true).open(f).ok());
    let _ = match file {
        Some(f) => builder
            .with_ansi(false)
            .with_writer(std::sync::Mutex::new(f))
            .try_init(),
        None => builder.with_writer(std::io::stderr).try_init(),
    };
}

fn serve(args: &[String]) -> i32 {
    let mut log_file = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--log-file" => log_file = it.next().cloned(),
            "--stdio" => {}
            other => {
                eprintln!("dify-lsp: unknown option `{other}` for serve\n\n{USAGE}");
                return 2;
            }
        }
    }
    init_logging(log_file.as_deref());
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("dify-lsp: cannot start the runtime: {e}");
            return 2;
        }
    };
    let code = runtime.block_on(crate::lsp::serve_stdio());
    // Pending debounce timers and analyses must not hold the exit up.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    code
}

fn print_rules(args: &[String], out: &mut dyn Write) -> Result<i32, String> {
    let format = match args {
        [] => "text",
        [flag, f] if flag == "--format" => f.as_str(),
        _ => return Err("usage: dify-lsp rules [--format text|json|markdown]".into()),
    };
    let rules = rules::all();
    let io = |e: std::io::Error| e.to_string();
    match format {
        "text" => {
            for r in &rules {
                writeln!(
                    out,
                    "{}  {:<8} {:<36} {}",
                    r.code,
                    r.severity().as_str(),
                    r.name,
                    r.summary
                )
                .map_err(io)?;
            }
        }
        "json" => {
            let list: Vec<serde_json::Value> = rules
                .iter()
                .map(|r| serde_json::json!({"code": r.code, "name": r.name, "severity": r.severity().as_str(), "grade": r.grade.as_str(), "layouts": r.layouts.names(), "spec": r.spec, "source": r.source, "summary": r.summary, "doc": r.doc}))
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?
            )
            .map_err(io)?;
        }
        "markdown" => write!(out, "{}", rules_markdown()).map_err(io)?,
        other => return Err(format!("unknown format `{other}` (text, json or markdown)")),
    }
    Ok(0)
}

/// The rule table README.md embeds (kept current by a test).
pub fn rules_markdown() -> String {
    let mut s = String::from(
        "| Code | Name | Severity | Applies to | Spec | What it checks | Enforced by |\n|---|---|---|---|---|---|---|\n",
    );
    for r in rules::all() {
        let cell = |t: &str| t.replace('|', "\\|");
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            r.code,
            r.name,
            r.severity().as_str(),
            r.layouts.short(),
            r.spec,
            cell(r.summary),
            cell(r.source)
        ));
    }
    s
}

fn explain(args: &[String], out: &mut dyn Write) -> Result<i32, String> {
    let [code] = args else {
        return Err("usage: dify-lsp explain CODE".into());
    };
    let Some(r) = rules::by_code(code) else {
        let codes: Vec<&str> = rules::all().iter().map(|r| r.code).collect();
        return Err(format!(
            "unknown rule code `{code}`{}; `dify-lsp rules` lists them",
            rules::did_you_mean(code, &codes)
        ));
    };
    writeln!(out, "{}", explain_text(r)).map_err(|e| e.to_string())?;
    Ok(0)
}

/// A rule's documentation as `dify-lsp explain` prints it (Markdown: also `docs/rules/<CODE>.md`,
/// the page each diagnostic links to).
pub fn explain_text(r: &rules::Rule) -> String {
    format!(
        "{} {} ({}, spec {})\n\n{}.\n\n{}\n\nApplies to: {}.\nEnforced by: {}",
        r.code,
        r.name,
        r.severity().as_str(),
        r.spec,
        r.summary,
        r.doc,
        r.layouts.describe(),
        r.source
    )
}

/// The page of a rule in `docs/rules/` (a test keeps them current).
pub fn rule_page(r: &rules::Rule) -> String {
    format!("# {}\n", explain_text(r).replace("\nEnforced by:", "\n\nEnforced by:"))
}
