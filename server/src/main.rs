fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("RUST_LOG"))
        .init();
    std::process::exit(dify_lsp::cli::run(&args));
}
